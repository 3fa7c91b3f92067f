/**
 * The sample scenarios of public/scenarios, bundled pre-parsed (samples.json) so the first
 * load needs neither a network round trip nor a YAML parser. scenarios.test.ts pins
 * samples.json to what the engine parses from the YAML files; after editing or adding a
 * sample, regenerate it with `npx vitest run src/ui/store/scenarios.test.ts --update` (the path first:
 * vitest 4 reads `-u <path>` as an update mode and runs every suite). samples.json holds the
 * schema's own output (defaults filled in), so the page builds labs from it without loading the
 * validator; the test is what guarantees it is valid.
 */
import type { Lab, Scenario } from '../../engine';
import { engine } from './engine-runtime';
import { formatScenarioError } from '../../engine/shell';
import samples from './samples.json';

export const DEFAULT_SCENARIO_ID = 'flannel-vxlan';

const bundled = samples as unknown as Readonly<Record<string, Scenario>>;

/** Sample ids (file names without `.yaml`), the default first. */
export const SAMPLE_IDS: readonly string[] = Object.keys(bundled).sort((a, b) =>
  // plain code-unit order: localeCompare would start ICU on the startup path
  a === DEFAULT_SCENARIO_ID ? -1 : b === DEFAULT_SCENARIO_ID ? 1 : a < b ? -1 : a > b ? 1 : 0,
);

/** A sample's scenario as bundled (no lab built): for lists and editors. */
export function sampleScenario(id: string): Scenario | undefined {
  return bundled[id];
}

/** A sample's lab. Throws only if the bundled data is broken (the unit test guards it). */
export function loadSample(id: string): { scenario: Scenario; lab: Lab } {
  if (!(id in bundled)) throw new Error(`no sample scenario ${id}`);
  const r = engine().createLab(bundled[id]);
  if (!r.ok) throw new Error(`sample scenario ${id} is invalid: ${r.errors.map((e) => formatScenarioError(e)).join('; ')}`);
  return { scenario: r.lab.scenario, lab: r.lab };
}

export function loadDefault(): { scenario: Scenario; lab: Lab } {
  return loadSample(DEFAULT_SCENARIO_ID);
}
