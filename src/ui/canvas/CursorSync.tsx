import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useLabStore } from '../store/lab-store';
import { restPoint, type PacketPlan } from '../playback/packet-path';
import { isFailure } from '../playback/hop-format';
import type { Playback } from '../playback/flatten';
import { serviceLit } from '../playback/service-lit';
import type { TopologyLayout } from './layout-types';
import { CLEARED, useCanvasStore } from './canvas-store';

/**
 * Keeps the canvas in step with the cursor: lights the node the packet is at, the edges it
 * crossed and the places it visited in this part of the playback (one DNS query, or the
 * connection), and the Service a NAT hop translated; when following, pans there. The only
 * canvas part that re-renders per hop.
 */
export function CursorSync({ plan, playback, layout, follow }: { plan: PacketPlan; playback: Playback; layout: TopologyLayout; follow: boolean }) {
  const cursor = useLabStore((s) => s.cursor);
  const { setCenter, getZoom } = useReactFlow();

  useEffect(() => {
    const hop = playback.hops[cursor];
    const at = plan.anchors[cursor] ?? null;
    const from = playback.parts[playback.partOf[cursor] ?? 0]?.start ?? 0;
    useCanvasStore.getState().set({
      current: at,
      crossed: plan.edges[cursor] ?? [],
      visited: plan.anchors.slice(from, cursor + 1).filter((a): a is string => !!a),
      failedAt: hop && isFailure(hop) ? at : null,
      lit: serviceLit(layout, hop),
    });
  }, [plan, playback, layout, cursor]);

  useEffect(() => () => useCanvasStore.getState().set(CLEARED), [plan]);

  useEffect(() => {
    const p = follow ? restPoint(plan, cursor) : undefined;
    if (p) void setCenter(p.x, p.y, { zoom: Math.max(getZoom(), 0.9), duration: 450 });
  }, [follow, plan, cursor, setCenter, getZoom]);

  return null;
}
