/**
 * The bundled sample scenarios (samples.json, pinned by scenarios.test.ts), loaded with the
 * datapath engine rather than with the page: only the lab needs them, and the lab renders once
 * the engine has arrived (store/engine-runtime.ts awaits `loadSamples()` beside the engine), so
 * their ~30 kB of JSON stays out of the first load. Read them through store/scenarios.ts.
 */
import type { Scenario } from '../../engine';

export const DEFAULT_SCENARIO_ID = 'flannel-vxlan';

type Samples = Readonly<Record<string, Scenario>>;

let bundled: Samples | null = null;
let loading: Promise<Samples> | null = null;

/**
 * Sample ids (file names without `.yaml`), the default first; empty until `loadSamples()`
 * resolved (an ES live binding: importers see the filled list).
 */
export let SAMPLE_IDS: readonly string[] = [];

export function loadSamples(): Promise<Samples> {
  if (bundled) return Promise.resolve(bundled);
  loading ??= import('./samples.json').then(
    (m) => {
      bundled = m.default as unknown as Samples;
      SAMPLE_IDS = Object.keys(bundled).sort((a, b) =>
        // plain code-unit order: localeCompare would start ICU on the startup path
        a === DEFAULT_SCENARIO_ID ? -1 : b === DEFAULT_SCENARIO_ID ? 1 : a < b ? -1 : a > b ? 1 : 0,
      );
      return bundled;
    },
    (e: unknown) => {
      loading = null; // a failed download may be retried, as the engine's
      throw e;
    },
  );
  return loading;
}

/** The loaded samples. Throws before `loadSamples()` resolved: a bug in the page, not in the input. */
export function bundledSamples(): Samples {
  if (!bundled) throw new Error('the sample scenarios are used before they have loaded');
  return bundled;
}
