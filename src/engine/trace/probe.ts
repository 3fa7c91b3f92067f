/**
 * walk(cluster, kernel, probe) → { trace, kernel }: resolve the endpoints, send the probe
 * through the datapath, read the sender's view of the outcome, and advance the clock by
 * how long the sender waited (a ping that times out waits its whole -W).
 */
import type { Cluster } from '../model/datapath';
import type { KernelState } from '../model/kernel-state';
import type { ProbeSpec } from '../model/scenario-schema';
import { resolveEndpoint } from './endpoints';
import { KernelDraft } from './kernel-draft';
import { ping, udpSend } from './ping';
import { tcpConnect } from './tcp';
import { tracepath } from './tracepath';
import type { Partial } from './outcome';
import type { Trace } from './types';
import { Walker } from './walker';

const DEFAULT_TIMEOUT_S = 10;

/** How each protocol is sent; `dns` is answered before a walk starts (not modelled yet). */
const DRIVERS: Record<Exclude<ProbeSpec['protocol'], 'dns'>, typeof ping> = { icmp: ping, udp: udpSend, tcp: tcpConnect, traceroute: tracepath };

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function runProbeOn(c: Cluster, k: KernelState, spec: ProbeSpec): { trace: Trace; kernel: KernelState } {
  const from = resolveEndpoint(c, spec.from);
  const to = resolveEndpoint(c, spec.to);
  const bad = !from.ok
    ? `from: ${from.error}`
    : !to.ok
      ? `to: ${to.error}`
      : !from.endpoint.netns
        ? `from: nothing in the scenario owns ${from.endpoint.ip}`
        : undefined;
  if (bad || !from.ok || !to.ok) {
    return { trace: { verdict: 'rejected', reason: 'BAD_ENDPOINT', elapsed: 0, hops: [], note: bad }, kernel: k };
  }
  if (spec.protocol === 'dns') {
    return {
      trace: { verdict: 'rejected', reason: 'NOT_MODELLED', elapsed: 0, hops: [], note: 'DNS lookups arrive with CoreDNS (not modelled yet)' },
      kernel: k,
    };
  }
  const draft = new KernelDraft(k);
  const w = new Walker(c, draft);
  const timeoutMs = (spec.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  const out: Partial = DRIVERS[spec.protocol](w, from.endpoint, to.endpoint, spec, timeoutMs);
  const elapsed = round(out.elapsed ?? w.t);
  const trace: Trace = { ...out, elapsed, hops: w.hops };
  // The sender is busy until its answer or its timeout; at least a millisecond passes.
  return { trace, kernel: draft.freeze(k.now + Math.max(1, Math.ceil(elapsed))) };
}
