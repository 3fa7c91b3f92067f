/**
 * Repairs survive a rebuild. A Lab is `createLab(scenario)` (faults applied first) followed by
 * `lab.edits` replayed in order through the terminal's own command table. API edits that the
 * scenario can hold (Services, policies, CoreDNS replicas, the kube-proxy mode) change the
 * scenario and rebuild from it; what the kernels remember (conntrack, PMTU, ARP) is kept
 * across that rebuild, as a kube-proxy resync or a new CoreDNS pod leaves a node's kernel alone.
 */
import { createLab, type Lab, type LabEdit, type LabResult } from '../../lab-core';
import type { KernelState } from '../../model/kernel-state';
import type { Scenario } from '../../model/scenario-schema';
import { runNested } from '../registry';

/** Runs each edit again on `lab` (which starts with none); an edit the new state refuses is dropped. */
export function replayEdits(lab: Lab, edits: readonly LabEdit[]): Lab {
  let cur: Lab = { ...lab, edits: [] };
  for (const e of edits) {
    const r = runNested(cur, e.where, e.argv, e.stdin);
    if (r.exitCode === 0) cur = r.lab;
  }
  return cur;
}

/** The lab for `scenario` with these repairs replayed after its faults; `kernel`: keep what the kernels remember. */
export function rebuildLab(scenario: Scenario, edits: readonly LabEdit[], kernel?: KernelState): LabResult {
  const built = createLab(scenario);
  if (!built.ok) return built;
  return { ok: true, lab: replayEdits(kernel ? { ...built.lab, kernel } : built.lab, edits) };
}

/** An API edit: the same lab from the edited scenario, its repairs and its kernels' memory kept. */
export function rebuildWith(lab: Lab, scenario: Scenario): { ok: true; lab: Lab } | { ok: false; error: string } {
  const r = rebuildLab(scenario, lab.edits ?? [], lab.kernel);
  if (!r.ok) return { ok: false, error: r.errors.map((e) => `${e.path}: ${e.message}`).join('\n') };
  return r;
}
