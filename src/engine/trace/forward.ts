/**
 * ip_forward (LNX net/ipv4/ip_forward.c), in the kernel's order: route lookup (no route:
 * ICMP net unreachable), TTL (≤ 1: time exceeded), the FORWARD hook, the MTU check against
 * the route or device MTU — forwarded packets ignore learned PMTU unless
 * ip_forward_use_pmtu (ip_dst_mtu_maybe_forward) — then TTL − 1, POSTROUTING and the next hop.
 */
import type { Netns } from '../model/datapath';
import { formatRoute, formatRouteTable, lookupRoute } from '../tables/route';
import { sendVia } from '../devices/link';
import { nfHook } from './hooks';
import { ipSize, withIp, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';
import { mtuLimitText, type MtuLimit } from '../model/mtu-limit';

export function ipForward(w: Walker, ns: Netns, inDev: string, arriving: Pkt, ctx: Ctx): void {
  let pkt = arriving;
  const hit = lookupRoute(ns, pkt.ip.dst, { src: pkt.ip.src, iif: inDev, mark: pkt.mark });
  if (!hit || hit.route.type === 'unreachable') {
    w.hop(ctx, {
      ns,
      kind: 'route',
      device: inDev,
      note: `no route to ${pkt.ip.dst} on ${ns.name}: ICMP network unreachable`,
      pkt,
      decided: { table: 'route', row: '(no matching route)', rows: formatRouteTable(ns), where: w.where(ns) },
    });
    w.sendIcmpError(ns, pkt, 3, 0, ctx);
    w.drops.push({ reason: 'NET_UNREACHABLE', ns: ns.id, note: 'no route', dir: ctx.dir, t: w.t });
    return;
  }
  const r = hit.route;
  if (r.type === 'blackhole') {
    w.drop(ctx, { ns, device: inDev, note: `blackhole route: ${formatRoute(r)}`, pkt, decided: w.routeDecision(ns, r, hit) }, 'BLACKHOLE_ROUTE');
    return;
  }
  if (pkt.ip.ttl <= 1) {
    w.hop(ctx, {
      ns,
      kind: 'route',
      device: inDev,
      note: `TTL ${pkt.ip.ttl} would reach 0 on ${ns.name}: ICMP time exceeded`,
      pkt,
      decided: w.routeDecision(ns, r, hit),
    });
    w.sendIcmpError(ns, pkt, 11, 0, ctx);
    w.drops.push({ reason: 'TTL_EXCEEDED', ns: ns.id, note: 'ttl', dir: ctx.dir, t: w.t });
    return;
  }
  const fwd = nfHook(w, ns, 'FORWARD', pkt, { in: inDev, out: r.dev }, ctx);
  if (!fwd.pass) return;
  pkt = fwd.pkt;
  const dev = w.iface(ns, r.dev);
  const cached = ns.sysctl.ipForwardUsePmtu ? w.k.pmtuOf(ns.id, pkt.ip.dst, w.now()) : undefined;
  const mtu = Math.min(cached ?? Infinity, r.mtu ?? dev?.mtu ?? 1500);
  const limit: MtuLimit = cached !== undefined && cached === mtu ? 'pmtu' : r.mtu === mtu ? 'route' : 'device';
  const check = w.mtuCheck(r.dev ?? '?', mtu, pkt, 0, limit);
  if (!check.fits && pkt.ip.df) {
    const seq = w.hop(ctx, {
      ns,
      kind: 'route',
      device: r.dev,
      note: `${ipSize(pkt)} bytes with DF do not fit ${mtuLimitText(check)}: ICMP fragmentation needed (mtu ${mtu})`,
      pkt,
      mtu: check,
      decided: w.routeDecision(ns, r, hit),
    });
    w.sendIcmpError(ns, pkt, 3, 4, ctx, mtu);
    w.drops.push({ reason: 'FRAG_NEEDED', ns: ns.id, note: `${ipSize(pkt)} bytes with DF do not fit ${mtuLimitText(check)}`, dir: ctx.dir, t: w.t, seq });
    return;
  }
  const out = withIp(pkt, { ttl: pkt.ip.ttl - 1 });
  w.hop(ctx, {
    ns,
    kind: 'forward',
    device: r.dev,
    note: `${ns.name} forwards to ${r.via ?? out.ip.dst} via ${r.dev}: ${formatRoute(r)} (TTL ${pkt.ip.ttl}→${out.ip.ttl})`,
    pkt: out,
    mtu: check,
    decided: w.routeDecision(ns, r, hit),
  });
  const post = nfHook(w, ns, 'POSTROUTING', out, { in: inDev, out: r.dev }, ctx);
  if (!post.pass) return;
  if (!check.fits) {
    w.sendFragments(ns, r, post.pkt, mtu, ctx, false, limit);
    return;
  }
  sendVia(w, ns, r, post.pkt, ctx, false);
}
