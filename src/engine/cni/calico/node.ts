/**
 * One node as calico-node programs it at start-up (/work/notes/calico.md §1.5, §2.4, §3, §7):
 *
 * - the pod MTU Felix writes to /var/lib/calico/mtu: the NIC MTU minus the largest overhead of
 *   the enabled encapsulations (IPIP 20, VXLAN 50, WireGuard 60; int_dataplane.go determinePodMTU);
 *   CrossSubnet still pays it (a pod cannot know its path);
 * - the node's first IPAM block, with its blackhole route: BIRD's `blackhole <block> proto bird`
 *   (bgp, ipip) or Felix's `blackhole <block> proto 80` (VXLAN pools: BIRD rejects them);
 * - the tunnel device with the address calico-node allocates before any pod (ordinal 0 of the
 *   block): tunl0 (the kernel's fallback IPIP device, 1480) or vxlan.calico (VNI 4096, 4789,
 *   nolearning, 1450); wireguard.cali (51820, 1440) with its `ip rule` to table 1;
 * - BIRD listening on TCP 179 where it runs; Felix's static iptables chains.
 */
import type { ClusterSpec } from '../../model/scenario-schema';
import type { Netns, Route } from '../../model/datapath';
import { route, withDevice, withRoutes } from '../netns';
import { cidrString, type Cidr, type Ipv4 } from '../../wire/ipv4';
import { IPIP_OVERHEAD, VXLAN_OVERHEAD } from '../../wire/headers';
import {
  BGP_PORT,
  BIRD_OWNER,
  CALICO_IPIP_DEVICE,
  CALICO_VXLAN_DEVICE,
  CALICO_VXLAN_PORT,
  CALICO_VXLAN_VNI,
  CALICO_WG_DEVICE,
  CALICO_WG_MARK,
  CALICO_WG_PORT,
  CALICO_WG_RULE_PRIORITY,
  CALICO_WG_TABLE,
  FELIX_ROUTE_PROTO,
  calicoVtepMac,
  calicoWgKey,
  type CalicoMode,
} from './names';
import { felixStatic, IPSET_ALL_HOSTS, IPSET_ALL_POOLS, IPSET_MASQ_POOLS } from './felix-static';

/** Felix's IPv4 WireGuard overhead (int_dataplane.go wireguardMTUOverhead; REFERENCE.md §1.1) */
export const CALICO_WG_OVERHEAD = 60;

export function calicoPodMtu(mode: CalicoMode, nicMtu: number): number {
  const overheads = [0, mode.encap === 'ipip' ? IPIP_OVERHEAD : 0, mode.encap === 'vxlan' ? VXLAN_OVERHEAD : 0, mode.wireguard ? CALICO_WG_OVERHEAD : 0];
  return nicMtu - Math.max(...overheads);
}

/** The local block's blackhole: BIRD's static route, or Felix's for VXLAN pools. */
export function blockBlackhole(mode: CalicoMode, block: Cidr): Route {
  return route(cidrString(block), { type: 'blackhole', proto: mode.encap === 'vxlan' ? FELIX_ROUTE_PROTO : 'bird' });
}

export interface CalicoNodeInit {
  readonly name: string;
  readonly ip: Ipv4;
  readonly nicMtu: number;
  readonly block: Cidr;
  /** the tunnel address from the node's block (IPIP / VXLAN / WireGuard), when the mode has a tunnel */
  readonly tunnelIp?: Ipv4;
}

export function programCalicoNode(spec: ClusterSpec, mode: CalicoMode, ns: Netns, n: CalicoNodeInit, pool: Cidr, allNodeIps: readonly Ipv4[]): Netns {
  let out = ns;
  const tunnelAddr = n.tunnelIp ? [{ ip: n.tunnelIp, prefix: 32 }] : [];
  if (mode.encap === 'ipip') {
    out = withDevice(out, {
      name: CALICO_IPIP_DEVICE,
      kind: 'ipip',
      mtu: n.nicMtu - IPIP_OVERHEAD,
      up: true,
      addrs: tunnelAddr,
      ipip: { ttl: 0, pmtudisc: false },
    });
  }
  if (mode.encap === 'vxlan') {
    out = withDevice(out, {
      name: CALICO_VXLAN_DEVICE,
      kind: 'vxlan',
      mac: calicoVtepMac(n.name),
      mtu: n.nicMtu - VXLAN_OVERHEAD,
      up: true,
      addrs: tunnelAddr,
      vxlan: { vni: CALICO_VXLAN_VNI, port: CALICO_VXLAN_PORT, local: n.ip, dev: 'eth0', df: 'unset', learning: false },
    });
    out = { ...out, sockets: [...out.sockets, { proto: 'udp', port: CALICO_VXLAN_PORT, owner: `vxlan ${CALICO_VXLAN_DEVICE}`, app: 'vxlan' }] };
  }
  if (mode.wireguard) {
    out = withDevice(out, {
      name: CALICO_WG_DEVICE,
      kind: 'wireguard',
      mtu: n.nicMtu - CALICO_WG_OVERHEAD,
      up: true,
      addrs: tunnelAddr,
      wireguard: { listenPort: CALICO_WG_PORT, publicKey: calicoWgKey(n.name), fwmark: CALICO_WG_MARK, peers: [] },
    });
    out = {
      ...out,
      sockets: [...out.sockets, { proto: 'udp', port: CALICO_WG_PORT, owner: `wireguard ${CALICO_WG_DEVICE}`, app: 'wireguard' }],
      // felix/wireguard/wireguard.go addRouteRule: `99: not from all fwmark 0x200000/0x200000 lookup 1`
      rules: [
        ...(out.rules ?? []),
        { prio: CALICO_WG_RULE_PRIORITY, not: true, fwmark: { value: CALICO_WG_MARK, mask: CALICO_WG_MARK }, table: CALICO_WG_TABLE },
      ],
      routeTables: { ...(out.routeTables ?? {}), [CALICO_WG_TABLE]: [] },
    };
  }
  if (mode.bird) out = { ...out, sockets: [...out.sockets, { proto: 'tcp', port: BGP_PORT, owner: BIRD_OWNER, app: 'tcp' }] };
  out = withRoutes(out, [blockBlackhole(mode, n.block)]);
  const natOutgoing = spec.calico?.natOutgoing ?? true;
  const pools = [cidrString(pool)];
  out = {
    ...out,
    netfilter: felixStatic(out.netfilter, mode, natOutgoing),
    ipsets: {
      ...(out.ipsets ?? {}),
      [IPSET_ALL_POOLS]: { name: IPSET_ALL_POOLS, type: 'hash:net', members: pools },
      [IPSET_MASQ_POOLS]: { name: IPSET_MASQ_POOLS, type: 'hash:net', members: natOutgoing ? pools : [] },
      [IPSET_ALL_HOSTS]: { name: IPSET_ALL_HOSTS, type: 'hash:net', members: [...allNodeIps] },
    },
  };
  return out;
}
