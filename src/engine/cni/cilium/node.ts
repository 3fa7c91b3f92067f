/**
 * One node as cilium-agent programs it (notes/cilium.md §1):
 * - the `cilium_host` / `cilium_net` veth pair (NOARP, device MTU); cilium_host holds the router
 *   IP as a /32 (pkg/datapath/loader/netlink.go setupBaseDevice, addHostDeviceAddr);
 * - tunnel modes: one collect-metadata device, `cilium_vxlan` (UDP 8472) or `cilium_geneve`
 *   (UDP 6081), MTU 1500 = the device MTU (setupVxlanDevice / setupGeneveDevice: FlowBased);
 * - routes (pkg/datapath/linux/node.go createNodeRouteSpec, route_linux.go createNexthopRoute):
 *   `<routerIP> dev cilium_host proto kernel scope link`, the local pod CIDR
 *   `via <routerIP> dev cilium_host proto kernel src <routerIP>` (no mtu), every remote pod CIDR
 *   the same with `mtu <RouteMTU>` (1450 on a 1500 underlay); native routing with
 *   auto-direct-node-routes instead routes remote CIDRs `via <nodeIP> dev eth0 proto kernel`;
 * - tc programs: cil_from_netdev on eth0 ingress, cil_from_host on cilium_host egress,
 *   cil_from_overlay on the tunnel device's ingress (pkg/datapath/loader/host.go, overlay.go);
 *   the endpoints get cil_from_container in pod.ts;
 * - iptables masquerade for traffic leaving the cluster (CILIUM_POST_nat "cilium masquerade
 *   non-cluster", pkg/datapath/iptables/iptables.go; bpf.masquerade is off by default);
 * - with the kube-proxy replacement, cgroup connect4/sendmsg4 (bpf_sock.c) on the root cgroup.
 */
import type { Chain, Interface, Netns, Route, TcProgram } from '../../model/datapath';
import { route, withDevice, withRoutes } from '../netns';
import { cidrString, type Cidr, type Ipv4 } from '../../wire/ipv4';
import { macFor } from '../../wire/mac';
import { VXLAN_OVERHEAD } from '../../wire/headers';
import { RUNTIME_CONFIG, withMap } from './maps';
import { ciliumForwardRules } from './iptables';

export const TUNNEL_PORT = { vxlan: 8472, geneve: 6081 } as const;
/** pkg/mtu/mtu.go TunnelOverheadIPv4 (the same 50 for VXLAN and Geneve without options) */
export const TUNNEL_OVERHEAD = VXLAN_OVERHEAD;

export interface CiliumNode {
  readonly name: string;
  readonly ip: Ipv4;
  readonly podCidr: Cidr;
  readonly routerIp: Ipv4;
  readonly deviceMtu: number;
}

export function tunnelDevice(mode: string): 'cilium_vxlan' | 'cilium_geneve' | undefined {
  return mode === 'vxlan' ? 'cilium_vxlan' : mode === 'geneve' ? 'cilium_geneve' : undefined;
}

/** RouteMTU: DeviceMTU − tunnel overhead when encapsulating (getRouteMTU) */
export function routeMtu(mode: string, deviceMtu: number): number {
  return tunnelDevice(mode) ? deviceMtu - TUNNEL_OVERHEAD : deviceMtu;
}

const FORWARDING = { forwarding: true, rpFilter: 0 as const };

const NODE_SET = 'cilium_node_set_v4';

function masquerade(ns: Netns, podCidr: Cidr, exclusion: Cidr, nodeIps: readonly string[]): Netns {
  const nat = ns.netfilter.nat ?? {};
  const comment = (text: string) => ({ m: 'comment' as const, comment: text });
  const post: Chain = {
    name: 'CILIUM_POST_nat',
    rules: [
      {
        // nodeIpsetNATCmds: traffic to any node of the cluster keeps the pod's address
        match: { modules: [{ m: 'set', set: NODE_SET, dirs: ['dst'] }, comment('exclude traffic to cluster nodes from masquerade')] },
        target: { kind: 'ACCEPT' },
      },
      {
        // allEgressMasqueradeCmds: `! -d` ipv4-native-routing-cidr, or without one the node's own pod CIDR
        match: { src: podCidr, notDst: exclusion, notOutIface: 'cilium_+', modules: [comment('cilium masquerade non-cluster')] },
        target: { kind: 'MASQUERADE' },
      },
    ],
  };
  const jump = { match: { modules: [comment('cilium-feeder: CILIUM_POST_nat')] }, target: { kind: 'JUMP' as const, chain: 'CILIUM_POST_nat' } };
  return {
    ...ns,
    ipsets: { ...ns.ipsets, [NODE_SET]: { name: NODE_SET, type: 'hash:ip', members: [...nodeIps] } },
    netfilter: { ...ns.netfilter, nat: { ...nat, POSTROUTING: { ...nat.POSTROUTING, rules: [jump, ...nat.POSTROUTING.rules] }, CILIUM_POST_nat: post } },
  };
}

/**
 * `network`: the pool. Native routing needs ipv4-native-routing-cidr (the agent refuses to start
 * without it when masquerading); podpath sets it to the pool, so pod-to-pod traffic between nodes
 * keeps its addresses. Tunnel mode leaves it unset (Helm's default).
 */
export function programCiliumNode(
  ns: Netns,
  me: CiliumNode,
  all: readonly CiliumNode[],
  mode: string,
  kpr: boolean,
  network: Cidr,
  noBackend: 'reject' | 'drop' = 'reject',
): Netns {
  const mtu = me.deviceMtu;
  let out = withDevice(ns, {
    name: 'cilium_net',
    kind: 'veth',
    mtu,
    up: true,
    addrs: [],
    peer: { netns: ns.id, ifname: 'cilium_host' },
    mac: macFor(`${ns.id}/cilium_net`),
    sysctl: FORWARDING,
  });
  out = withDevice(out, {
    name: 'cilium_host',
    kind: 'veth',
    mtu,
    up: true,
    addrs: [{ ip: me.routerIp, prefix: 32 }],
    peer: { netns: ns.id, ifname: 'cilium_net' },
    mac: macFor(`${ns.id}/cilium_host`),
    sysctl: FORWARDING,
  });
  const tc: TcProgram[] = [
    { name: 'cil_from_netdev', dev: 'eth0', direction: 'ingress' },
    { name: 'cil_from_host', dev: 'cilium_host', direction: 'egress' },
  ];
  const tdev = tunnelDevice(mode);
  if (tdev) {
    const port = mode === 'vxlan' ? TUNNEL_PORT.vxlan : TUNNEL_PORT.geneve;
    const dev: Omit<Interface, 'ifindex' | 'mac'> =
      mode === 'vxlan'
        ? {
            name: tdev,
            kind: 'vxlan',
            mtu,
            up: true,
            addrs: [],
            sysctl: FORWARDING,
            vxlan: { vni: 0, port, local: me.ip, df: 'unset', learning: false, external: true },
          }
        : { name: tdev, kind: 'geneve', mtu, up: true, addrs: [], sysctl: FORWARDING, geneve: { vni: 0, port, local: me.ip, external: true, df: 'unset' } };
    out = withDevice(out, dev);
    out = { ...out, sockets: [...out.sockets, { proto: 'udp', port, owner: `${mode} ${tdev}`, app: mode === 'vxlan' ? 'vxlan' : 'geneve' }] };
    tc.push({ name: 'cil_from_overlay', dev: tdev, direction: 'ingress' });
  }
  const r = me.routerIp;
  const routes: Route[] = [
    route(`${r}/32`, { dev: 'cilium_host', proto: 'kernel', scope: 'link' }),
    route(cidrString(me.podCidr), { via: r, dev: 'cilium_host', proto: 'kernel', src: r }),
  ];
  for (const o of all)
    if (o.name !== me.name)
      routes.push(
        tdev
          ? route(cidrString(o.podCidr), { via: r, dev: 'cilium_host', proto: 'kernel', src: r, mtu: routeMtu(mode, mtu) })
          : route(cidrString(o.podCidr), { via: o.ip, dev: 'eth0', proto: 'kernel' }),
      );
  out = withRoutes(out, routes);
  out = { ...out, tc: [...out.tc, ...tc], sysctl: { ...out.sysctl, rpFilter: 0 } };
  if (kpr)
    out = {
      ...out,
      cgroup: [
        { name: 'cil_sock4_connect', hook: 'connect4' },
        { name: 'cil_sock4_sendmsg', hook: 'sendmsg4' },
      ],
    };
  // enable-nodeport stands for the ENABLE_NODEPORT build define, set only with the kube-proxy replacement
  out = withMap(out, { name: RUNTIME_CONFIG, type: 'array', entries: { 'service-no-backend-response': noBackend, 'enable-nodeport': kpr ? 'true' : 'false' } });
  out = ciliumForwardRules(out);
  return masquerade(
    out,
    me.podCidr,
    tdev ? me.podCidr : network,
    all.map((n) => n.ip),
  );
}
