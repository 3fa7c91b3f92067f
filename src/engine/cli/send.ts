/**
 * Sending probes on behalf of a terminal command. Each probe goes through the engine's
 * walk (runProbe) against the state the previous one left, and the lab clock advances to
 * the moment the tool would send it (ping's 1 s interval), so PMTU expiry and ARP timers see
 * real time pass.
 *
 * Times printed by the tools are simulated: the walk's `elapsed` when it reports one,
 * otherwise a fixed per-hop cost. They are deterministic, never measured.
 */
import type { Lab } from '../lab';
import { runProbe } from '../lab-core';
import type { ProbeOptions } from '../trace/probe';
import type { ProbeSpec } from '../model/scenario-schema';
import type { LookupError } from '../dns/resolver';
import { reasonText } from '../model/reasons';
import type { Hop, Trace } from '../model/trace';
import type { Ipv4Header, TcpHeader, UdpHeader } from '../wire/headers';
import { isIpv4, type Ipv4 } from '../wire/ipv4';

export interface SendResult {
  readonly lab: Lab;
  readonly traces: Trace[];
  /** the walk refused the probe (an endpoint it could not resolve…) */
  readonly error?: string;
}

/** Runs `specs[i]` at `start + i × intervalMs` on the lab clock; `stop` ends the run after a trace. */
export function sendProbes(lab: Lab, specs: readonly ProbeSpec[], intervalMs = 0, stop?: (t: Trace) => boolean, opts?: ProbeOptions): SendResult {
  const start = lab.kernel.now;
  let cur = lab;
  const traces: Trace[] = [];
  for (let i = 0; i < specs.length; i++) {
    const at = start + i * intervalMs;
    if (cur.kernel.now < at) cur = { ...cur, kernel: { ...cur.kernel, now: at } };
    try {
      const r = runProbe(cur, specs[i], opts);
      cur = r.lab;
      traces.push(r.trace);
      if (stop?.(r.trace)) break;
    } catch (e) {
      return { lab: cur, traces, error: e instanceof Error ? e.message : String(e) };
    }
  }
  return { lab: cur, traces };
}

export function ipv4Of(h: Hop): Ipv4Header | undefined {
  return h.headers.find((x): x is Ipv4Header => x.kind === 'ipv4');
}

export function l4Of(h: Hop): TcpHeader | UdpHeader | undefined {
  return h.headers.find((x): x is TcpHeader | UdpHeader => x.kind === 'tcp' || x.kind === 'udp');
}

/** The first request packet's innermost IPv4 header: who sent it, to whom. */
export function requestIp(t: Trace): Ipv4Header | undefined {
  for (const h of t.hops) {
    if (h.dir !== 'request') continue;
    const ips = h.headers.filter((x): x is Ipv4Header => x.kind === 'ipv4');
    if (ips.length) return ips[ips.length - 1];
  }
  return undefined;
}

/** The address a tool prints for its target: the literal IP, or what the walk sent to. */
export function destinationIp(target: string, traces: readonly Trace[]): Ipv4 | undefined {
  if (isIpv4(target)) return target;
  const sent = traces.find((t) => t.sent)?.sent;
  if (sent) return sent.dst;
  for (const t of traces) {
    const ip = requestIp(t);
    if (ip) return ip.dst;
  }
  return undefined;
}

/** Simulated round-trip time in ms (see the module comment). */
export function simulatedRtt(t: Trace): number {
  return t.elapsed > 0 ? t.elapsed : 0.02 + 0.006 * t.hops.length;
}

/**
 * Why a probe never left: the walk refused it (BAD_ENDPOINT: an address or name it cannot
 * use), or it does not model it. Name lookups are the tools' own (resolve.ts), before any probe.
 */
export type Unsent = { readonly kind: 'no-name' } | { readonly kind: 'not-modelled'; readonly note: string };

export function unsent(t: Trace): Unsent | undefined {
  const r = String(t.reason);
  if (r === 'BAD_ENDPOINT' && !t.note?.startsWith('from:')) return { kind: 'no-name' };
  if (r === 'NOT_MODELLED' || r === 'BAD_ENDPOINT') return { kind: 'not-modelled', note: t.note ?? reasonText(t.reason) };
  return undefined;
}

/** The probe's own lookup found no address (a name in `to`): getaddrinfo's error. */
export function lookupError(t: Trace): LookupError | undefined {
  if (!t.lookup || t.lookup.addresses.length) return undefined;
  return t.lookup.error ?? 'EAI_AGAIN';
}
