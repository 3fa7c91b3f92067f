/**
 * Which hops of a trace become frames, and when. A frame is a wire crossing: a hop with a
 * `link` (a veth pair, `veth:…`, or an underlay segment, `wire:<segment>`) whose packet
 * starts with its Ethernet header. Every other hop (a route lookup, a netfilter verdict, the
 * bridge deciding, a tunnel device wrapping a packet) happens inside one kernel and puts
 * nothing on a wire; the packet it shaped shows up in the next crossing. The lookup's queries
 * (Trace.lookup) come first: they ran before the connection. ARP requests and replies are not
 * frames of the trace (the `arp` hops record the neighbour answer, not the exchange).
 *
 * Time: hop.t is ms since the probe started; a probe starts `startMs` after LAB_EPOCH
 * (model/lab-clock.ts, 2025-01-01 00:00:00 UTC). Microseconds are exact: the engine rounds
 * hop times to 1 µs.
 */
import { encodeFrame, type EncodeEnv } from './encode';
import { TcpStreams } from './tcp-seq';
import { zeroUdpChecksumIn } from './tunnel-checksum';
import { LAB_EPOCH_S } from '../model/lab-clock';
import type { Hop, Trace } from '../model/trace';
import { IPV4_HLEN, headerSize, type Header, type Ipv4Header } from '../wire/headers';

export interface Frame {
  /** µs since the Unix epoch */
  readonly us: number;
  readonly bytes: Uint8Array;
  readonly hop: Hop;
}

/** The hops of a trace that crossed a wire, in time order (lookups first when they tie). */
export function wireHops(trace: Trace): Hop[] {
  const all = [...(trace.lookup?.queries.flatMap((q) => q.hops) ?? []), ...trace.hops];
  return all
    .map((h, n) => ({ h, n }))
    .filter(({ h }) => h.link !== undefined && h.headers[0]?.kind === 'eth')
    .sort((a, b) => a.h.t - b.h.t || a.n - b.n)
    .map(({ h }) => h);
}

function fragKey(ip: Ipv4Header): string {
  return `${ip.src}|${ip.dst}|${ip.id}|${ip.proto}`;
}

/**
 * The whole datagram behind each fragment seen in the trace: the first fragment gives the L4
 * header, the last (MF clear) the length. Unknown parts (a fragment lost before any wire) leave it undefined.
 */
export function datagramsOf(stacks: readonly (readonly Header[])[]): (ip: Ipv4Header) => Header[] | undefined {
  const parts = new Map<string, { first?: Ipv4Header; l4?: Header; end?: number }>();
  for (const stack of stacks) {
    stack.forEach((x, i) => {
      if (x.kind !== 'ipv4' || (x.fragOffset === 0 && !x.mf)) return;
      const p = parts.get(fragKey(x)) ?? {};
      if (x.fragOffset === 0) {
        p.first = x;
        const next = stack[i + 1];
        if (next && (next.kind === 'udp' || next.kind === 'tcp' || next.kind === 'icmp')) p.l4 = next;
      }
      if (!x.mf) p.end = x.fragOffset + x.totalLength - IPV4_HLEN;
      parts.set(fragKey(x), p);
    });
  }
  return (ip) => {
    const p = parts.get(fragKey(ip));
    if (!p?.first || !p.l4 || p.end === undefined) return undefined;
    const whole: Ipv4Header = { ...p.first, fragOffset: 0, mf: false, totalLength: IPV4_HLEN + p.end };
    return [whole, p.l4, { kind: 'payload', bytes: Math.max(0, p.end - headerSize(p.l4)) }];
  };
}

/** @param startMs when the probe started, ms after LAB_EPOCH */
export function traceFrames(trace: Trace, startMs: number, seed: string): Frame[] {
  const hops = wireHops(trace);
  const all = [...(trace.lookup?.queries.flatMap((q) => q.hops) ?? []), ...trace.hops];
  const tcp = new TcpStreams(all, seed);
  const datagram = datagramsOf(hops.map((h) => h.headers));
  const zeroUdpChecksum = zeroUdpChecksumIn(all);
  const startUs = LAB_EPOCH_S * 1e6 + Math.round(startMs * 1000);
  // ping's timeval: when its echo request left (the probe's first hop after any lookup)
  const pingSentUs = startUs + Math.round((trace.hops[0]?.t ?? 0) * 1000);
  return hops.map((hop) => {
    const env: EncodeEnv = {
      data: hop.data,
      pingSentUs,
      tcp: (ip, h, len) => tcp.numbers(ip, h, len, hop.dir, hop.data),
      datagram,
      zeroUdpChecksum,
    };
    return { us: startUs + Math.round(hop.t * 1000), bytes: encodeFrame(hop.headers, env), hop };
  });
}
