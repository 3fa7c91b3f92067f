/**
 * CNI ADD for a pod (containernetworking/plugins bridge + host-local, as Flannel delegates
 * it): a network namespace, a veth pair with the host end on cni0 (hairpin on), an address
 * from the node's host-local range and the pod's routes. A pod whose range is exhausted stays
 * ContainerCreating with the plugin's error and gets no address. hostNetwork pods share the
 * node's namespace; their container ports listen there.
 */
import type { Interface, Netns, PodInfo, Socket, SocketApp } from '../model/datapath';
import type { PodSpec } from '../model/scenario-schema';
import { podNetnsId } from '../model/ids';
import type { Cidr, Ipv4 } from '../wire/ipv4';
import { flannelPodRoutes } from './flannel';
import type { HostLocalRange } from './ipam';
import { hostVethName, netns, POD_SYSCTL, withDevice, withRoutes } from './netns';

/** A pod to create: its spec, plus what answers on its ports and who owns it (system pods). */
export interface PodPlan {
  readonly spec: PodSpec;
  /** `53/UDP` → the app answering there (default: http on TCP, echo on UDP) */
  readonly apps?: Readonly<Record<string, SocketApp>>;
  readonly owner?: string;
}

export interface NodeCtx {
  readonly name: string;
  readonly ip: Ipv4;
  readonly subnet: Cidr;
  readonly range: HostLocalRange;
}

function portsOf(spec: PodSpec): PodInfo['ports'] {
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

function info(plan: PodPlan, node: NodeCtx, ip: Ipv4 | null, id: string, status: PodInfo['status'], reason?: string): PodInfo {
  const p = plan.spec;
  return {
    name: p.name,
    namespace: p.namespace,
    node: p.node,
    ip,
    netns: id,
    labels: p.labels,
    ports: portsOf(p),
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
  void node;
}

/** Adds one pod to `all` (its netns and the host veth); returns its PodInfo. */
export function addPod(all: Record<string, Netns>, plan: PodPlan, node: NodeCtx, network: Cidr): PodInfo {
  const p = plan.spec;
  const key = `${p.namespace}/${p.name}`;
  const ports = portsOf(p);
  if (p.hostNetwork) {
    all[p.node] = { ...all[p.node], sockets: [...all[p.node].sockets, ...socketsOf(plan, key, ports)] };
    return info(plan, node, node.ip, p.node, 'Running');
  }
  const id = podNetnsId(p.namespace, p.name);
  const got = p.ip ? { ip: p.ip } : node.range.allocate();
  if (!got.ip) return info(plan, node, null, id, 'ContainerCreating', got.error);
  const cni0 = all[p.node].interfaces.find((d) => d.name === 'cni0')!;
  const hostIf = hostVethName(key);
  let pns = netns(id, 'pod', p.name, p.node, POD_SYSCTL);
  pns = withDevice(pns, {
    name: 'eth0',
    kind: 'veth',
    mtu: cni0.mtu,
    up: true,
    addrs: [{ ip: got.ip, prefix: node.subnet.prefix }],
    peer: { netns: p.node, ifname: hostIf },
  });
  pns = withRoutes(pns, flannelPodRoutes(network, node.subnet, got.ip));
  all[id] = { ...pns, sockets: socketsOf(plan, key, ports) };
  const veth: Omit<Interface, 'ifindex' | 'mac'> = {
    name: hostIf,
    kind: 'veth',
    mtu: cni0.mtu,
    up: true,
    addrs: [],
    peer: { netns: id, ifname: 'eth0' },
    master: 'cni0',
    hairpin: true,
  };
  all[p.node] = withDevice(all[p.node], veth);
  return info(plan, node, got.ip, id, 'Running');
}

/** CNI DEL: the pod's namespace and its host veth go away. */
export function removePod(all: Record<string, Netns>, pod: PodInfo): void {
  if (pod.hostNetwork) return;
  const ns = all[pod.netns];
  const peer = ns?.interfaces.find((d) => d.peer)?.peer;
  delete all[pod.netns];
  if (peer && all[peer.netns]) all[peer.netns] = { ...all[peer.netns], interfaces: all[peer.netns].interfaces.filter((d) => d.name !== peer.ifname) };
}
