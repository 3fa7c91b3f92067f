/**
 * flanneld's `ipip` and `wireguard` backends (research: /work/notes/vpc-flannel.md §8, §9):
 *
 * - ipip (flannel-io/flannel pkg/backend/ipip/ipip.go configureIPIPDevice, GetRoute): device
 *   `flannel.ipip` = `ipip any remote any local <node ip> ttl inherit nopmtudisc` (flannel sends
 *   IFLA_IPTUN_PMTUDISC 0, so the outer DF copies the inner one), MTU = NIC − 20, address
 *   `<subnet>.0/32` ("so that no broadcast routes are created"), per remote node
 *   `<subnet> via <node ip> dev flannel.ipip onlink`. Loading the ipip module makes the kernel
 *   create `tunl0` too (LNX net/ipv4/ipip.c ipip_init_net); flannel leaves it DOWN ("this is
 *   expected and it's not a bug", Documentation/backends.md).
 * - wireguard (pkg/backend/wireguard/device.go newWGDevice, Configure, addPeer; wireguard_network.go):
 *   device `flannel-wg` (Mode separate, IPv4 only: no `flannel-wg-v6`), MTU = NIC − 80
 *   (wireguard_network.go overhead 80: room for an IPv6 outer header, so a full-size inner packet
 *   leaves as 1480 bytes on a 1500 underlay), listen port 51820, address `<subnet>.0/32`, ONE
 *   route for the whole network `<network> dev flannel-wg scope link`, and a peer per remote lease:
 *   endpoint `<node ip>:51820`, allowed IPs = that node's subnet, no keepalive, no PSK.
 */
import type { Interface, Netns, Route, Socket, WireguardPeer } from '../../model/datapath';
import { route, withDevice } from '../netns';
import { IPIP_OVERHEAD } from '../../wire/headers';
import { cidrString, type Cidr } from '../../wire/ipv4';
import type { FlannelNode } from './node';
import { wgKeyPair, wgSessionIndex } from './wg-keys';

export const FLANNEL_IPIP_DEV = 'flannel.ipip';
export const FLANNEL_WG_DEV = 'flannel-wg';
export const FLANNEL_WG_PORT = 51820;
/** flannel-io/flannel pkg/backend/wireguard/wireguard_network.go: `overhead = 80` (also in REFERENCE.md §1.1) */
export const FLANNEL_WG_OVERHEAD = 80;

export interface BackendResult {
  readonly ns: Netns;
  readonly routes: readonly Route[];
}

export function programIpip(ns: Netns, me: FlannelNode, others: readonly FlannelNode[]): BackendResult {
  const tunl0: Omit<Interface, 'ifindex' | 'mac'> = {
    name: 'tunl0',
    kind: 'ipip',
    mtu: me.nicMtu - IPIP_OVERHEAD,
    up: false,
    addrs: [],
    ipip: { ttl: 0, pmtudisc: false },
  };
  let out = withDevice(ns, tunl0);
  out = withDevice(out, {
    name: FLANNEL_IPIP_DEV,
    kind: 'ipip',
    mtu: me.nicMtu - IPIP_OVERHEAD,
    up: true,
    addrs: [{ ip: me.subnet.net, prefix: 32 }],
    ipip: { local: me.ip, ttl: 0, pmtudisc: false },
  });
  // RTPROT_BOOT, which iproute2 does not print; the gateway is the remote node itself (onlink: NOARP device)
  const routes = others.map((o) => route(cidrString(o.subnet), { via: o.ip, dev: FLANNEL_IPIP_DEV, onlink: true }));
  return { ns: out, routes };
}

export function wgPeers(me: FlannelNode, others: readonly FlannelNode[]): WireguardPeer[] {
  return others.map((o) => ({
    publicKey: wgKeyPair(o.name).publicKey,
    endpoint: { ip: o.ip, port: FLANNEL_WG_PORT },
    allowedIps: [o.subnet],
    index: wgSessionIndex(me.name, o.name),
  }));
}

export function programWireguard(ns: Netns, me: FlannelNode, others: readonly FlannelNode[], network: Cidr): BackendResult {
  let out = withDevice(ns, {
    name: FLANNEL_WG_DEV,
    kind: 'wireguard',
    mtu: me.nicMtu - FLANNEL_WG_OVERHEAD,
    up: true,
    addrs: [{ ip: me.subnet.net, prefix: 32 }],
    wireguard: { listenPort: FLANNEL_WG_PORT, publicKey: wgKeyPair(me.name).publicKey, peers: wgPeers(me, others) },
  });
  const sock: Socket = { proto: 'udp', port: FLANNEL_WG_PORT, owner: `wireguard ${FLANNEL_WG_DEV}`, app: 'wireguard' };
  out = { ...out, sockets: [...out.sockets, sock] };
  return { ns: out, routes: [route(cidrString(network), { dev: FLANNEL_WG_DEV, scope: 'link' })] };
}
