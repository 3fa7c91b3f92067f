/**
 * Pure pieces of the lab store: which namespace is shown first, the flow-log entry of a probe,
 * the state slice that shows a trace, and the terminal's edit replayer (registered when the
 * terminal loads, so the CLI stays out of the first load).
 */
import type { Lab, LabResult, ProbeSpec, Scenario, Trace } from '../../engine';
import type { LabEdit } from '../../engine/lab-core';
import { flattenTrace } from '../playback/flatten';
import type { FlowEntry, FlowSource } from './flow-log';
import type { LabState } from './lab-state';

let flowSeq = 0;

/**
 * Replays the terminal's repairs on a rebuilt lab (engine/cli rebuildLab). The terminal registers
 * it when it loads — repairs only exist once it has — so the CLI stays out of the first load.
 */
type EditReplayer = (scenario: Scenario, edits: readonly LabEdit[]) => LabResult;
let editReplayer: EditReplayer | null = null;
export function setEditReplayer(fn: EditReplayer): void {
  editReplayer = fn;
}
export function getEditReplayer(): EditReplayer | null {
  return editReplayer;
}

/** The namespace shown in Details when nothing was picked yet: the first running pod. */
export function firstPod(lab: Lab): string | null {
  return lab.cluster.pods.find((p) => p.ip && !p.hostNetwork)?.netns ?? lab.cluster.nodes[0]?.netns ?? null;
}

export function isShellTarget(lab: Lab, id: string): boolean {
  return lab.cluster.nodes.some((n) => n.netns === id) || lab.cluster.pods.some((p) => p.netns === id && p.ip && !p.hostNetwork);
}

export function flowOf(lab: Lab, probe: ProbeSpec, source: FlowSource, trace: Trace | null, error?: string): FlowEntry {
  flowSeq += 1;
  return {
    id: flowSeq,
    at: lab.kernel.now,
    source,
    probe,
    verdict: trace ? trace.verdict : 'error',
    reason: trace ? trace.reason : 'ENGINE_ERROR',
    trace,
    error,
  };
}

export const MAX_FLOWS = 500;

/** The slice that puts a trace on screen: the trace, its flattened playback, playing from the first hop. */
export function showing(trace: Trace, playId: number): Pick<LabState, 'trace' | 'playback' | 'probeError' | 'cursor' | 'playing' | 'playId'> {
  const playback = flattenTrace(trace);
  return { trace, playback, probeError: null, cursor: 0, playing: playback.hops.length > 1, playId: playId + 1 };
}

export const NOTHING_SHOWN = { trace: null, playback: null, probeError: null, cursor: 0, playing: false } as const;

/** The index of `probe` among the scenario's probes (its chip), or -1. */
export function chipIndex(s: Scenario, probe: ProbeSpec): number {
  return s.probes.indexOf(probe);
}
