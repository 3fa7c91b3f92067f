/**
 * The sample scenarios shipped in public/scenarios, bundled as text (they are small) so the
 * default lab needs no network round trip. The first load shows `flannel-vxlan`.
 */
import { labFromText, type Lab, type Scenario } from '../../engine';

const files = import.meta.glob('../../../public/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface SampleScenario {
  /** file name without extension: `flannel-vxlan` */
  readonly id: string;
  readonly text: string;
}

export const SAMPLE_SCENARIOS: readonly SampleScenario[] = Object.entries(files)
  .map(([path, text]) => ({ id: path.replace(/^.*\/([^/]+)\.yaml$/, '$1'), text }))
  .sort((a, b) => (a.id === DEFAULT_SCENARIO_ID ? -1 : b.id === DEFAULT_SCENARIO_ID ? 1 : a.id.localeCompare(b.id)));

export const DEFAULT_SCENARIO_ID = 'flannel-vxlan';

/** Loads a bundled sample. Throws only if a shipped file is broken — a build-time bug, caught by the unit tests. */
export function loadSample(id: string): { scenario: Scenario; lab: Lab } {
  const sample = SAMPLE_SCENARIOS.find((s) => s.id === id);
  if (!sample) throw new Error(`no sample scenario ${id}`);
  const r = labFromText(sample.text);
  if (!r.ok) throw new Error(`sample scenario ${id} is invalid: ${r.errors.map((e) => e.message).join('; ')}`);
  return { scenario: r.lab.scenario, lab: r.lab };
}

export function loadDefault(): { scenario: Scenario; lab: Lab } {
  return loadSample(DEFAULT_SCENARIO_ID);
}
