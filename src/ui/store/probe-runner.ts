/**
 * Runs a probe through the engine without letting an engine exception reach React: the
 * error becomes a message for the verdict panel and the flow log.
 */
import type { Lab, ProbeSpec, Scenario, Trace } from '../../engine';
import { engine } from './engine-runtime';

export type ProbeOutcome = { readonly ok: true; readonly lab: Lab; readonly trace: Trace } | { readonly ok: false; readonly lab: Lab; readonly error: string };

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function safeRunProbe(lab: Lab, probe: ProbeSpec): ProbeOutcome {
  try {
    const r = engine().runProbe(lab, probe);
    return { ok: true, lab: r.lab, trace: r.trace };
  } catch (e) {
    return { ok: false, lab, error: errorText(e) };
  }
}

/** A probe on a fresh lab built from `scenario` (comparison, binary searches): nothing learned before. */
export function probeOnFreshLab(scenario: Scenario, probe: ProbeSpec): { ok: true; trace: Trace } | { ok: false; error: string } {
  const built = engine().createLab(scenario);
  if (!built.ok) return { ok: false, error: built.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  const r = safeRunProbe(built.lab, probe);
  return r.ok ? { ok: true, trace: r.trace } : { ok: false, error: r.error };
}
