/**
 * IP-in-IP (RFC 2003; LNX net/ipv4/ipip.c, ip_tunnel.c ip_tunnel_xmit). An L3 device: no ARP,
 * no Ethernet header. The outer destination is the device's `remote`, or for a device with
 * none (tunl0, `ipip any remote any`) the gateway of the route that chose it (rt_nexthop:
 * `10.244.2.0/26 via 192.168.1.11 dev tunl0 onlink` sends to 192.168.1.11). The outer source
 * is `local`, or what the route to the outer destination selects. The outer TTL is the
 * device's, or the inner packet's with `ttl inherit`; the outer DF is set with `pmtudisc` and
 * otherwise copies the inner one (ip_tunnel_xmit: `df |= inner_iph->frag_off & IP_DF`). With
 * `pmtudisc`, a DF inner packet too big for the underlay route minus 20 gets ICMP
 * fragmentation-needed from the tunnel (tnl_update_pmtu); tunl0 is `nopmtudisc`.
 *
 * Receiving (ipip_rcv): an IPv4 packet of protocol 4 addressed to the host goes to the tunnel
 * matching its addresses — tunl0 takes any — and the inner packet appears on that device.
 */
import type { Interface, Netns } from '../model/datapath';
import { lookupRoute, sourceFor } from '../tables/route';
import { IPIP_OVERHEAD } from '../wire/headers';
import type { Ipv4 } from '../wire/ipv4';
import { ipSize, makePkt, type Pkt } from '../wire/packet';
import { deviceReceive } from './link';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

export function ipipXmit(w: DatapathPort, ns: Netns, dev: Interface, f: Frame, ctx: Ctx, nexthop: Ipv4): SendStatus {
  const cfg = dev.ipip ?? { ttl: 0, pmtudisc: false };
  const dst = cfg.remote ?? nexthop;
  if (dst === f.pkt.ip.dst && !cfg.remote) {
    // rt_nexthop gave the inner destination itself: the route has no gateway, so the outer packet would be routed back here
    w.drop(
      ctx,
      { ns, device: dev.name, note: `${dev.name} has no remote and the route gives no gateway: no tunnel endpoint for ${f.pkt.ip.dst}`, pkt: f.pkt },
      'TUNNEL_NO_REMOTE',
    );
    return 'ok';
  }
  const outer = lookupRoute(ns, dst);
  if (cfg.pmtudisc && f.pkt.ip.df && outer) {
    const lower = ns.interfaces.find((d) => d.name === outer.route.dev);
    const mtu = (outer.route.mtu ?? lower?.mtu ?? 1500) - IPIP_OVERHEAD;
    if (ipSize(f.pkt) > mtu) {
      const fit = `${ipSize(f.pkt)} bytes with DF do not fit the tunnel (underlay ${outer.route.mtu !== undefined ? `route mtu` : `${outer.route.dev} mtu`} ${mtu + IPIP_OVERHEAD} − ${IPIP_OVERHEAD})`;
      const seq = w.hop(ctx, {
        ns,
        kind: 'encap',
        device: dev.name,
        note: `${fit}: ICMP fragmentation needed (mtu ${mtu})`,
        pkt: f.pkt,
      });
      w.sendIcmpError(ns, f.pkt, 3, 4, ctx, mtu);
      w.drops.push({ reason: 'FRAG_NEEDED', ns: ns.id, note: fit, dir: ctx.dir, t: w.t, seq });
      return 'ok';
    }
  }
  const src = cfg.local ?? (outer ? sourceFor(ns, outer.route) : undefined) ?? '0.0.0.0';
  const ttl = cfg.ttl === 0 ? f.pkt.ip.ttl : cfg.ttl;
  const df = cfg.pmtudisc || f.pkt.ip.df;
  const pkt = makePkt({ src, dst, ttl, df, proto: 'ipip', id: w.k.nextIpId() }, undefined, 0, { kind: 'ipip', inner: f.pkt });
  w.hop(ctx, {
    ns,
    kind: 'encap',
    device: dev.name,
    note: `${dev.name} wraps the packet in IP-in-IP (protocol 4): outer ${src} → ${dst} (+${IPIP_OVERHEAD} bytes${df ? (cfg.pmtudisc ? ', outer DF set (pmtudisc)' : ', DF copied from the inner packet') : ''})`,
    pkt,
    decided: {
      table: 'route',
      row: cfg.remote ? `${dev.name} remote ${cfg.remote}` : `nexthop ${dst} (the route's gateway)`,
      where: `${w.where(ns)} ${dev.name}`,
    },
    tunnel: { kind: 'ipip', edge: 'start' },
  });
  w.output(ns.id, pkt, ctx, { tunnel: true });
  return 'ok';
}

/** Protocol 4 reached the host: the matching IP-in-IP device decapsulates. False when none is up (the caller answers protocol unreachable). */
export function ipipReceive(w: DatapathPort, ns: Netns, p: Pkt, ctx: Ctx): boolean {
  if (p.encap?.kind !== 'ipip') return false;
  const devs = ns.interfaces.filter((d) => d.kind === 'ipip' && d.up);
  const exact = devs.find((d) => d.ipip?.remote === p.ip.src && (!d.ipip.local || d.ipip.local === p.ip.dst));
  const dev = exact ?? devs.find((d) => !d.ipip?.remote && (!d.ipip?.local || d.ipip.local === p.ip.dst));
  if (!dev) return false;
  const inner = p.encap.inner;
  w.hop(ctx, {
    ns,
    kind: 'decap',
    device: dev.name,
    note: `IP-in-IP from ${p.ip.src}: ${dev.name} strips the outer header and the inner packet appears on ${dev.name}`,
    pkt: inner,
    decided: { table: 'route', row: `${dev.name}: ipip remote ${dev.ipip?.remote ?? 'any'} local ${dev.ipip?.local ?? 'any'}`, where: w.where(ns) },
    tunnel: { kind: 'ipip', edge: 'end' },
  });
  deviceReceive(w, ns, dev, { pkt: inner }, ctx);
  return true;
}
