/**
 * Socket lookup (LNX __inet_lookup / __udp4_lib_lookup): a segment or datagram belongs to a
 * connected socket when its 4-tuple matches, else to a listening socket bound to its port
 * (and address, or 0.0.0.0). A connected UDP socket takes datagrams only from its peer — so a
 * DNS answer from a pod address, when the resolver sent to a Service address, finds no
 * socket (glibc connects its resolver socket; musl checks the source in userspace).
 */
import type { Netns, Socket } from '../model/datapath';
import type { Ipv4 } from '../wire/ipv4';
import type { Pkt } from '../wire/packet';
import { portsOf } from '../wire/packet';

/** A socket opened during the walk: the probe's sender, or a connection a server accepted. */
export interface ClientSocket {
  readonly ns: string;
  readonly proto: 'tcp' | 'udp';
  readonly localPort: number;
  readonly localIp?: Ipv4;
  /** the peer it is connected to (TCP always; UDP when connect()ed) */
  readonly remote?: { readonly ip: Ipv4; readonly port: number };
  /** `server`: accepted from a listener (answers with the listener's app); `client`: the probe's own */
  readonly role: 'client' | 'server';
  readonly listener?: Socket;
}

export function listenerFor(ns: Netns, proto: 'tcp' | 'udp', ip: Ipv4, port: number): Socket | undefined {
  return ns.sockets.find((s) => s.proto === proto && s.port === port && (!s.addr || s.addr === '0.0.0.0' || s.addr === ip));
}

/** The open socket a packet arriving in `ns` belongs to, if any. */
export function socketFor(socks: readonly ClientSocket[], nsId: string, p: Pkt): ClientSocket | undefined {
  const proto = p.ip.proto;
  if (proto !== 'tcp' && proto !== 'udp') return undefined;
  const { sport, dport } = portsOf(p);
  let loose: ClientSocket | undefined;
  for (const s of socks) {
    if (s.ns !== nsId || s.proto !== proto || s.localPort !== dport) continue;
    if (s.localIp && s.localIp !== p.ip.dst) continue;
    if (s.remote) {
      if (s.remote.ip === p.ip.src && s.remote.port === sport) return s;
      continue;
    }
    loose ??= s;
  }
  return loose;
}

export function appOf(s: Socket): NonNullable<Socket['app']> {
  return s.app ?? (s.proto === 'tcp' ? 'http' : 'echo');
}
