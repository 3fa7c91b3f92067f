import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useLabStore } from '../store/lab-store';
import { restPoint, type PacketPlan } from '../playback/packet-path';
import type { Playback } from '../playback/flatten';
import { canvasLit } from '../playback/canvas-lit';
import { hopsShown } from '../playback/reveal';
import type { TopologyLayout } from './layout-types';
import { CLEARED, useCanvasStore } from './canvas-store';

/**
 * Keeps the canvas in step with the cursor: lights the node the packet is at, the edges it
 * crossed and the places it visited in this part of the playback (one DNS query, or the
 * connection), and the Service a NAT hop translated — never a hop not shown yet (canvas-lit.ts);
 * when following, pans there. The only canvas part that re-renders per hop.
 */
export function CursorSync({ plan, playback, layout, follow }: { plan: PacketPlan; playback: Playback; layout: TopologyLayout; follow: boolean }) {
  const cursor = useLabStore((s) => s.cursor);
  // predict first: the hops ahead of the cursor light nothing (playback/canvas-lit.ts)
  const shown = useLabStore(hopsShown);
  const { setCenter, getZoom } = useReactFlow();

  useEffect(() => {
    useCanvasStore.getState().set(canvasLit(plan, playback, layout, cursor, shown));
  }, [plan, playback, layout, cursor, shown]);

  useEffect(() => () => useCanvasStore.getState().set(CLEARED), [plan]);

  useEffect(() => {
    const p = follow ? restPoint(plan, cursor) : undefined;
    if (p) void setCenter(p.x, p.y, { zoom: Math.max(getZoom(), 0.9), duration: 450 });
  }, [follow, plan, cursor, setCenter, getZoom]);

  return null;
}
