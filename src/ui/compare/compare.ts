/**
 * The comparison: one probe under each modelled CNI shape/mode, each on a fresh lab built by
 * the engine from the same scenario. Overhead is read from the trace's own header sizes; the
 * largest DF ping that still gets through is found by binary search over sizes, asking the
 * engine every time (ARCHITECTURE.md: the UI never computes networking).
 */
import type { Header, ProbeSpec, Scenario, Trace } from '../../engine';
import { MODELLED_SHAPES, stackSize } from '../../engine/shell';
import { withShape } from '../store/scenario-edits';
import { probeOnFreshLab } from '../store/probe-runner';
import { innerStart } from '../playback/hop-format';

export interface Shape {
  readonly cni: string;
  readonly mode: string;
}

export interface ShapeRun extends Shape {
  readonly trace: Trace | null;
  readonly error: string | null;
  /** bytes the shape adds around the pod's IP packet on the wire (0: routed natively), read from a delivered packet's headers */
  readonly overhead: number | null;
  /** the largest ICMP payload (ping -M do -s N) delivered end to end */
  readonly maxDfPayload: number | null;
  readonly underlayMtu: number;
}

/** Every shape the engine models, up to four (the comparison's columns). */
export function modelledShapes(): Shape[] {
  return Object.entries(MODELLED_SHAPES)
    .flatMap(([cni, modes]) => modes.map((mode) => ({ cni, mode })))
    .slice(0, 4);
}

function l3From(headers: readonly Header[], i: number): number {
  return i < 0 ? 0 : stackSize(headers.slice(i));
}

/** Largest difference, over the trace's hops, between the outer IP packet and the one a tunnel carries. */
export function overheadOf(t: Trace): number {
  let max = 0;
  for (const h of t.hops) {
    const inner = innerStart(h.headers);
    if (inner === 0) continue;
    const outer = h.headers.findIndex((x) => x.kind === 'ipv4');
    const carried = h.headers.findIndex((x, i) => i >= inner && x.kind === 'ipv4');
    if (outer >= 0 && carried > outer) max = Math.max(max, l3From(h.headers, outer) - l3From(h.headers, carried));
  }
  return max;
}

/** The ping the DF search sends: same endpoints, ICMP, DF set (ports do not apply). */
export function dfPing(p: ProbeSpec, size: number): ProbeSpec {
  return { from: p.from, to: p.to.replace(/:\d+$/, ''), protocol: 'icmp', size, df: true };
}

/**
 * Binary search for the largest delivered DF ping payload in [0, hi], with the trace of
 * that ping; null if even an empty ping fails.
 */
export function maxDfPayload(scenario: Scenario, p: ProbeSpec, hi = 9000): { size: number; trace: Trace } | null {
  const send = (size: number) => {
    const r = probeOnFreshLab(scenario, dfPing(p, size));
    return r.ok && r.trace.verdict === 'delivered' ? r.trace : null;
  };
  let best = send(0);
  if (!best) return null;
  let lo = 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const t = send(mid);
    if (t) {
      lo = mid;
      best = t;
    } else hi = mid - 1;
  }
  return { size: lo, trace: best };
}

export function compareShapes(scenario: Scenario, probe: ProbeSpec, shapes: readonly Shape[] = modelledShapes()): ShapeRun[] {
  return shapes.map(({ cni, mode }) => {
    const s = withShape(scenario, cni, mode);
    const r = probeOnFreshLab(s, probe);
    const underlayMtu = Math.min(...s.cluster.nodes.map((n) => n.mtu ?? s.cluster.underlayMTU));
    if (!r.ok) return { cni, mode, trace: null, error: r.error, overhead: null, maxDfPayload: null, underlayMtu };
    const max = maxDfPayload(s, probe);
    // overhead is read from a packet that made it, so a rejected probe still shows the shape's cost
    const overhead = Math.max(overheadOf(r.trace), max ? overheadOf(max.trace) : 0);
    return { cni, mode, trace: r.trace, error: null, overhead, maxDfPayload: max?.size ?? null, underlayMtu };
  });
}
