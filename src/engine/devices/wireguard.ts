/**
 * WireGuard (LNX drivers/net/wireguard): an L3 device with cryptokey routing. Sending
 * (wg_xmit): the peer whose allowed IPs hold the inner destination (longest prefix) gets it;
 * none, or a peer without an endpoint, answers ICMP host unreachable to the sender
 * (icmp_ndo_send ICMP_HOST_UNREACH). The inner packet is padded to a multiple of 16 bytes but
 * never beyond the device MTU (send.c calculate_skb_padding), encrypted, and sent as a type-4
 * data message over UDP from the listen port to the peer's endpoint. The data message names
 * the session by the index the receiving side gave it.
 *
 * Receiving: the listen port's socket takes the message, the device finds the peer by the
 * receiver index, decrypts, and accepts the inner packet only if its source is one of that
 * peer's allowed IPs (receive.c: "Packet has unallowed src IP"); it then appears on the device.
 * The handshake is not modelled: sessions exist between every pair of configured peers.
 */
import type { Interface, Netns, WireguardPeer } from '../model/datapath';
import { lookupRoute, sourceFor } from '../tables/route';
import { WG_OVERHEAD_IPV4, WG_PADDING_MULTIPLE } from '../wire/headers';
import { cidrContains, cidrString, type Ipv4 } from '../wire/ipv4';
import { ipSize, makePkt, type Pkt } from '../wire/packet';
import { deviceReceive } from './link';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

/** The peer for `ip`: the longest allowed-IPs prefix holding it (allowedips.c is a trie). */
export function peerFor(dev: Interface, ip: Ipv4): WireguardPeer | undefined {
  let best: { peer: WireguardPeer; prefix: number } | undefined;
  for (const peer of dev.wireguard?.peers ?? [])
    for (const c of peer.allowedIps) if (cidrContains(c, ip) && (!best || c.prefix > best.prefix)) best = { peer, prefix: c.prefix };
  return best?.peer;
}

/** Bytes of padding for an inner packet of `len` bytes on a device of `mtu` (calculate_skb_padding). */
export function wgPadding(len: number, mtu: number): number {
  const padded = Math.min(Math.ceil(len / WG_PADDING_MULTIPLE) * WG_PADDING_MULTIPLE, mtu);
  return Math.max(0, padded - len);
}

/** The device that answers as `peer` (its public key, behind its endpoint). */
function remoteDevice(w: DatapathPort, peer: WireguardPeer): { ns: Netns; dev: Interface } | undefined {
  if (!peer.endpoint) return undefined;
  for (const ns of Object.values(w.cluster.netns)) {
    if (!ns.interfaces.some((d) => d.addrs.some((a) => a.ip === peer.endpoint!.ip))) continue;
    const dev = ns.interfaces.find((d) => d.kind === 'wireguard' && d.wireguard?.publicKey === peer.publicKey);
    if (dev) return { ns, dev };
  }
  return undefined;
}

export function wireguardXmit(w: DatapathPort, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): SendStatus {
  const cfg = dev.wireguard!;
  const peer = peerFor(dev, f.pkt.ip.dst);
  const rows = cfg.peers.map((p) => `peer ${p.publicKey} allowed ips ${p.allowedIps.map(cidrString).join(', ') || '(none)'}`);
  const where = `${w.where(ns)} ${dev.name}`;
  if (!peer || !peer.endpoint) {
    const note = peer
      ? `${dev.name}: the peer for ${f.pkt.ip.dst} has no endpoint: ICMP host unreachable to the sender`
      : `${dev.name}: no peer's allowed IPs hold ${f.pkt.ip.dst} (cryptokey routing): ICMP host unreachable to the sender`;
    w.hop(ctx, { ns, kind: 'route', device: dev.name, note, pkt: f.pkt, decided: { table: 'route', row: `(no peer for ${f.pkt.ip.dst})`, rows, where } });
    w.sendIcmpError(ns, f.pkt, 3, 1, ctx);
    w.drops.push({ reason: 'HOST_UNREACHABLE', ns: ns.id, note, dir: ctx.dir, t: w.t });
    return 'ENOKEY';
  }
  const remote = remoteDevice(w, peer);
  const session = remote?.dev.wireguard?.peers.find((p) => p.publicKey === cfg.publicKey);
  if (!session) {
    // no handshake can complete: the peer does not know this device's key; wg queues and retries, the packet never leaves
    w.drop(
      ctx,
      {
        ns,
        device: dev.name,
        note: `${dev.name}: the handshake with ${peer.endpoint.ip} does not complete (the peer does not know this key): nothing is sent`,
        pkt: f.pkt,
      },
      'TUNNEL_NO_REMOTE',
    );
    return 'ok';
  }
  const padding = wgPadding(ipSize(f.pkt), dev.mtu);
  const outerRoute = lookupRoute(ns, peer.endpoint.ip);
  const src = (outerRoute ? sourceFor(ns, outerRoute.route) : undefined) ?? '0.0.0.0';
  const counter = w.k.nextIpId();
  const pkt: Pkt = {
    ...makePkt(
      { src, dst: peer.endpoint.ip, ttl: ns.sysctl.defaultTtl, df: false, proto: 'udp', id: w.k.nextIpId() },
      { kind: 'udp', srcPort: cfg.listenPort, dstPort: peer.endpoint.port },
      0,
      { kind: 'wireguard', receiver: session.index, counter, padding, inner: f.pkt },
    ),
    ...(cfg.fwmark !== undefined ? { mark: cfg.fwmark } : {}),
  };
  w.hop(ctx, {
    ns,
    kind: 'encap',
    device: dev.name,
    note: `${dev.name} encrypts the packet for its peer at ${peer.endpoint.ip}:${peer.endpoint.port}: UDP ${cfg.listenPort} → ${peer.endpoint.port}, +${WG_OVERHEAD_IPV4 + padding} bytes (${WG_OVERHEAD_IPV4}${padding ? ` + ${padding} padding` : ''})`,
    pkt,
    decided: { table: 'route', row: rows[cfg.peers.indexOf(peer)], rows, where },
    tunnel: { kind: 'wireguard', edge: 'start' },
  });
  w.output(ns.id, pkt, ctx, { tunnel: true });
  return 'ok';
}

/** A datagram reached a WireGuard listen port: decrypt and check the inner source against the peer's allowed IPs. */
export function wireguardReceive(w: DatapathPort, ns: Netns, p: Pkt, ctx: Ctx): boolean {
  const l4 = p.l4;
  if (l4?.kind !== 'udp') return false;
  const dev = ns.interfaces.find((d) => d.kind === 'wireguard' && d.up && d.wireguard?.listenPort === l4.dstPort);
  if (!dev) return false;
  const enc = p.encap?.kind === 'wireguard' ? p.encap : undefined;
  const peer = enc && dev.wireguard!.peers.find((x) => x.index === enc.receiver);
  if (!enc || !peer) {
    w.drop(ctx, { ns, device: dev.name, note: `${dev.name}: the message names no session of this device: dropped`, pkt: p }, 'NO_SOCKET');
    return true;
  }
  const inner = enc.inner;
  if (!peer.allowedIps.some((c) => cidrContains(c, inner.ip.src))) {
    w.drop(
      ctx,
      {
        ns,
        device: dev.name,
        note: `${dev.name}: the decrypted packet's source ${inner.ip.src} is not in the peer's allowed IPs: dropped (cryptokey routing)`,
        pkt: inner,
      },
      'WG_UNALLOWED_SRC',
    );
    return true;
  }
  w.hop(ctx, {
    ns,
    kind: 'decap',
    device: dev.name,
    note: `${dev.name} decrypts the message from ${p.ip.src}: the inner packet (from ${inner.ip.src}, one of the peer's allowed IPs) appears on ${dev.name}`,
    pkt: inner,
    decided: { table: 'socket', row: `udp 0.0.0.0:${l4.dstPort} wireguard ${dev.name}`, where: w.where(ns) },
    tunnel: { kind: 'wireguard', edge: 'end' },
  });
  deviceReceive(w, ns, dev, { pkt: inner }, ctx);
  return true;
}
