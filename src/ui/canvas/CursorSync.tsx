import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Trace } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { restPoint, type PacketPlan } from '../playback/packet-path';
import { isFailure } from '../playback/hop-format';
import { useCanvasStore } from './canvas-store';

/**
 * Keeps the canvas in step with the cursor: lights the node the packet is at and the edges
 * it crossed, and (when following) pans there. The only canvas part that re-renders per hop.
 */
export function CursorSync({ plan, trace, follow }: { plan: PacketPlan; trace: Trace; follow: boolean }) {
  const cursor = useLabStore((s) => s.cursor);
  const { setCenter, getZoom } = useReactFlow();

  useEffect(() => {
    const hop = trace.hops[cursor];
    const at = plan.anchors[cursor] ?? null;
    useCanvasStore.getState().set({
      current: at,
      crossed: plan.edges[cursor] ?? [],
      visited: plan.anchors.slice(0, cursor + 1).filter((a): a is string => !!a),
      failedAt: hop && isFailure(hop) ? at : null,
    });
  }, [plan, trace, cursor]);

  useEffect(() => () => useCanvasStore.getState().set({ current: null, crossed: [], visited: [], failedAt: null }), [plan]);

  useEffect(() => {
    const p = follow ? restPoint(plan, cursor) : undefined;
    if (p) void setCenter(p.x, p.y, { zoom: Math.max(getZoom(), 0.9), duration: 450 });
  }, [follow, plan, cursor, setCenter, getZoom]);

  return null;
}
