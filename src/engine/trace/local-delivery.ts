/**
 * What a host does with a packet addressed to it: reassemble fragments, answer echo
 * requests (icmp_echo), hand ICMP errors to the socket that sent the offending packet and
 * learn the path MTU from fragmentation-needed (LNX ipv4_update_pmtu, RFC 1191), decapsulate
 * VXLAN on the tunnel's UDP port, answer a SYN (SYN-ACK or RST), or refuse a UDP datagram
 * with ICMP port unreachable.
 */
import type { Netns } from '../model/datapath';
import { l3Data, makePkt, withIp, ipSize, type Pkt } from './packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';
import { deviceReceive } from '../devices/l2';
import { lookupRoute } from '../tables/route';

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
        { kind: 'icmp', type: 0, code: 0, seq: l4.seq },
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
    const sock = ns.sockets.find((s) => s.proto === 'udp' && s.port === l4.dstPort);
    const vx =
      sock && p.encap ? ns.interfaces.find((d) => d.kind === 'vxlan' && d.up && d.vxlan?.port === l4.dstPort && d.vxlan.vni === p.encap!.vxlan.vni) : undefined;
    if (vx && p.encap) {
      const inner = p.encap.inner;
      w.hop(ctx, {
        ns,
        kind: 'decap',
        device: vx.name,
        note: `UDP ${l4.dstPort} belongs to ${vx.name} (VNI ${vx.vxlan!.vni}): outer headers removed, the inner frame appears on ${vx.name}`,
        pkt: inner,
        eth: p.encap.eth,
        decided: { table: 'socket', row: `udp 0.0.0.0:${l4.dstPort} ${sock!.owner}`, where: w.where(ns) },
      });
      deviceReceive(w, ns, vx, { eth: p.encap.eth, pkt: inner }, ctx);
      return;
    }
    if (sock) {
      w.hop(ctx, {
        ns,
        kind: 'deliver',
        device: dev,
        note: `UDP datagram delivered to the socket on port ${l4.dstPort} (${sock.owner})`,
        pkt: p,
        decided: { table: 'socket', row: `udp 0.0.0.0:${l4.dstPort} ${sock.owner}`, where: w.where(ns) },
      });
      w.arrivals.push({ ns: ns.id, pkt: p, t: w.t });
      return;
    }
    w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `nothing listens on UDP ${l4.dstPort} in ${ns.name}: ICMP port unreachable`, pkt: p });
    w.sendIcmpError(ns, p, 3, 3, ctx);
    return;
  }
  if (l4?.kind === 'tcp') {
    const syn = l4.flags.includes('SYN') && !l4.flags.includes('ACK');
    if (!syn) {
      w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `TCP [${l4.flags.join(',')}] reaches ${ns.name}:${l4.dstPort}`, pkt: p });
      w.arrivals.push({ ns: ns.id, pkt: p, t: w.t });
      return;
    }
    const sock = ns.sockets.find((s) => s.proto === 'tcp' && s.port === l4.dstPort);
    const ip = { src: p.ip.dst, dst: p.ip.src, ttl: ns.sysctl.defaultTtl, df: true, proto: 'tcp' as const, id: w.k.nextIpId() };
    if (sock) {
      const r = lookupRoute(ns, p.ip.src);
      const mss = Math.min((ns.interfaces.find((d) => d.name === r?.route.dev)?.mtu ?? 1500) - 40, l4.mss ?? 536);
      w.hop(ctx, {
        ns,
        kind: 'deliver',
        device: dev,
        note: `SYN reaches the listener on ${l4.dstPort} (${sock.owner}); the kernel answers SYN-ACK (mss ${mss})`,
        pkt: p,
        decided: { table: 'socket', row: `tcp LISTEN 0.0.0.0:${l4.dstPort} ${sock.owner}`, where: w.where(ns) },
      });
      w.output(ns.id, makePkt(ip, { kind: 'tcp', srcPort: l4.dstPort, dstPort: l4.srcPort, flags: ['SYN', 'ACK'], mss }, 0), {
        dir: 'reply',
        quiet: ctx.quiet,
      });
      return;
    }
    const origin = w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `nothing listens on TCP ${l4.dstPort} in ${ns.name}: the kernel answers RST`, pkt: p });
    w.output(
      ns.id,
      { ...makePkt({ ...ip, df: false }, { kind: 'tcp', srcPort: l4.dstPort, dstPort: l4.srcPort, flags: ['RST', 'ACK'] }, 0), origin },
      {
        dir: 'reply',
        quiet: ctx.quiet,
      },
    );
    return;
  }
  w.drop(ctx, { ns, device: dev, note: 'no socket for this packet', pkt: p }, 'NO_SOCKET');
}
