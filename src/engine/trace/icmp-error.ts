/**
 * ICMP errors (LNX icmp_send; RFC 1812 §4.3.2, RFC 1122 §3.2.2): sourced from the address the
 * route back to the sender selects (or the address the packet was sent to, when it was ours),
 * never about an ICMP error or a later fragment, quoting up to 576 bytes in all. And what an
 * iptables DROP or REJECT does to a packet.
 */
import type { Netns } from '../model/datapath';
import type { NfResult } from '../tables/netfilter';
import { isLocalAddress, lookupRoute, sourceFor } from '../tables/route';
import { IPV4_HLEN, ICMP_HLEN, type Ipv4Header } from '../wire/headers';
import { ICMP_ERROR_MAX, ipSize, makePkt, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';

/** ICMP destination-unreachable codes of `-j REJECT --reject-with` (libipt_REJECT). */
const REJECT_CODE: Record<string, number> = { 'icmp-net-unreachable': 0, 'icmp-host-unreachable': 1, 'icmp-port-unreachable': 3, 'icmp-admin-prohibited': 13 };

/** `by`: who decided, when not an iptables table (an nftables chain: `{ tool: 'nft', table: 'ip kube-proxy' }`). */
export function filtered(w: Walker, ns: Netns, dev: string, pkt: Pkt, ctx: Ctx, v: NfResult, hook: string, by?: { tool: 'nft'; table: string }): void {
  const row = v.row ?? `:${hook} ${v.target.kind}`;
  const table = by ? by.tool : v.table === 'nat' || v.table === 'mangle' || v.table === 'raw' ? v.table : 'filter';
  const tool = by?.tool ?? 'iptables';
  const decided = {
    table,
    row,
    rows: v.rows,
    where: `${w.where(ns)} ${by?.table ?? v.table} ${v.chain}`,
    ...(v.path.length > 1 ? { path: v.path.map((s) => s.row) } : {}),
  } as const;
  if (v.target.kind === 'REJECT') {
    const origin = w.hop(ctx, { ns, kind: 'filter', device: dev, note: `${tool} ${hook} rejects: ${row}`, pkt, decided });
    w.drops.push({ reason: 'FILTERED', ns: ns.id, note: row, dir: ctx.dir, t: w.t, seq: origin });
    if (v.target.with === 'tcp-reset' && pkt.l4?.kind === 'tcp') {
      // nf_send_reset: a RST from the address the packet was sent to
      const l4 = pkt.l4;
      const rst = makePkt(
        { src: pkt.ip.dst, dst: pkt.ip.src, ttl: ns.sysctl.defaultTtl, df: false, proto: 'tcp', id: w.k.nextIpId() },
        { kind: 'tcp', srcPort: l4.dstPort, dstPort: l4.srcPort, flags: ['RST', 'ACK'] },
        0,
      );
      w.output(ns.id, { ...rst, origin }, { dir: 'reply', quiet: ctx.quiet });
      return;
    }
    const code = REJECT_CODE[v.target.with] ?? 3;
    sendIcmpError(w, ns, pkt, 3, code, ctx);
    return;
  }
  w.drop(ctx, { ns, device: dev, note: `${tool} ${hook} drops it: ${row}`, pkt, decided }, 'FILTERED');
}

/** icmp_send: an ICMP error about `offending`, from the address the route back selects (RFC 1812 §4.3.2). */
export function sendIcmpError(w: Walker, ns: Netns, offending: Pkt, type: number, code: number, ctx: Ctx, mtu?: number): void {
  const l4 = offending.l4;
  const isError = offending.ip.proto === 'icmp' && l4?.kind === 'icmp' && l4.type !== 0 && l4.type !== 8;
  if (isError || (offending.fragOf && offending.ip.fragOffset > 0)) return; // RFC 1122 §3.2.2: never about errors or later fragments
  const back = lookupRoute(ns, offending.ip.src);
  if (!back) {
    w.hop(ctx, { ns, kind: 'icmp', note: `cannot send ICMP type ${type} to ${offending.ip.src}: no route back`, pkt: offending });
    return;
  }
  const src = isLocalAddress(ns, offending.ip.dst) ? offending.ip.dst : (sourceFor(ns, back.route) ?? offending.ip.dst);
  const quoted = Math.min(ipSize(offending), ICMP_ERROR_MAX - IPV4_HLEN - ICMP_HLEN);
  const ip: Omit<Ipv4Header, 'kind' | 'totalLength' | 'fragOffset' | 'mf'> = {
    src,
    dst: offending.ip.src,
    ttl: ns.sysctl.defaultTtl,
    df: false,
    proto: 'icmp',
    id: w.k.nextIpId(),
  };
  const err: Pkt = { ...makePkt(ip, { kind: 'icmp', type, code, mtu }, quoted), quote: offending };
  const what =
    type === 11
      ? 'time exceeded'
      : code === 4
        ? `fragmentation needed (mtu ${mtu})`
        : code === 0
          ? 'net unreachable'
          : code === 1
            ? 'host unreachable'
            : code === 13
              ? 'administratively prohibited'
              : 'port unreachable';
  const origin = w.hop(ctx, { ns, kind: 'icmp', note: `${ns.name} sends ICMP ${what} from ${src} to ${offending.ip.src}`, pkt: err });
  w.output(ns.id, { ...err, origin }, { dir: 'error', quiet: ctx.quiet });
}
