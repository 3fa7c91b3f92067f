/**
 * What a host does with a packet addressed to it: reassemble fragments, answer echo
 * requests (icmp_echo), hand ICMP errors to the socket that sent the offending packet and
 * learn the path MTU from fragmentation-needed (LNX ipv4_update_pmtu, RFC 1191), decapsulate
 * VXLAN on the tunnel's UDP port, hand TCP to its socket (tcp-server.ts) and UDP to the open
 * socket or the listener's application (udp-server.ts), or refuse a UDP datagram with ICMP
 * port unreachable.
 */
import type { Netns } from '../model/datapath';
import { l3Data, makePkt, withIp, ipSize, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';
import { tunnelReceive } from '../devices/drivers';
import { lookupRoute } from '../tables/route';
import { listenerFor, socketFor } from './sockets';
import { receiveTcp } from './tcp-server';
import { serveUdp } from './udp-server';

/** net.ipv4.route.min_pmtu: a reported MTU below 552 is raised to it (LNX __ip_rt_update_pmtu). */
export const IP_RT_MIN_PMTU = 552;

function learnFromFragNeeded(w: Walker, ns: Netns, err: Pkt, ctx: Ctx): void {
  const l4 = err.l4;
  const orig = err.quote;
  if (!orig || l4?.kind !== 'icmp' || l4.type !== 3 || l4.code !== 4 || !l4.mtu) return;
  const r = lookupRoute(ns, orig.ip.dst);
  const devMtu = ns.interfaces.find((d) => d.name === r?.route.dev)?.mtu ?? 1500;
  const current = w.k.pmtuOf(ns.id, orig.ip.dst, w.now()) ?? r?.route.mtu ?? devMtu;
  let mtu = l4.mtu;
  if (mtu >= current) return;
  if (mtu < IP_RT_MIN_PMTU) mtu = Math.min(current, IP_RT_MIN_PMTU);
  w.k.learnPmtu(ns.id, orig.ip.dst, mtu, w.now());
  w.hop(ctx, {
    ns,
    kind: 'deliver',
    note: `${ns.name} caches path MTU ${mtu} towards ${orig.ip.dst} for 600 s (ip route get … cache mtu ${mtu})`,
    pkt: err,
    decided: { table: 'pmtu', row: `${orig.ip.dst} cache expires 600sec mtu ${mtu}`, where: w.where(ns) },
  });
}

function reassemble(w: Walker, ns: Netns, p: Pkt, ctx: Ctx): { pkt: Pkt; ctx: Ctx } | undefined {
  const whole = p.fragOf!;
  const key = `${ns.id} ${p.ip.src} ${p.ip.dst} ${p.ip.id}`;
  const prev = w.reassembly.get(key) ?? { got: 0, shown: false };
  const now = { got: prev.got + p.payload, shown: prev.shown || !ctx.quiet };
  if (now.got < l3Data(whole)) {
    w.reassembly.set(key, now);
    w.hop(ctx, { ns, kind: 'fragment', note: `fragment at offset ${p.ip.fragOffset} held for reassembly`, pkt: p });
    return undefined;
  }
  w.reassembly.delete(key);
  // The datagram continues as loudly as its first fragment was shown.
  const next: Ctx = { dir: ctx.dir, quiet: !now.shown };
  const out = withIp(whole, { ttl: p.ip.ttl });
  w.hop(next, { ns, kind: 'fragment', note: `${ns.name} reassembles the fragments into ${ipSize(out)} bytes`, pkt: out });
  return { pkt: out, ctx: next };
}

export function deliverLocal(w: Walker, ns: Netns, dev: string, pkt: Pkt, inCtx: Ctx): void {
  const whole = pkt.fragOf ? reassemble(w, ns, pkt, inCtx) : { pkt, ctx: inCtx };
  if (!whole) return;
  const { pkt: p, ctx } = whole;
  const l4 = p.l4;
  if (l4?.kind === 'icmp') {
    if (l4.type === 8) {
      w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `echo request reaches ${ns.name}; the kernel answers with an echo reply`, pkt: p });
      // icmp_reply: the kernel's ICMP socket uses IP_PMTUDISC_DONT, so replies never carry DF.
      const reply = makePkt(
        { src: p.ip.dst, dst: p.ip.src, ttl: ns.sysctl.defaultTtl, df: false, proto: 'icmp', id: w.k.nextIpId() },
        { kind: 'icmp', type: 0, code: 0, ...(l4.id !== undefined ? { id: l4.id } : {}), seq: l4.seq },
        p.payload,
      );
      w.output(ns.id, reply, { dir: 'reply', quiet: ctx.quiet });
      return;
    }
    learnFromFragNeeded(w, ns, p, ctx);
    w.hop(ctx, {
      ns,
      kind: 'deliver',
      device: dev,
      note: l4.type === 0 ? `echo reply reaches ${ns.name}` : `ICMP type ${l4.type} code ${l4.code} from ${p.ip.src} reaches ${ns.name}`,
      pkt: p,
    });
    w.arrivals.push({ ns: ns.id, pkt: p, t: w.t });
    return;
  }
  if (l4?.kind === 'udp') {
    // a tunnel device's UDP socket (encap_rcv): VXLAN, Geneve, WireGuard
    const tunnelSock = listenerFor(ns, 'udp', p.ip.dst, l4.dstPort);
    if (tunnelSock && (tunnelSock.app === 'vxlan' || tunnelSock.app === 'geneve' || tunnelSock.app === 'wireguard') && tunnelReceive(w, ns, p, ctx)) return;
    const open = socketFor(w.clientSockets, ns.id, p);
    if (open) {
      w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `UDP datagram from ${p.ip.src}:${l4.srcPort} reaches the socket on port ${l4.dstPort}`, pkt: p });
      w.arrivals.push({ ns: ns.id, pkt: p, t: w.t, sock: open });
      return;
    }
    const sock = listenerFor(ns, 'udp', p.ip.dst, l4.dstPort);
    if (sock) return serveUdp(w, ns, dev, sock, p, ctx);
    w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `nothing listens on UDP ${l4.dstPort} in ${ns.name}: ICMP port unreachable`, pkt: p });
    w.sendIcmpError(ns, p, 3, 3, ctx);
    return;
  }
  if (l4?.kind === 'tcp') return receiveTcp(w, ns, dev, p, ctx);
  if (p.ip.proto === 'ipip') {
    if (tunnelReceive(w, ns, p, ctx)) return;
    // no IP-in-IP device: nothing handles protocol 4 (icmp_unreach from ip_local_deliver_finish)
    w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `${ns.name} has no IP-in-IP device: ICMP protocol unreachable`, pkt: p });
    w.sendIcmpError(ns, p, 3, 2, ctx);
    return;
  }
  w.drop(ctx, { ns, device: dev, note: 'no socket for this packet', pkt: p }, 'NO_SOCKET');
}
