/**
 * The same probes under several CNI shapes (`npm run probe -- <scenario> --compare …` and the
 * lab's Compare view): each shape builds its own cluster from the same scenario, runs the
 * scenario's probes in order, and for each probe reports its fate, its hop count, the bytes
 * the shape wraps around the pod's packet on the wire, and the largest ICMP payload a DF
 * ping still gets across — found by asking the engine for each size, never by arithmetic.
 */
import type { Scenario, ProbeSpec } from './model/scenario-schema';
import type { Trace } from './model/trace';
import { CNI_MODES } from './model/shapes';
import { createLab, runProbe, type Lab } from './lab-core';

export interface Shape {
  readonly cni: string;
  readonly mode: string;
}

export interface ProbeComparison {
  readonly trace: Trace;
  readonly hops: number;
  /** bytes on the wire around the pod's IP packet (0: routed natively), read from the trace's own headers */
  readonly overhead: number;
  /** the largest ICMP payload (`ping -M do -s N`) delivered end to end; null when even an empty one fails */
  readonly maxDfPayload: number | null;
}

export type ShapeComparison =
  | { readonly shape: Shape; readonly ok: true; readonly probes: readonly ProbeComparison[] }
  | { readonly shape: Shape; readonly ok: false; readonly error: string };

export function withShape(s: Scenario, shape: Shape): Scenario {
  // kube-proxy's eBPF replacement exists only with Cilium; elsewhere the comparison runs kube-proxy in iptables mode
  const kubeProxy = s.cluster.kubeProxy === 'ebpf' && shape.cni !== 'cilium' ? 'iptables' : s.cluster.kubeProxy;
  return { ...s, cluster: { ...s.cluster, cni: shape.cni as Scenario['cluster']['cni'], mode: shape.mode, kubeProxy } };
}

/** `flannel/vxlan,calico/bgp` → shapes, or the first error naming the bad item. */
export function parseShapes(list: string): { ok: true; shapes: Shape[] } | { ok: false; error: string } {
  const shapes: Shape[] = [];
  for (const item of list.split(',').map((x) => x.trim())) {
    const [cni, mode] = item.split('/');
    const modes: readonly string[] | undefined = (CNI_MODES as Record<string, readonly string[]>)[cni];
    if (!modes) return { ok: false, error: `${item}: no CNI "${cni}" (one of: ${Object.keys(CNI_MODES).join(', ')})` };
    const m = mode ?? modes[0];
    if (!modes.includes(m)) return { ok: false, error: `${item}: ${cni} has no mode "${m}" (one of: ${modes.join(', ')})` };
    shapes.push({ cni, mode: m });
  }
  if (shapes.length < 2 || shapes.length > 4) return { ok: false, error: `compare takes 2 to 4 shapes, got ${shapes.length}` };
  return { ok: true, shapes };
}

/**
 * The largest number of bytes a tunnel added to one packet: at each hop where a tunnel starts
 * (Hop.tunnel), the outer IP packet against the packet the hop before handed it (the same
 * packet, not yet wrapped). Whatever the tunnel — VXLAN, Geneve, IP-in-IP, WireGuard with its
 * padding — this is what the wire carried beyond the pod's packet.
 */
export function overheadOf(t: Trace): number {
  let max = 0;
  t.hops.forEach((h, i) => {
    if (h.tunnel?.edge !== 'start' || i === 0) return;
    const outer = h.headers.find((x) => x.kind === 'ipv4');
    const inner = t.hops[i - 1].headers.find((x) => x.kind === 'ipv4');
    if (outer?.kind === 'ipv4' && inner?.kind === 'ipv4') max = Math.max(max, outer.totalLength - inner.totalLength);
  });
  return max;
}

function dfPing(p: ProbeSpec, size: number): ProbeSpec {
  return { from: p.from, to: p.to.replace(/:\d+$/, ''), protocol: 'icmp', size, df: true };
}

/**
 * Binary search for the largest delivered DF ping in [0, hi], each on the lab as it was
 * before the probe (so a cached path MTU from one size does not decide the next).
 */
export function maxDfPayload(lab: Lab, p: ProbeSpec, hi = 9000): { size: number; trace: Trace } | null {
  const send = (size: number) => {
    const t = runProbe(lab, dfPing(p, size)).trace;
    return t.verdict === 'delivered' ? t : null;
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

/** Runs `probes` (default: the scenario's) under each shape. */
export function compareShapes(scenario: Scenario, shapes: readonly Shape[], probes: readonly ProbeSpec[] = scenario.probes): ShapeComparison[] {
  return shapes.map((shape) => {
    const built = createLab(withShape(scenario, shape));
    if (!built.ok) return { shape, ok: false, error: built.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
    let lab = built.lab;
    const out: ProbeComparison[] = [];
    for (const p of probes) {
      const before = lab;
      const r = runProbe(lab, p);
      lab = r.lab;
      const max = p.protocol === 'dns' ? null : maxDfPayload(before, p);
      // overhead is read from a packet that made it, so a refused probe still shows the shape's cost
      const overhead = Math.max(overheadOf(r.trace), max ? overheadOf(max.trace) : 0);
      out.push({ trace: r.trace, hops: r.trace.hops.length, overhead, maxDfPayload: max?.size ?? null });
    }
    return { shape, ok: true, probes: out };
  });
}
