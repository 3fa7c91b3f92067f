/**
 * The specs' source of truth: the same engine the page runs, called directly in Node, so
 * each spec compares the page against the trace the engine computes for the same inputs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLab, runProbe, type Lab, type ProbeSpec, type Scenario, type Trace } from '../src/engine';
import { labFromText } from '../src/engine/io';

export function sampleScenario(id: string): Scenario {
  const path = fileURLToPath(new URL(`../public/scenarios/${id}.yaml`, import.meta.url));
  const r = labFromText(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(`${id}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.lab.scenario;
}

export function labOf(s: Scenario): Lab {
  const r = createLab(s);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.lab;
}

/** Runs probes in order on one evolving lab, as the page does. */
export function traces(s: Scenario, probes: readonly ProbeSpec[]): Trace[] {
  let lab = labOf(s);
  return probes.map((p) => {
    const r = runProbe(lab, p);
    lab = r.lab;
    return r.trace;
  });
}

/** A scenario kept as a data file beside the specs (e2e/data). */
export function dataScenario(file: string): Scenario {
  const path = fileURLToPath(new URL(`./data/${file}`, import.meta.url));
  const r = labFromText(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.lab.scenario;
}
