/**
 * The sample scenarios of public/scenarios, bundled pre-parsed (samples.json) so the lab needs
 * neither a YAML parser nor the validator to open; the JSON arrives with the engine
 * (sample-data.ts), not with the first load. scenarios.test.ts pins
 * samples.json to what the engine parses from the YAML files; after editing or adding a
 * sample, regenerate it with `npx vitest run src/ui/store/scenarios.test.ts --update` (the path first:
 * vitest 4 reads `-u <path>` as an update mode and runs every suite). samples.json holds the
 * schema's own output (defaults filled in), so the page builds labs from it without loading the
 * validator; the test is what guarantees it is valid.
 */
import type { Lab, Scenario } from '../../engine';
import { engine } from './engine-runtime';
import { formatScenarioError } from '../../engine/shell';
import { bundledSamples, DEFAULT_SCENARIO_ID } from './sample-data';

export { DEFAULT_SCENARIO_ID, SAMPLE_IDS } from './sample-data';

/** A sample's scenario as bundled (no lab built): for lists and editors. */
export function sampleScenario(id: string): Scenario | undefined {
  return bundledSamples()[id];
}

/** A sample's lab. Throws only if the bundled data is broken (the unit test guards it). */
export function loadSample(id: string): { scenario: Scenario; lab: Lab } {
  const bundled = bundledSamples();
  if (!(id in bundled)) throw new Error(`no sample scenario ${id}`);
  const r = engine().createLab(bundled[id]);
  if (!r.ok) throw new Error(`sample scenario ${id} is invalid: ${r.errors.map((e) => formatScenarioError(e)).join('; ')}`);
  return { scenario: r.lab.scenario, lab: r.lab };
}

export function loadDefault(): { scenario: Scenario; lab: Lab } {
  return loadSample(DEFAULT_SCENARIO_ID);
}
