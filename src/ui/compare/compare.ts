/**
 * The comparison as the page shows it: the engine runs the probe under each chosen CNI
 * shape/mode (src/engine/compare.ts — each shape builds its own lab from the same scenario,
 * the overhead is read where a tunnel starts, the largest DF ping is found by asking the
 * engine for each size). This file only picks the shapes and reshapes the answer for the
 * columns and the chart; it computes no networking.
 */
import type { ProbeSpec, Scenario, Shape, Trace } from '../../engine';
import { MODELLED_SHAPES } from '../../engine/shell';
import { engine } from '../store/engine-runtime';

export type { Shape };

export interface ShapeRun extends Shape {
  readonly trace: Trace | null;
  readonly error: string | null;
  /** bytes the shape adds around the pod's IP packet on the wire (0: routed natively) */
  readonly overhead: number | null;
  /** the largest ICMP payload (ping -M do -s N) delivered end to end */
  readonly maxDfPayload: number | null;
  readonly underlayMtu: number;
}

export const MIN_SHAPES = 2;
export const MAX_SHAPES = 4;

/** Every shape/mode the engine models, in the registry's order. */
export function allShapes(): Shape[] {
  return Object.entries(MODELLED_SHAPES).flatMap(([cni, modes]) => modes.map((mode) => ({ cni, mode })));
}

export const shapeKey = (s: Shape) => `${s.cni}/${s.mode}`;

/**
 * The first selection: the shape on screen, then the other shapes' default modes (overlay,
 * routed, eBPF, cloud — the seeds' comparison), up to four.
 */
export function defaultShapes(current: Shape): Shape[] {
  const others = Object.entries(MODELLED_SHAPES)
    .filter(([cni]) => cni !== current.cni)
    .map(([cni, modes]) => ({ cni, mode: modes[0] }));
  const first = allShapes().some((s) => shapeKey(s) === shapeKey(current)) ? [current] : [];
  return [...first, ...others].slice(0, MAX_SHAPES);
}

/** Adds or removes one shape, keeping between MIN_SHAPES and MAX_SHAPES (a refused change returns the selection unchanged). */
export function toggleShape(selected: readonly Shape[], s: Shape): Shape[] {
  const has = selected.some((x) => shapeKey(x) === shapeKey(s));
  if (has) return selected.length > MIN_SHAPES ? selected.filter((x) => shapeKey(x) !== shapeKey(s)) : [...selected];
  return selected.length < MAX_SHAPES ? [...selected, s] : [...selected];
}

export function compareShapes(scenario: Scenario, probe: ProbeSpec, shapes: readonly Shape[]): ShapeRun[] {
  const underlayMtu = Math.min(...scenario.cluster.nodes.map((n) => n.mtu ?? scenario.cluster.underlayMTU));
  return engine()
    .compareShapesOnEngine(scenario, shapes, [probe])
    .map((r) => {
      if (!r.ok) return { ...r.shape, trace: null, error: r.error, overhead: null, maxDfPayload: null, underlayMtu };
      const p = r.probes[0];
      return { ...r.shape, trace: p.trace, error: null, overhead: p.overhead, maxDfPayload: p.maxDfPayload, underlayMtu };
    });
}
