/**
 * What the canvas highlights for the current hop: the node the packet is at and the edges
 * it just crossed. Kept apart from the lab store so each custom node and edge subscribes
 * to one boolean (React Flow habit: the smallest slice).
 */
import { create } from 'zustand';

export interface CanvasHighlight {
  /** canvas id of the node the packet is at */
  readonly current: string | null;
  /** canvas ids of the edges crossed to reach the current hop */
  readonly crossed: readonly string[];
  /** canvas ids the packet has visited so far */
  readonly visited: readonly string[];
  /** the canvas id where the trace ended with a drop / error */
  readonly failedAt: string | null;
  /** the Service (and the link to the endpoint it chose) being translated at this hop */
  readonly lit: readonly string[];
  set(h: Omit<CanvasHighlight, 'set'>): void;
}

export const useCanvasStore = create<CanvasHighlight>()((set) => ({
  current: null,
  crossed: [],
  visited: [],
  failedAt: null,
  lit: [],
  set: (h) => set(h),
}));

export function useNodeHighlight(id: string): 'current' | 'failed' | 'visited' | null {
  return useCanvasStore((s) => (s.failedAt === id && s.current === id ? 'failed' : s.current === id ? 'current' : s.visited.includes(id) ? 'visited' : null));
}

export function useEdgeCrossed(id: string): boolean {
  return useCanvasStore((s) => s.crossed.includes(id) || s.lit.includes(id));
}

export function useServiceLit(id: string): boolean {
  return useCanvasStore((s) => s.lit.includes(id));
}

export const CLEARED = { current: null, crossed: [], visited: [], failedAt: null, lit: [] } as const;
