/**
 * A Lab is one scenario's running state: the cluster tables after faults, and what the
 * kernels remember between probes. Every operation returns a new Lab: the engine's pure
 * step function, `[trace, nextLab] = runProbe(lab, probe)`. This module takes a validated
 * Scenario; reading one from text or an unknown object is lab.ts / io.ts (the schema and YAML).
 */
import type { Cluster } from './model/datapath';
import { emptyKernelState, type KernelState } from './model/kernel-state';

/** The kernel's seed when the scenario gives none: a hash of its name (the same scenario draws the same numbers). */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
import type { ProbeSpec, Scenario } from './model/scenario-schema';
import type { ScenarioError } from './model/scenario-error';
import { buildClusterOnce } from './cni/build-cache';
import { applyFaults, type FaultResult } from './faults/apply';
import { runProbeOn, type ProbeOptions } from './trace/probe';
import type { Trace } from './model/trace';

export interface Lab {
  readonly scenario: Scenario;
  readonly cluster: Cluster;
  readonly kernel: KernelState;
  readonly faults: readonly FaultResult[];
  /**
   * Terminal repairs made after the faults (`ip route add …`, `iptables -I …`, manual EndpointSlices), in
   * order: a rebuild from the scenario replays them after the faults (cli/repair/replay.ts rebuildLab).
   */
  readonly edits?: readonly LabEdit[];
}

/** One repair command as the terminal ran it: where, its words, and what it read on stdin. */
export interface LabEdit {
  readonly where: string;
  readonly argv: readonly string[];
  readonly stdin?: string;
}

export type LabResult = { readonly ok: true; readonly lab: Lab } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export function createLab(scenario: Scenario): LabResult {
  // made once per cluster spec: a fault toggle rebuilds from the same spec (cni/build-cache.ts)
  const built = buildClusterOnce(scenario.cluster, scenario.metadata.name);
  if (!built.ok) return { ok: false, errors: built.errors.map((e) => ({ path: e.path, message: e.message })) };
  const { cluster, results, kernel } = applyFaults(built.cluster, scenario.faults, emptyKernelState(scenario.cluster.seed ?? seedOf(scenario.metadata.name)));
  return { ok: true, lab: { scenario, cluster, kernel, faults: results } };
}

export interface ProbeRun {
  readonly probe: ProbeSpec;
  readonly trace: Trace;
}

/** Sends one probe; the returned Lab remembers what the kernels learned (PMTU, ARP, FDB…). */
export function runProbe(lab: Lab, probe: ProbeSpec, opts?: ProbeOptions): { lab: Lab; trace: Trace } {
  const { trace, kernel } = runProbeOn(lab.cluster, lab.kernel, probe, opts);
  return { lab: { ...lab, kernel }, trace };
}

/** Runs the scenario's probes in order against one evolving state. */
export function runScenarioProbes(lab: Lab): { lab: Lab; runs: ProbeRun[] } {
  let cur = lab;
  const runs: ProbeRun[] = [];
  for (const probe of lab.scenario.probes) {
    const r = runProbe(cur, probe);
    cur = r.lab;
    runs.push({ probe, trace: r.trace });
  }
  return { lab: cur, runs };
}
