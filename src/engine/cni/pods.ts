/**
 * What every CNI does for a pod, whatever the shape: the pod's record (ports, DNS policy, its
 * status — a pod IPAM cannot serve stays ContainerCreating with the plugin's error and gets no
 * address), hostNetwork pods sharing the node's namespace (their container ports listen there),
 * and a network namespace joined to the node by a veth pair (how each shape wires that pair is
 * its own: a bridge port for Flannel, a routed /32 for Calico, Cilium and the VPC CNI). CNI DEL
 * removes the namespace, its host interface and the routes that pointed at it.
 */
import type { IfAddr, InterfaceSysctls, NeighEntry, Netns, PodInfo, Route, Socket, SocketApp } from '../model/datapath';
import type { PodSpec } from '../model/scenario-schema';
import { podNetnsId } from '../model/ids';
import type { Ipv4 } from '../wire/ipv4';
import { netns, POD_SYSCTL, withDevice, withRoutes } from './netns';

/** A pod to create: its spec, plus what answers on its ports and who owns it (system pods). */
export interface PodPlan {
  readonly spec: PodSpec;
  /** `53/UDP` → the app answering there (default: http on TCP, echo on UDP) */
  readonly apps?: Readonly<Record<string, SocketApp>>;
  readonly owner?: string;
}

export function podPorts(spec: PodSpec): PodInfo['ports'] {
  return spec.ports.map((x) => (typeof x === 'number' ? { containerPort: x, protocol: 'TCP' as const } : x));
}

function socketsOf(plan: PodPlan, key: string, ports: PodInfo['ports']): Socket[] {
  return ports
    .filter((x) => x.protocol !== 'SCTP')
    .map((x) => {
      const app = plan.apps?.[`${x.containerPort}/${x.protocol}`];
      return {
        proto: x.protocol === 'UDP' ? ('udp' as const) : ('tcp' as const),
        port: x.containerPort,
        owner: `${key}${x.name ? ` (${x.name})` : ''}`,
        ...(app ? { app } : {}),
      };
    });
}

/** The pod's record as the API server would report it. */
export function podRecord(plan: PodPlan, ip: Ipv4 | null, netnsId: string, status: PodInfo['status'], reason?: string): PodInfo {
  const p = plan.spec;
  return {
    name: p.name,
    namespace: p.namespace,
    node: p.node,
    ip,
    netns: netnsId,
    labels: p.labels,
    ports: podPorts(p),
    hostNetwork: p.hostNetwork,
    status,
    ...(reason ? { statusReason: reason } : {}),
    ready: status === 'Running' && p.ready,
    ...(p.hostname ? { hostname: p.hostname } : {}),
    ...(p.subdomain ? { subdomain: p.subdomain } : {}),
    dnsPolicy: p.dnsPolicy ?? 'ClusterFirst',
    ...(p.dnsConfig ? { dnsConfig: p.dnsConfig } : {}),
    libc: p.libc,
    ...(plan.owner ? { owner: plan.owner } : {}),
  };
}

/** A hostNetwork pod: no namespace of its own; its ports listen in the node's. */
export function addHostNetworkPod(all: Record<string, Netns>, plan: PodPlan, nodeIp: Ipv4): PodInfo {
  const p = plan.spec;
  const key = `${p.namespace}/${p.name}`;
  all[p.node] = { ...all[p.node], sockets: [...all[p.node].sockets, ...socketsOf(plan, key, podPorts(p))] };
  return podRecord(plan, nodeIp, p.node, 'Running');
}

/** A pod IPAM could not serve: its sandbox never gets a network (kubelet retries; the pod stays ContainerCreating). */
export function podWithoutAddress(plan: PodPlan, error: string): PodInfo {
  return podRecord(plan, null, podNetnsId(plan.spec.namespace, plan.spec.name), 'ContainerCreating', error);
}

/** How a shape wires a pod's veth pair. */
export interface VethPod {
  readonly ip: Ipv4;
  /** the prefix on the pod's eth0 (/24 under Flannel's bridge, /32 when routed) */
  readonly prefix: number;
  readonly hostIf: string;
  readonly mtu: number;
  /** the pod's routes (its default route, a link route to its gateway) */
  readonly routes: readonly Route[];
  /** static neighbours in the pod (the VPC CNI's permanent entry for 169.254.1.1) */
  readonly podNeigh?: readonly Omit<NeighEntry, 'dev'>[];
  readonly hostMac?: string;
  /** the host side: a bridge port (`master`, hairpin) or routed (host routes, sysctls) */
  readonly master?: string;
  readonly hairpin?: boolean;
  readonly hostSysctl?: InterfaceSysctls;
  /** routes the plugin adds on the node for this pod (`10.244.1.5 dev cali… scope link`) */
  readonly hostRoutes?: readonly Route[];
  readonly hostAddrs?: readonly IfAddr[];
}

/** The pod's namespace with eth0, and the host end of its veth pair on the node. */
export function addVethPod(all: Record<string, Netns>, plan: PodPlan, v: VethPod): PodInfo {
  const p = plan.spec;
  const key = `${p.namespace}/${p.name}`;
  const id = podNetnsId(p.namespace, p.name);
  let pns = netns(id, 'pod', p.name, p.node, POD_SYSCTL);
  pns = withDevice(pns, {
    name: 'eth0',
    kind: 'veth',
    mtu: v.mtu,
    up: true,
    addrs: [{ ip: v.ip, prefix: v.prefix }],
    peer: { netns: p.node, ifname: v.hostIf },
  });
  pns = withRoutes(pns, v.routes);
  if (v.podNeigh?.length) pns = { ...pns, neigh: [...pns.neigh, ...v.podNeigh.map((n) => ({ ...n, dev: 'eth0' }))] };
  all[id] = { ...pns, sockets: socketsOf(plan, key, podPorts(p)) };
  let host = withDevice(all[p.node], {
    name: v.hostIf,
    kind: 'veth',
    mtu: v.mtu,
    up: true,
    addrs: v.hostAddrs ?? [],
    peer: { netns: id, ifname: 'eth0' },
    ...(v.hostMac ? { mac: v.hostMac } : {}),
    ...(v.master ? { master: v.master } : {}),
    ...(v.hairpin !== undefined ? { hairpin: v.hairpin } : {}),
    ...(v.hostSysctl ? { sysctl: v.hostSysctl } : {}),
  });
  if (v.hostRoutes?.length) host = withRoutes(host, v.hostRoutes);
  all[p.node] = host;
  return podRecord(plan, v.ip, id, 'Running');
}

/** CNI DEL: the pod's namespace and its host veth go away, and with the device the routes through it. */
export function removePod(all: Record<string, Netns>, pod: PodInfo): void {
  if (pod.hostNetwork) return;
  const ns = all[pod.netns];
  const peer = ns?.interfaces.find((d) => d.peer)?.peer;
  delete all[pod.netns];
  const host = peer && all[peer.netns];
  if (!host) return;
  all[peer.netns] = {
    ...host,
    interfaces: host.interfaces.filter((d) => d.name !== peer.ifname),
    // the kernel flushes the routes of a device that disappears
    routes: host.routes.filter((r) => r.dev !== peer.ifname),
  };
}
