/**
 * Predict-first: the answer key of "what happens to this packet" is the engine's own trace,
 * never typed into content. A fate is the verdict, the namespace where the packet's story
 * ends (the deciding hop) and the reason code (model/reasons.ts).
 */
import type { Lab, ProbeSpec, Trace } from '../../engine';
import { runProbe } from '../../engine/lab-core';
import { resolveEndpoint } from '../../engine/trace/endpoints';
import type { Prediction, PredictionKey } from '../types';

/**
 * Where a trace's fate was decided: its last hop's namespace; for a failed lookup (no packet
 * sent) the last DNS query's last hop, or the sender itself when nothing left it.
 */
export function decidingNetns(lab: Lab, probe: ProbeSpec, trace: Trace): string {
  const last = trace.hops[trace.hops.length - 1];
  if (last) return last.netnsId;
  const queries = trace.lookup?.queries ?? [];
  for (let i = queries.length - 1; i >= 0; i--) {
    const hops = queries[i].hops;
    if (hops.length) return hops[hops.length - 1].netnsId;
  }
  const from = resolveEndpoint(lab.cluster, probe.from);
  return (from.ok ? from.endpoint.netns : undefined) ?? probe.from;
}

/** Runs the probe on the learner's lab as it is (kernel memory included) and reads its fate. */
export function predictionKey(lab: Lab, probe: ProbeSpec): PredictionKey {
  const { trace } = runProbe(lab, probe);
  return { verdict: trace.verdict, at: decidingNetns(lab, probe, trace), reason: trace.reason, trace };
}

export interface PredictionGrade {
  readonly verdict: boolean;
  /** null when the key was delivered (where and why are not asked) */
  readonly at: boolean | null;
  readonly reason: boolean | null;
  /** 0..1: the verdict alone for a delivery; verdict, where and why a third each otherwise */
  readonly score: number;
}

export function gradePrediction(p: Prediction, key: PredictionKey): PredictionGrade {
  const verdict = p.verdict === key.verdict;
  if (key.verdict === 'delivered') return { verdict, at: null, reason: null, score: verdict ? 1 : 0 };
  const at = p.at === key.at;
  const reason = p.reason === key.reason;
  return { verdict, at, reason, score: (Number(verdict) + Number(at) + Number(reason)) / 3 };
}
