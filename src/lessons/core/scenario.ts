/**
 * Content names its scenario by sample (public/scenarios/<name>.yaml, held parsed by the
 * caller) or carries the document inline (validated here by the scenario schema, so a typo in
 * a lesson fails the content test at the field, like a bad file would).
 */
import type { FaultSpec, LabResult, Scenario } from '../../engine';
import { createLab } from '../../engine/lab-core';
import { validateScenario } from '../../engine/model/scenario';
import type { ScenarioSource } from '../types';

/** sample name → parsed scenario: the UI passes its bundled samples, tests and scripts read public/scenarios */
export type Samples = Readonly<Record<string, Scenario>>;

export function scenarioOfSource(src: ScenarioSource, samples: Samples): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  if ('sample' in src) {
    const s = samples[src.sample];
    return s ? { ok: true, scenario: s } : { ok: false, error: `no sample scenario named "${src.sample}"` };
  }
  const r = validateScenario(src.inline);
  if (!r.ok) return { ok: false, error: r.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  return { ok: true, scenario: r.scenario };
}

/** The lab of a content scenario with `faults` added after the scenario's own (a fix step's breakage). */
export function labOfSource(src: ScenarioSource, faults: readonly FaultSpec[], samples: Samples): LabResult {
  const s = scenarioOfSource(src, samples);
  if (!s.ok) return { ok: false, errors: [{ path: 'scenario', message: s.error }] };
  return createLab(faults.length ? { ...s.scenario, faults: [...s.scenario.faults, ...faults] } : s.scenario);
}
