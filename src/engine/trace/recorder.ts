/**
 * Hop recording and the probe's clock. Each recorded hop advances simulated time a little
 * (so ping can print deterministic round-trip times); waits (ARP) jump it forward.
 */
import type { Cluster, Netns } from '../model/datapath';
import type { Ctx, DropRecord, HopInput } from '../devices/port';
import { headersOf, ipSize, type Pkt } from '../wire/packet';
import type { Hop, MtuCheck, MtuLimit } from '../model/trace';
import type { Reason } from '../model/reasons';

/** Simulated per-hop latency in ms: a software hop, and a hop across the underlay wire. */
export const HOP_MS = 0.004;
export const WIRE_MS = 0.03;

export type { Ctx, HopInput, DropRecord } from '../devices/port';

export class Recorder {
  readonly hops: Hop[] = [];
  readonly drops: DropRecord[] = [];
  /** ms since the probe started */
  t = 0;
  /** seq of the hop recorded last (undefined if it was quiet) */
  lastSeq: number | undefined;

  /** @param t0 ms since the probe started when this walker begins (a lookup runs before the connection) */
  constructor(
    readonly cluster: Cluster,
    readonly t0 = 0,
  ) {}

  netnsLabel(ns: Netns): string {
    return ns.kind === 'node' ? 'host' : ns.name;
  }

  where(ns: Netns): string {
    return ns.kind === 'node' ? ns.name : ns.kind === 'pod' ? `${ns.name} (on ${ns.node})` : ns.name;
  }

  /** Records a hop and returns its seq (undefined when the context is quiet). */
  hop(ctx: Ctx, h: HopInput): number | undefined {
    this.t += h.kind === 'wire' ? WIRE_MS : HOP_MS;
    this.lastSeq = undefined;
    if (ctx.quiet && !(ctx.fragment && h.kind === 'wire')) return undefined;
    this.lastSeq = this.hops.length;
    this.hops.push({
      seq: this.hops.length,
      node: h.ns.node || h.ns.name,
      netns: this.netnsLabel(h.ns),
      netnsId: h.ns.id,
      device: h.device,
      link: h.link,
      kind: h.kind,
      dir: ctx.dir,
      note: h.note,
      headers: headersOf(h.pkt, h.eth),
      mtu: h.mtu,
      decided: h.decided,
      ...(h.rewrite ? { rewrite: h.rewrite } : {}),
      ...(h.conntrack ? { conntrack: h.conntrack } : {}),
      ...(h.tunnel ? { tunnel: h.tunnel } : {}),
      t: Math.round((this.t0 + this.t) * 1000) / 1000,
      ...(innerData(h.pkt) ? { data: innerData(h.pkt) } : {}),
    });
    return this.lastSeq;
  }

  drop(ctx: Ctx, h: Omit<HopInput, 'kind'>, reason: Reason): void {
    const seq = this.hop(ctx, { ...h, kind: 'drop' });
    this.drops.push({ reason, ns: h.ns.id, note: h.note, dir: ctx.dir, t: this.t, seq });
  }

  mtuCheck(device: string, mtu: number, pkt: Pkt, slack = 0, limit: MtuLimit = 'device'): MtuCheck {
    const size = ipSize(pkt);
    return { device, mtu, size, fits: size <= mtu + slack, ...(limit === 'device' ? {} : { limit }) };
  }
}

/** The application data of the innermost packet (a tunnel's inner packet, an ICMP error's quote), for the pcap export. */
function innerData(p: Pkt): Pkt['data'] {
  return p.data ?? (p.encap ? innerData(p.encap.inner) : p.quote ? innerData(p.quote) : p.fragOf ? innerData(p.fragOf) : undefined);
}
