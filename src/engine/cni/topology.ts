/**
 * The cluster as the canvas draws it: for each node its pods (each joined by a veth pair to a
 * bridge or to the node's routing), the devices of its root namespace with a few words on
 * what each is, the links between them, and between nodes the tunnels and the control-plane
 * peerings the CNI set up. Everything here is read from the tables the programs wrote, so the
 * page lays out any shape without knowing one (ARCHITECTURE.md: the UI computes no networking).
 */
import type { Cluster, Interface, Netns, PodInfo } from '../model/datapath';
import type { EncapKind } from '../wire/packet';
import { cidrString } from '../wire/ipv4';
import { programFor } from './registry';

export type TopologyRole = 'bridge' | 'tunnel' | 'nic' | 'dummy' | 'host';

export interface TopologyDevice {
  readonly name: string;
  readonly kind: Interface['kind'];
  readonly role: TopologyRole;
  readonly mtu: number;
  readonly up: boolean;
  /** `10.244.1.1/24` */
  readonly addrs: readonly string[];
  /** what it is, in a few words: `bridge`, `VXLAN id 1 · udp 8472`, `IP-in-IP`, `NIC` */
  readonly detail: string;
}

export interface TopologyPod {
  readonly netns: string;
  readonly name: string;
  readonly namespace: string;
  readonly ip: string | null;
  readonly status: PodInfo['status'];
  readonly ready: boolean;
  readonly mtu: number | null;
  readonly system: boolean;
  /** the host end of its veth pair */
  readonly hostIf?: string;
  /** what that end attaches to: a bridge device, or `routing` (a routed /32: Calico, Cilium, the VPC CNI) */
  readonly attach?: string;
}

export interface TopologyNode {
  readonly name: string;
  readonly netns: string;
  readonly ip: string;
  readonly podCidr: string;
  /** pods with their own namespace, the scenario's first, then the cluster's own */
  readonly pods: readonly TopologyPod[];
  readonly hostNetworkPods: readonly { readonly name: string; readonly namespace: string; readonly ports: readonly number[]; readonly system: boolean }[];
  readonly devices: readonly TopologyDevice[];
  /** where the pods' host ends meet: the bridge, or the node's routing table (with the shape's word for it) */
  readonly hub: { readonly kind: 'bridge'; readonly device: string } | { readonly kind: 'routing'; readonly label: string };
  /** inside the node: `route` from the hub to a device, `lower` from a tunnel to the NIC it sends through */
  readonly links: readonly { readonly from: string; readonly to: string; readonly kind: 'route' | 'lower' }[];
}

export interface TopologyTunnel {
  readonly kind: EncapKind;
  readonly a: { readonly node: string; readonly device: string };
  readonly b: { readonly node: string; readonly device: string };
}

export interface TopologyPeering {
  readonly kind: 'bgp';
  readonly a: string;
  readonly b: string;
  /** `Established`, or the state a broken session is in */
  readonly state: string;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly tunnels: readonly TopologyTunnel[];
  readonly peerings: readonly TopologyPeering[];
}

const TUNNEL_KINDS = new Set<Interface['kind']>(['vxlan', 'geneve', 'ipip', 'wireguard']);

function roleOf(d: Interface): TopologyRole {
  if (d.kind === 'bridge') return 'bridge';
  if (TUNNEL_KINDS.has(d.kind)) return 'tunnel';
  if (d.kind === 'nic') return 'nic';
  if (d.kind === 'dummy') return 'dummy';
  return 'host';
}

export function deviceDetail(d: Interface): string {
  switch (d.kind) {
    case 'vxlan':
      return d.vxlan?.external ? `VXLAN external · udp ${d.vxlan.port}` : `VXLAN id ${d.vxlan?.vni} · udp ${d.vxlan?.port}`;
    case 'geneve':
      return d.geneve?.external ? `Geneve external · udp ${d.geneve.port}` : `Geneve id ${d.geneve?.vni} · udp ${d.geneve?.port}`;
    case 'ipip':
      return 'IP-in-IP';
    case 'wireguard':
      return `WireGuard · udp ${d.wireguard?.listenPort} · ${d.wireguard?.peers.length ?? 0} peer${d.wireguard?.peers.length === 1 ? '' : 's'}`;
    case 'bridge':
      return 'bridge';
    case 'nic':
      return 'NIC';
    case 'dummy':
      return `dummy · ${d.up ? 'UP' : 'DOWN'} · ${d.addrs.length} Service address${d.addrs.length === 1 ? '' : 'es'}`;
    case 'veth':
      return d.peer ? `veth ↔ ${d.peer.ifname}` : 'veth';
    case 'loopback':
      return 'loopback';
  }
}

function device(d: Interface): TopologyDevice {
  return { name: d.name, kind: d.kind, role: roleOf(d), mtu: d.mtu, up: d.up, addrs: d.addrs.map((a) => `${a.ip}/${a.prefix}`), detail: deviceDetail(d) };
}

const isSystem = (p: PodInfo) => p.namespace === 'kube-system';

function nodeOf(c: Cluster, name: string, ip: string, netnsId: string, podCidr: string): TopologyNode {
  const ns = c.netns[netnsId];
  const cardPods = c.pods
    .filter((p) => p.node === name && !p.hostNetwork)
    .sort((a, b) => Number(isSystem(a)) - Number(isSystem(b)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const podHostIfs = new Set<string>();
  const pods: TopologyPod[] = cardPods.map((p) => {
    const pns = c.netns[p.netns];
    const eth0 = pns?.interfaces.find((d) => d.name === 'eth0');
    const hostIf = eth0?.peer?.netns === netnsId ? eth0.peer.ifname : undefined;
    if (hostIf) podHostIfs.add(hostIf);
    const host = hostIf ? ns?.interfaces.find((d) => d.name === hostIf) : undefined;
    return {
      netns: p.netns,
      name: p.name,
      namespace: p.namespace,
      ip: p.ip,
      status: p.status,
      ready: p.ready,
      mtu: eth0?.mtu ?? null,
      system: isSystem(p),
      ...(hostIf ? { hostIf, attach: host?.master ?? 'routing' } : {}),
    };
  });
  const devices = (ns?.interfaces ?? []).filter((d) => d.kind !== 'loopback' && !podHostIfs.has(d.name)).map(device);
  const bridge = devices.find((d) => d.role === 'bridge');
  const hub: TopologyNode['hub'] = bridge
    ? { kind: 'bridge', device: bridge.name }
    : { kind: 'routing', label: programFor(c.cni)?.hubLabel ?? 'routing table' };
  const hubId = bridge ? bridge.name : 'routing';
  const links: { from: string; to: string; kind: 'route' | 'lower' }[] = [];
  for (const d of ns?.interfaces ?? []) {
    if (TUNNEL_KINDS.has(d.kind)) {
      links.push({ from: hubId, to: d.name, kind: 'route' });
      const lower = d.vxlan?.dev ?? ns!.interfaces.find((x) => x.kind === 'nic')?.name;
      if (lower) links.push({ from: d.name, to: lower, kind: 'lower' });
    } else if (d.kind === 'nic') links.push({ from: hubId, to: d.name, kind: 'route' });
  }
  return {
    name,
    netns: netnsId,
    ip,
    podCidr,
    pods,
    hostNetworkPods: c.pods
      .filter((p) => p.node === name && p.hostNetwork)
      .map((p) => ({ name: p.name, namespace: p.namespace, ports: p.ports.map((x) => x.containerPort), system: isSystem(p) })),
    devices,
    hub,
    links,
  };
}

/** The node whose namespace holds `ip` on a NIC. */
/** node NIC address → node name, built once per topology (a full mesh asks for every pair) */
function nodeIndex(c: Cluster): (ip: string) => string | undefined {
  const byIp = new Map<string, string>();
  for (const n of c.nodes)
    for (const d of c.netns[n.netns]?.interfaces ?? []) if (d.kind === 'nic') for (const a of d.addrs) if (!byIp.has(a.ip)) byIp.set(a.ip, n.name);
  return (ip) => byIp.get(ip);
}

/** Tunnels between nodes, read from where each tunnel device sends: its FDB, its routes' gateways, its WireGuard peers. */
function tunnelsOf(c: Cluster, keep: ReadonlySet<string> | null): TopologyTunnel[] {
  const seen = new Set<string>();
  const out: TopologyTunnel[] = [];
  const nodeByIp = nodeIndex(c);
  const netnsOf = new Map(c.nodes.map((n) => [n.name, n.netns]));
  const add = (kind: EncapKind, a: string, da: string, b: string | undefined) => {
    if (!b || b === a || (keep && !keep.has(b))) return;
    const db = c.netns[netnsOf.get(b) ?? '']?.interfaces.find((d) => d.kind === (kind === 'vxlan' ? 'vxlan' : kind));
    if (!db) return;
    const key = a < b ? `${a}/${da} ${b}/${db.name}` : `${b}/${db.name} ${a}/${da}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, a: { node: a, device: da }, b: { node: b, device: db.name } });
  };
  for (const n of c.nodes) {
    if (keep && !keep.has(n.name)) continue;
    const ns = c.netns[n.netns];
    for (const d of ns?.interfaces ?? []) {
      if (d.kind === 'vxlan' && !d.vxlan?.external) for (const e of ns!.fdb) if (e.dev === d.name && e.dst) add('vxlan', n.name, d.name, nodeByIp(e.dst));
      if ((d.kind === 'vxlan' && d.vxlan?.external) || (d.kind === 'geneve' && d.geneve?.external))
        for (const o of c.nodes) add(d.kind === 'vxlan' ? 'vxlan' : 'geneve', n.name, d.name, o.name);
      if (d.kind === 'ipip') for (const r of ns!.routes) if (r.dev === d.name && r.via) add('ipip', n.name, d.name, nodeByIp(r.via));
      if (d.kind === 'wireguard') for (const p of d.wireguard?.peers ?? []) if (p.endpoint) add('wireguard', n.name, d.name, nodeByIp(p.endpoint.ip));
    }
  }
  return out;
}

/**
 * `only`: just these nodes (in the cluster's order), and the tunnels and peerings among them —
 * what the canvas draws of a large cluster, where the nodes a packet does not cross are folded
 * away (src/ui/canvas/layout-collapse.ts); reading every node's tables would be wasted there.
 */
export function topologyOf(c: Cluster, only?: readonly string[]): Topology {
  const keep = only ? new Set(only) : null;
  const nodes = keep ? c.nodes.filter((n) => keep.has(n.name)) : c.nodes;
  const peerings = programFor(c.cni)?.peerings?.(c) ?? [];
  return {
    nodes: nodes.map((n) => nodeOf(c, n.name, n.ip, n.netns, cidrString(n.podCidr))),
    tunnels: tunnelsOf(c, keep),
    peerings: keep ? peerings.filter((p) => keep.has(p.a) && keep.has(p.b)) : peerings,
  };
}

/** The netns a topology pod card stands for, when it is one (for the canvas's lookups). */
export function topologyPod(t: Topology, netns: Netns['id']): TopologyPod | undefined {
  for (const n of t.nodes) for (const p of n.pods) if (p.netns === netns) return p;
  return undefined;
}
