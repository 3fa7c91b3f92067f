/**
 * Flannel, programmed the way flanneld and its bridge delegate do it
 * (REFERENCE.md §1.3 and §6.2; flannel-io/flannel pkg/backend/{vxlan,hostgw}; flannel-io/cni-plugin):
 *
 * - every node gets a /24 of the cluster network; `cni0` is a bridge holding .1/24 with
 *   MTU = FLANNEL_MTU (bridge plugin isGateway, hairpinMode: true);
 * - vxlan: `flannel.<VNI>` (VNI 1, UDP 8472 = the kernel default, `nolearning`, bound to the
 *   node NIC so its MTU is NIC MTU − 50), address `<subnet>.0/32`, and per remote node a route
 *   `<subnet> via <subnet>.0 dev flannel.1 onlink`, a PERMANENT neighbour entry and an FDB
 *   entry `<vtep mac> dst <node ip> self permanent`;
 * - host-gw: per remote node `<subnet> via <node ip> dev eth0`; pod MTU = NIC MTU.
 * - ipip and wireguard: tunnels.ts (flannel.ipip, NIC − 20; flannel-wg, NIC − 80).
 */
import type { ClusterSpec } from '../../model/scenario-schema';
import type { FdbEntry, NeighEntry, Netns, Route } from '../../model/datapath';
import { connectedRoute, route, withDevice, withRoutes } from '../netns';
import { nthAddress, parseCidr, type Cidr, type Ipv4 } from '../../wire/ipv4';
import { macFor } from '../../wire/mac';
import { IPIP_OVERHEAD, VXLAN_OVERHEAD } from '../../wire/headers';
import { flannelNetfilter } from './masq';
import { FLANNEL_WG_OVERHEAD, programIpip, programWireguard } from './tunnels';

export const FLANNEL_DEFAULT_NETWORK = '10.244.0.0/16';
export const FLANNEL_VXLAN_PORT = 8472;
export const FLANNEL_VNI = 1;

export interface FlannelNode {
  readonly name: string;
  readonly ip: Ipv4;
  readonly subnet: Cidr;
  readonly nicMtu: number;
}

export function vxlanDeviceName(vni: number): string {
  return `flannel.${vni}`;
}

export function vtepMac(node: string, vni: number): string {
  return macFor(`${node}/${vxlanDeviceName(vni)}`);
}

/**
 * The MTU of flannel.1. With a lower device the kernel caps the MTU at lower MTU − 50 when the
 * device is created (`ip link add … mtu 1500 type vxlan … dev eth0` succeeds with 1450 — kernel
 * oracle), while a later `ip link set … mtu` above the cap is refused (see faults).
 */
export function vxlanMtu(spec: ClusterSpec, nicMtu: number): { mtu: number; capped?: boolean } {
  const opts = spec.vxlan;
  const bound = (opts?.lowerDevice ?? 'bound') === 'bound';
  // LNX drivers/net/vxlan: with a lower device, max_mtu = lower MTU − VXLAN_HEADROOM and the
  // default MTU is that maximum; without one, the device starts at ETH_DATA_LEN (1500).
  const max = bound ? nicMtu - VXLAN_OVERHEAD : 65535;
  const wanted = opts?.mtu ?? (bound ? max : 1500);
  return wanted > max ? { mtu: max, capped: true } : { mtu: wanted };
}

/** FLANNEL_MTU for a node: what the bridge and the pods get unless podMTU overrides it. */
export function flannelMtu(spec: ClusterSpec, nicMtu: number): number {
  const mode = spec.mode ?? 'vxlan';
  if (mode === 'vxlan') return vxlanMtu(spec, nicMtu).mtu;
  if (mode === 'ipip') return nicMtu - IPIP_OVERHEAD;
  if (mode === 'wireguard') return nicMtu - FLANNEL_WG_OVERHEAD;
  return nicMtu;
}

/** Programs one node's root namespace: cni0, flannel.1 and the routes to every other node. */
export function programFlannelNode(spec: ClusterSpec, ns: Netns, me: FlannelNode, all: readonly FlannelNode[]): Netns {
  const mode = spec.mode ?? 'vxlan';
  const podMtu = spec.podMTU === 'auto' ? flannelMtu(spec, me.nicMtu) : spec.podMTU;
  const gw = nthAddress(me.subnet, 1);
  let out = withDevice(ns, { name: 'cni0', kind: 'bridge', mtu: podMtu, up: true, addrs: [{ ip: gw, prefix: 24 }], mtuSetByUser: true });
  const routes: Route[] = [connectedRoute(gw, me.subnet.prefix, 'cni0')];
  const neigh: NeighEntry[] = [];
  const fdb: FdbEntry[] = [];
  const others = all.filter((n) => n.name !== me.name);
  const network = spec.podCIDR ? parseCidr(spec.podCIDR) : parseCidr(FLANNEL_DEFAULT_NETWORK);
  if (mode === 'ipip' || mode === 'wireguard') {
    const b = mode === 'ipip' ? programIpip(out, me, others) : programWireguard(out, me, others, network);
    out = b.ns;
    routes.push(...b.routes);
  } else if (mode === 'vxlan') {
    const vni = spec.vxlan?.vni ?? FLANNEL_VNI;
    const dev = vxlanDeviceName(vni);
    const port = spec.vxlan?.port ?? FLANNEL_VXLAN_PORT;
    const bound = (spec.vxlan?.lowerDevice ?? 'bound') === 'bound';
    out = withDevice(out, {
      name: dev,
      kind: 'vxlan',
      mac: vtepMac(me.name, vni),
      mtu: vxlanMtu(spec, me.nicMtu).mtu,
      up: true,
      addrs: [{ ip: me.subnet.net, prefix: 32 }],
      vxlan: { vni, port, local: me.ip, dev: bound ? 'eth0' : undefined, df: spec.vxlan?.df ?? 'unset', learning: false },
    });
    out = { ...out, sockets: [...out.sockets, { proto: 'udp', port, owner: `vxlan ${dev}`, app: 'vxlan' }] };
    for (const o of others) {
      const vtep = o.subnet.net;
      routes.push(route(`${o.subnet.net}/${o.subnet.prefix}`, { via: vtep, dev, onlink: true }));
      neigh.push({ ip: vtep, dev, mac: vtepMac(o.name, vni), state: 'PERMANENT' });
      fdb.push({ mac: vtepMac(o.name, vni), dev, dst: o.ip, self: true, permanent: true });
    }
  } else {
    for (const o of others) routes.push(route(`${o.subnet.net}/${o.subnet.prefix}`, { via: o.ip, dev: 'eth0' }));
  }
  out = withRoutes(out, routes);
  return {
    ...out,
    neigh: [...out.neigh, ...neigh],
    fdb: [...out.fdb, ...fdb],
    netfilter: flannelNetfilter(out.netfilter, network, me.subnet, spec.flannel?.ipMasq ?? true),
  };
}

/** A pod's routes under Flannel's bridge delegate (REFERENCE.md §6.2, "Pod on flannel"). */
export function flannelPodRoutes(network: Cidr, subnet: Cidr, podIp: Ipv4): Route[] {
  const gw = nthAddress(subnet, 1);
  return [
    route('default', { via: gw, dev: 'eth0' }),
    route(`${network.net}/${network.prefix}`, { via: gw, dev: 'eth0' }),
    connectedRoute(podIp, subnet.prefix, 'eth0'),
  ];
}
