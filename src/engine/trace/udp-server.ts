/**
 * A UDP datagram for a listening socket: the listener's application answers. The lab's
 * container ports run a simulated echo server (the datagram comes back, same size); CoreDNS
 * and the upstream resolver answer DNS (dns-server.ts); the VXLAN driver's socket takes only
 * VXLAN (a plain datagram on 8472 is dropped by vxlan_rcv).
 */
import type { Netns, Socket } from '../model/datapath';
import { makePkt, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import { appOf } from './sockets';
import type { Walker } from './walker';
import { serveDns } from './dns-server';

export function serveUdp(w: Walker, ns: Netns, dev: string, sock: Socket, p: Pkt, ctx: Ctx): void {
  const l4 = p.l4;
  if (l4?.kind !== 'udp') return;
  const app = appOf(sock);
  const decided = { table: 'socket' as const, row: `udp ${sock.addr ?? '0.0.0.0'}:${l4.dstPort} ${sock.owner}`, where: w.where(ns) };
  if (app === 'vxlan' || app === 'geneve' || app === 'wireguard') {
    w.drop(
      ctx,
      {
        ns,
        device: dev,
        note: `UDP ${l4.dstPort} is ${sock.owner}'s, and no device of it is up to take this datagram: the tunnel driver drops it`,
        pkt: p,
        decided,
      },
      'NO_SOCKET',
    );
    return;
  }
  if (app === 'coredns' || app === 'resolver') {
    w.hop(ctx, { ns, kind: 'deliver', device: dev, note: `DNS query reaches ${sock.owner} on UDP ${l4.dstPort}`, pkt: p, decided });
    w.arrivals.push({ ns: ns.id, pkt: p, t: w.t });
    serveDns(w, ns, sock, p, ctx);
    return;
  }
  w.hop(ctx, {
    ns,
    kind: 'deliver',
    device: dev,
    note: `UDP datagram delivered to the socket on port ${l4.dstPort} (${sock.owner}); the lab's echo server sends it back`,
    pkt: p,
    decided,
  });
  w.arrivals.push({
    ns: ns.id,
    pkt: p,
    t: w.t,
    sock: { ns: ns.id, proto: 'udp', localPort: l4.dstPort, localIp: p.ip.dst, remote: { ip: p.ip.src, port: l4.srcPort }, role: 'server', listener: sock },
  });
  const echo = makePkt(
    { src: p.ip.dst, dst: p.ip.src, ttl: ns.sysctl.defaultTtl, df: false, proto: 'udp', id: w.k.nextIpId() },
    { kind: 'udp', srcPort: l4.dstPort, dstPort: l4.srcPort },
    p.payload,
  );
  w.output(ns.id, { ...echo, data: { app: 'echo', bytes: p.payload } }, { dir: 'reply', quiet: ctx.quiet });
}
