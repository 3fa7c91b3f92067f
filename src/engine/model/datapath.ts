/**
 * The datapath as plain readonly records: what `ip link`, `ip route`, `ip neigh`,
 * `bridge fdb` and `iptables-save` would show in each network namespace.
 *
 * CNI shapes, kube-proxy modes and faults are programs that build or edit these records;
 * the walk (src/engine/trace) only reads them. Everything here is serialisable JSON.
 */
import type { Cidr, Ipv4 } from '../wire/ipv4';
import type { Mac } from '../wire/mac';
import type { IpProto } from '../wire/headers';

export type NetnsKind = 'node' | 'pod' | 'external' | 'router';

export interface IfAddr {
  readonly ip: Ipv4;
  readonly prefix: number;
  /** `scope host` for loopback, `global` otherwise */
  readonly scope?: 'global' | 'link' | 'host';
}

export type InterfaceKind = 'loopback' | 'nic' | 'veth' | 'bridge' | 'vxlan' | 'dummy';

export interface VxlanConfig {
  readonly vni: number;
  /** UDP destination port (Linux default 8472; IANA 4789) */
  readonly port: number;
  /** local VTEP address */
  readonly local: Ipv4;
  /** lower device the tunnel is bound to (`dev eth0`); caps the MTU at lower MTU − 50 */
  readonly dev?: string;
  /** outer DF: `unset` (kernel default), `set`, or `inherit` from the inner packet */
  readonly df: 'unset' | 'set' | 'inherit';
  readonly learning: boolean;
}

export interface Interface {
  readonly name: string;
  readonly ifindex: number;
  readonly kind: InterfaceKind;
  readonly mac: Mac;
  readonly mtu: number;
  readonly up: boolean;
  readonly addrs: readonly IfAddr[];
  /** veth: the other end */
  readonly peer?: { readonly netns: string; readonly ifname: string };
  /** the bridge this device is a port of */
  readonly master?: string;
  /** bridge port hairpin mode (bridge plugin hairpinMode: true) */
  readonly hairpin?: boolean;
  /** nic: the underlay L2 segment it is plugged into */
  readonly segment?: string;
  readonly vxlan?: VxlanConfig;
  /** bridge: MTU pinned by the user/plugin (otherwise it follows the smallest port) */
  readonly mtuSetByUser?: boolean;
}

export type RouteType = 'unicast' | 'local' | 'blackhole' | 'unreachable';

export interface Route {
  /** `default` is stored as 0.0.0.0/0 */
  readonly dst: Cidr;
  readonly type?: RouteType;
  readonly via?: Ipv4;
  readonly dev?: string;
  readonly onlink?: boolean;
  readonly scope?: 'link' | 'host' | 'global';
  readonly proto?: 'kernel' | 'static' | 'dhcp' | 'bird' | 'boot';
  readonly src?: Ipv4;
  readonly metric?: number;
  /** route MTU metric (`mtu 1450`), as Cilium sets */
  readonly mtu?: number;
}

export interface NeighEntry {
  readonly ip: Ipv4;
  readonly dev: string;
  readonly mac: Mac;
  readonly state: 'PERMANENT' | 'REACHABLE';
}

export interface FdbEntry {
  readonly mac: Mac;
  readonly dev: string;
  /** vxlan: remote VTEP the frame is sent to (`dst 192.168.1.12`) */
  readonly dst?: Ipv4;
  /** bridge port entries: the bridge (`master cni0`) */
  readonly master?: string;
  /** `self`: the entry lives in the device's own table (vxlan), not a bridge's */
  readonly self?: boolean;
  readonly permanent: boolean;
}

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type NetfilterTable = 'filter' | 'nat' | 'mangle' | 'raw';

export interface RuleMatch {
  readonly proto?: IpProto;
  readonly src?: Cidr;
  readonly dst?: Cidr;
  readonly notSrc?: Cidr;
  readonly notDst?: Cidr;
  readonly dport?: number;
  readonly sport?: number;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly comment?: string;
}

export type RuleTarget =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  | { readonly kind: 'RETURN' }
  | { readonly kind: 'REJECT'; readonly with: 'icmp-port-unreachable' | 'icmp-net-unreachable' | 'icmp-host-unreachable' | 'tcp-reset' }
  | { readonly kind: 'JUMP'; readonly chain: string }
  | { readonly kind: 'MASQUERADE'; readonly randomFully?: boolean }
  | { readonly kind: 'SNAT'; readonly to: Ipv4 }
  | { readonly kind: 'DNAT'; readonly to: Ipv4; readonly port?: number };

export interface Rule {
  readonly match: RuleMatch;
  readonly target: RuleTarget;
}

export interface Chain {
  readonly name: string;
  /** built-in chains have a policy; user chains return */
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly rules: readonly Rule[];
}

/** iptables-like tables: table -> chain name -> chain. Built-in chains are named after hooks. */
export type Netfilter = Readonly<Partial<Record<NetfilterTable, Readonly<Record<string, Chain>>>>>;

/** A tc (eBPF-style) program attached to an interface: the seam Cilium and policy plug into. */
export interface TcProgram {
  readonly name: string;
  readonly dev: string;
  readonly direction: 'ingress' | 'egress';
}

export interface Socket {
  readonly proto: 'tcp' | 'udp';
  readonly port: number;
  /** what owns it: a container port, kube-dns, the vxlan driver (UDP 8472) */
  readonly owner: string;
}

export interface Sysctls {
  readonly ipForward: boolean;
  /** net.bridge.bridge-nf-call-iptables: bridged IPv4 traffic traverses iptables */
  readonly bridgeNfCallIptables: boolean;
  /** net.ipv4.ip_forward_use_pmtu: forwarded packets honour learned PMTU (default 0) */
  readonly ipForwardUsePmtu: boolean;
  readonly defaultTtl: number;
}

export interface Netns {
  /** stable id: `node1`, `pod:default/client`, `ext:api.github.com`, `router` */
  readonly id: string;
  readonly kind: NetnsKind;
  /** what a learner calls it: the node or pod name */
  readonly name: string;
  /** the Kubernetes node hosting it (a node hosts itself); empty for outside hosts */
  readonly node: string;
  readonly interfaces: readonly Interface[];
  readonly routes: readonly Route[];
  readonly neigh: readonly NeighEntry[];
  readonly fdb: readonly FdbEntry[];
  readonly netfilter: Netfilter;
  readonly tc: readonly TcProgram[];
  readonly sockets: readonly Socket[];
  readonly sysctl: Sysctls;
}

/** An L2 segment of the underlay (the wire or switch the node NICs are plugged into). */
export interface Segment {
  readonly id: string;
  readonly cidr: Cidr;
  readonly members: readonly { readonly netns: string; readonly ifname: string }[];
}

export interface PodInfo {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly ip: Ipv4 | null;
  readonly netns: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly name?: string; readonly containerPort: number; readonly protocol: 'TCP' | 'UDP' | 'SCTP' }[];
  readonly hostNetwork: boolean;
  /** Pending pods: IPAM had no address left, CNI ADD failed */
  readonly status: 'Running' | 'Pending' | 'ContainerCreating';
  readonly statusReason?: string;
}

export interface NodeInfo {
  readonly name: string;
  readonly ip: Ipv4;
  readonly podCidr: Cidr;
  readonly netns: string;
}

export interface Cluster {
  readonly name: string;
  readonly cni: string;
  readonly mode: string;
  readonly kubeProxy: string;
  readonly podCidr: Cidr;
  readonly serviceCidr: Cidr;
  readonly nodes: readonly NodeInfo[];
  readonly pods: readonly PodInfo[];
  readonly externals: readonly { readonly name: string; readonly ip: Ipv4; readonly netns: string }[];
  /** every network namespace by id */
  readonly netns: Readonly<Record<string, Netns>>;
  readonly segments: Readonly<Record<string, Segment>>;
}
