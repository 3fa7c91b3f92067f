/**
 * What the canvas lights for the playback position: the node the packet is at, the edges it
 * crossed to get there, the places it visited in this part of the playback (one DNS query, or the
 * connection), and the Service a NAT hop translated. Predict first (reveal.ts): only hops already
 * shown may light anything — the path ahead would give the verdict away. Pure.
 */
import { isFailure } from './hop-format';
import type { Playback } from './flatten';
import type { PacketPlan } from './packet-path';
import { serviceLit } from './service-lit';
import type { TopologyLayout } from '../canvas/layout-types';

export interface CanvasLit {
  readonly current: string | null;
  readonly crossed: readonly string[];
  readonly visited: readonly string[];
  readonly failedAt: string | null;
  readonly lit: readonly string[];
}

/** The highlight at `cursor`, never reaching past the first `shown` hops (hopsShown). */
export function canvasLit(plan: PacketPlan, playback: Playback, layout: TopologyLayout, cursor: number, shown: number): CanvasLit {
  const i = Math.min(cursor, shown - 1);
  const hop = i >= 0 ? playback.hops[i] : undefined;
  if (!hop) return { current: null, crossed: [], visited: [], failedAt: null, lit: [] };
  const at = plan.anchors[i] ?? null;
  const from = playback.parts[playback.partOf[i] ?? 0]?.start ?? 0;
  return {
    current: at,
    crossed: plan.edges[i] ?? [],
    visited: plan.anchors.slice(from, i + 1).filter((a): a is string => !!a),
    failedAt: isFailure(hop) ? at : null,
    lit: serviceLit(layout, hop),
  };
}
