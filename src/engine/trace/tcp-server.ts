/**
 * The receiving side of TCP (LNX tcp_v4_rcv): a SYN to a listener is answered with SYN-ACK
 * (and the connection remembered, as the accept queue would), a SYN to a closed port with RST;
 * a segment that belongs to no connection is answered with RST (RFC 793 "reset generation"),
 * unless it is a RST itself. On an accepted connection the listener's application answers:
 * the lab's simulated HTTP server sends one response to a request, and the server side closes
 * when the client does (FIN → FIN-ACK). ACKs of data are not walked (simplified).
 */
import type { Netns } from '../model/datapath';
import { lookupRoute } from '../tables/route';
import type { HttpRequestData } from '../wire/app-data';
import { appBytes } from '../wire/app-size';
import { makePkt, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import { appOf, listenerFor, socketFor } from './sockets';
import type { Walker } from './walker';

export function receiveTcp(w: Walker, ns: Netns, dev: string, p: Pkt, ctx: Ctx): void {
  const l4 = p.l4;
  if (l4?.kind !== 'tcp') return;
  const syn = l4.flags.includes('SYN') && !l4.flags.includes('ACK');
  const ip = (df: boolean) => ({ src: p.ip.dst, dst: p.ip.src, ttl: ns.sysctl.defaultTtl, df, proto: 'tcp' as const, id: w.k.nextIpId() });
  const reply = (flags: ('SYN' | 'ACK' | 'PSH' | 'FIN' | 'RST')[], extra: { mss?: number; payload?: number; origin?: number; data?: Pkt['data'] } = {}) => {
    const pkt = makePkt(
      ip(!flags.includes('RST')),
      { kind: 'tcp', srcPort: l4.dstPort, dstPort: l4.srcPort, flags, ...(extra.mss ? { mss: extra.mss } : {}) },
      extra.payload ?? 0,
    );
    w.output(
      ns.id,
      { ...pkt, ...(extra.origin !== undefined ? { origin: extra.origin } : {}), ...(extra.data ? { data: extra.data } : {}) },
      { dir: 'reply', quiet: ctx.quiet },
    );
  };
  if (syn) {
    const sock = listenerFor(ns, 'tcp', p.ip.dst, l4.dstPort);
    if (sock) {
      const r = lookupRoute(ns, p.ip.src);
      const mss = Math.min((ns.interfaces.find((d) => d.name === r?.route.dev)?.mtu ?? 1500) - 40, l4.mss ?? 536);
      w.hop(ctx, {
        ns,
        kind: 'deliver',
        device: dev,
        note: `SYN reaches the listener on ${l4.dstPort} (${sock.owner}); the kernel answers SYN-ACK (mss ${mss})`,
        pkt: p,
        decided: { table: 'socket', row: `tcp LISTEN ${sock.addr ?? '0.0.0.0'}:${l4.dstPort} ${sock.owner}`, where: w.where(ns) },
      });
      if (!socketFor(w.clientSockets, ns.id, p))
        w.clientSockets.push({
          ns: ns.id,
          proto: 'tcp',
          localPort: l4.dstPort,
          localIp: p.ip.dst,
          remote: { ip: p.ip.src, port: l4.srcPort },
          role: 'server',
          listener: sock,
        });
      reply(['SYN', 'ACK'], { mss });
      return;
    }
    const origin = w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `nothing listens on TCP ${l4.dstPort} in ${ns.name}: the kernel answers RST`, pkt: p });
    reply(['RST', 'ACK'], { origin });
    return;
  }
  const conn = socketFor(w.clientSockets, ns.id, p);
  if (!conn) {
    if (l4.flags.includes('RST')) {
      w.hop(ctx, { ns, kind: 'drop', device: dev, note: `a RST for a connection ${ns.name} does not have: ignored`, pkt: p });
      return;
    }
    const origin = w.hop(ctx, {
      ns,
      kind: 'deliver',
      device: dev,
      note: `TCP [${l4.flags.join(',')}] from ${p.ip.src}:${l4.srcPort} matches no connection of ${ns.name} (its socket talks to someone else): the kernel answers RST`,
      pkt: p,
    });
    w.drops.push({ reason: 'NO_SOCKET', ns: ns.id, note: 'segment for no socket', dir: ctx.dir, t: w.t, seq: origin });
    reply(['RST'], { origin });
    return;
  }
  w.hop(ctx, {
    ns,
    kind: 'deliver',
    device: dev,
    note: `TCP [${l4.flags.join(',')}]${p.payload ? ` with ${p.payload} bytes` : ''} reaches ${ns.name}:${l4.dstPort}`,
    pkt: p,
  });
  w.arrivals.push({ ns: ns.id, pkt: p, t: w.t, sock: conn });
  if (conn.role !== 'server') return;
  if (l4.flags.includes('FIN')) {
    // passive close: the server's ACK and FIN leave together
    reply(['FIN', 'ACK']);
    return;
  }
  if (p.data?.app === 'http-request' && conn.listener && appOf(conn.listener) === 'http') {
    // the lab's simulated server answers like the kernel oracle's backend: who served, and the client address it saw
    const req: HttpRequestData = p.data;
    const body = `${ns.name} client=${p.ip.src}:${l4.srcPort}\n`;
    const data = { app: 'http-response' as const, status: 200, reason: 'OK', body, server: conn.listener.owner };
    w.hop(ctx, {
      ns,
      kind: 'reply',
      device: dev,
      note: `${conn.listener.owner}'s simulated HTTP server answers ${req.method} ${req.path}: 200 OK, "${body.trim()}"`,
      pkt: p,
    });
    reply(['PSH', 'ACK'], { payload: appBytes(data), data });
  }
}
