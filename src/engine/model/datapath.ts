/**
 * The datapath as plain readonly records: what `ip link`, `ip route`, `ip neigh`,
 * `bridge fdb` and `iptables-save` would show in each network namespace.
 *
 * CNI shapes, kube-proxy modes and faults are programs that build or edit these records;
 * the walk (src/engine/trace) only reads them. Everything here is serialisable JSON.
 */
import type { Cidr, Ipv4 } from '../wire/ipv4';
import type { Mac } from '../wire/mac';
import type { ClusterApi, ClusterDnsConfig, KubeProxyConfig } from './k8s';
import type { TcpCtState } from './kernel-state';
import type { IpSet, IpvsService, Netfilter, NftTable } from './netfilter';

export type * from './netfilter';

export type NetnsKind = 'node' | 'pod' | 'external' | 'router';

export interface IfAddr {
  readonly ip: Ipv4;
  readonly prefix: number;
  /** `scope host` for loopback, `global` otherwise */
  readonly scope?: 'global' | 'link' | 'host';
}

export type InterfaceKind = 'loopback' | 'nic' | 'veth' | 'bridge' | 'vxlan' | 'geneve' | 'ipip' | 'wireguard' | 'dummy';

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
  /**
   * `external` (collect metadata, Cilium's cilium_vxlan): no FDB; the remote and the VNI come
   * from the packet's tunnel key, set by a program before the device sends, and the device
   * records them on every packet it decapsulates. `vni` is then 0 and any VNI is accepted.
   */
  readonly external?: boolean;
}

/** `ip link add … type geneve` (RFC 8926; UDP 6081). Cilium's cilium_geneve is `external`. */
export interface GeneveConfig {
  readonly vni: number;
  readonly port: number;
  readonly local: Ipv4;
  /** a fixed remote (`remote 192.168.1.11`), unless `external` */
  readonly remote?: Ipv4;
  readonly external: boolean;
  readonly df: 'unset' | 'set' | 'inherit';
}

/**
 * `ip link add … type ipip` (LNX net/ipv4/ipip.c, ip_tunnel.c). `tunl0` is the fallback device
 * (`ipip any remote any local any`): it takes every IP-in-IP packet and sends to the route's
 * gateway (`via <node> dev tunl0 onlink`).
 */
export interface IpipConfig {
  readonly local?: Ipv4;
  readonly remote?: Ipv4;
  /** 0: inherit the inner packet's TTL (`ttl inherit`) */
  readonly ttl: number;
  /** `pmtudisc` (outer DF from the inner packet) or `nopmtudisc` (tunl0's default) */
  readonly pmtudisc: boolean;
}

/** A WireGuard peer (`wg show`): its key, where it is, and the inner addresses it may send and receive (cryptokey routing). */
export interface WireguardPeer {
  readonly publicKey: string;
  readonly endpoint?: { readonly ip: Ipv4; readonly port: number };
  readonly allowedIps: readonly Cidr[];
  readonly keepalive?: number;
  /** the receiver index the peer's session uses (shown in the data message header) */
  readonly index: number;
}

export interface WireguardConfig {
  readonly listenPort: number;
  readonly publicKey: string;
  /** fwmark on the outer packets (Calico: 0x100000 / table 1 routing) */
  readonly fwmark?: number;
  readonly peers: readonly WireguardPeer[];
}

/** Per-interface sysctls (net.ipv4.conf.<dev>.*) where the kernel has them. */
export interface InterfaceSysctls {
  /** proxy_arp: answer ARP for addresses this host routes out of another device (Calico's cali*, the VPC CNI's veths) */
  readonly proxyArp?: boolean;
  /** rp_filter: 0 off, 1 strict (the route back to the source must use this device), 2 loose (any route back) */
  readonly rpFilter?: 0 | 1 | 2;
  /** forwarding: packets arriving here may be forwarded (the node-wide ip_forward still applies) */
  readonly forwarding?: boolean;
}

/**
 * The cloud network interface behind a NIC (an EC2 ENI): the addresses the VPC delivers to it
 * (its primary and secondary private IPs, `aws ec2 describe-network-interfaces`). The host only
 * configures the primary one; the VPC CNI hands the secondary ones to pods (cni/vpc).
 */
export interface EniAttachment {
  /** `eni-0a1b2c3d4e5f60718` */
  readonly id: string;
  /** the attachment's device index (0: the primary ENI) */
  readonly deviceIndex: number;
  readonly primaryIp: Ipv4;
  readonly secondaryIps: readonly Ipv4[];
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
  readonly geneve?: GeneveConfig;
  readonly ipip?: IpipConfig;
  readonly wireguard?: WireguardConfig;
  readonly sysctl?: InterfaceSysctls;
  /** nic: the cloud ENI it is (the VPC CNI's nodes) */
  readonly eni?: EniAttachment;
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
  /** `80`: Felix's own routes (calico felix dataplanedefs DefaultRouteProto) */
  readonly proto?: 'kernel' | 'static' | 'dhcp' | 'bird' | 'boot' | '80';
  readonly src?: Ipv4;
  readonly metric?: number;
  /** route MTU metric (`mtu 1450`), as Cilium sets */
  readonly mtu?: number;
}

/**
 * A policy routing rule (`ip rule`, LNX net/core/fib_rules.c): the first rule, by priority,
 * whose selector matches and whose table has a route decides. Without rules a namespace has
 * the kernel's defaults: `0: from all lookup local`, `32766: from all lookup main`,
 * `32767: from all lookup default`.
 */
export interface IpRule {
  readonly prio: number;
  readonly from?: Cidr;
  readonly to?: Cidr;
  readonly iif?: string;
  readonly fwmark?: { readonly value: number; readonly mask: number };
  /** `not`: the selector is inverted */
  readonly not?: boolean;
  /** a table number, or `main` */
  readonly table: number | 'main';
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

/** A tc (eBPF-style) program attached to an interface: the seam Cilium and policy plug into. */
export interface TcProgram {
  /** the program (its ELF section in the agent's object: `cil_from_container`) */
  readonly name: string;
  readonly dev: string;
  readonly direction: 'ingress' | 'egress';
}

/**
 * A program attached to the node's root cgroup (cgroup/connect4, sendmsg4, recvmsg4): it runs in
 * the socket calls of every process below it, pods included (Cilium's socket load balancing).
 */
export interface CgroupProgram {
  readonly name: string;
  readonly hook: 'connect4' | 'sendmsg4' | 'recvmsg4';
}

/**
 * A BPF map as `bpftool map dump` / `cilium-dbg bpf … list` shows it: entries by their printed
 * key. The programs that own a map define its value records (JSON), read and written through
 * their own typed helpers.
 */
export interface BpfMap {
  readonly name: string;
  readonly type: 'hash' | 'lru_hash' | 'lpm_trie' | 'array';
  readonly entries: Readonly<Record<string, unknown>>;
}

/**
 * What answers on a socket: the kernel itself (the VXLAN driver on UDP 8472), or an
 * application. The lab's applications are simulated and say so: a container port runs a
 * small HTTP server on TCP and an echo server on UDP; CoreDNS answers DNS.
 */
export type SocketApp = 'http' | 'echo' | 'coredns' | 'resolver' | 'vxlan' | 'geneve' | 'wireguard' | 'tcp';

export interface Socket {
  readonly proto: 'tcp' | 'udp';
  readonly port: number;
  /** what owns it: a container port, kube-dns, the vxlan driver (UDP 8472) */
  readonly owner: string;
  /** what answers; default: `http` on TCP, `echo` on UDP */
  readonly app?: SocketApp;
  /** bound address (default 0.0.0.0: every local address) */
  readonly addr?: Ipv4;
}

export interface Sysctls {
  readonly ipForward: boolean;
  /** net.bridge.bridge-nf-call-iptables: bridged IPv4 traffic traverses iptables */
  readonly bridgeNfCallIptables: boolean;
  /** net.ipv4.ip_forward_use_pmtu: forwarded packets honour learned PMTU (default 0) */
  readonly ipForwardUsePmtu: boolean;
  readonly defaultTtl: number;
  /** net.ipv4.conf.all.rp_filter (0 off, 1 strict, 2 loose); a device's own value counts when larger */
  readonly rpFilter?: 0 | 1 | 2;
  /**
   * net.netfilter.nf_conntrack_tcp_timeout_<state> in seconds where it differs from the
   * kernel default (tables/conntrack.ts TCP_TIMEOUT_MS): kube-proxy writes established 86400
   * and close_wait 3600 on its node (services/index.ts)
   */
  readonly nfConntrackTcpTimeouts?: Readonly<Partial<Record<TcpCtState, number>>>;
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
  /** the main routing table */
  readonly routes: readonly Route[];
  /** policy routing: rules beyond the kernel's defaults, and the numbered tables they use */
  readonly rules?: readonly IpRule[];
  readonly routeTables?: Readonly<Record<number, readonly Route[]>>;
  readonly neigh: readonly NeighEntry[];
  readonly fdb: readonly FdbEntry[];
  readonly netfilter: Netfilter;
  readonly tc: readonly TcProgram[];
  /** cgroup socket programs (a node's root cgroup; pods' sockets run their node's) */
  readonly cgroup?: readonly CgroupProgram[];
  /** BPF maps pinned in this namespace's bpffs (the node's) */
  readonly bpf?: Readonly<Record<string, BpfMap>>;
  readonly sockets: readonly Socket[];
  readonly sysctl: Sysctls;
  /** nf_conntrack is active here (a node's root namespace): flows are tracked, NAT is possible */
  readonly conntrack?: boolean;
  /** ipsets by name (`ipset list`), written by kube-proxy in IPVS mode */
  readonly ipsets?: Readonly<Record<string, IpSet>>;
  /** the IPVS table (`ipvsadm -Ln`), written by kube-proxy in IPVS mode */
  readonly ipvs?: readonly IpvsService[];
  /** nftables tables (`nft list ruleset`), written by kube-proxy in nftables mode */
  readonly nft?: readonly NftTable[];
}

/**
 * A security group rule taken away (fault security-group): the group on `node`'s ENIs (every
 * node's when absent: they share the node group's SG) no longer allows `protocol` (and `port`)
 * in from the other nodes.
 */
export interface SecurityGroupDenial {
  readonly node?: string;
  readonly protocol: 'icmp' | 'tcp' | 'udp' | 'all';
  readonly port?: number;
}

/**
 * A cloud VPC under the segment (devices/vpc-fabric.ts): the VPC knows which ENI holds each
 * private address, answers ARP with that ENI's MAC and delivers to it — also what is sent to
 * the subnet router — without a routing hop; security groups filter what reaches an ENI.
 */
export interface VpcFabric {
  /** the subnet router (`.1` of the subnet): frames sent to it are routed by the VPC */
  readonly router: Ipv4;
  /** every private address the VPC delivers, to the ENI holding it */
  readonly owners: Readonly<Record<Ipv4, { readonly netns: string; readonly ifname: string }>>;
  readonly denials: readonly SecurityGroupDenial[];
}

/** An L2 segment of the underlay (the wire or switch the node NICs are plugged into). */
export interface Segment {
  readonly id: string;
  readonly cidr: Cidr;
  readonly members: readonly { readonly netns: string; readonly ifname: string }[];
  /** a cloud VPC's fabric (the VPC CNI): delivery by address, not by the frame's MAC alone */
  readonly vpc?: VpcFabric;
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
  /** the Ready condition (readiness probe passing); only ready pods are Service endpoints */
  readonly ready: boolean;
  /** spec.hostname / spec.subdomain (headless Service records) */
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  readonly dnsConfig?: PodDnsConfig;
  /** the image's resolver: glibc (default) or musl (Alpine) */
  readonly libc: 'glibc' | 'musl';
  /** who made it: a scenario pod, or a system component (CoreDNS, the API server) */
  readonly owner?: string;
  /** the application keeps one UDP socket for its DNS queries (source port pinned), as long-lived clients do */
  readonly resolverPort?: number;
}

/** Pod spec.dnsConfig (k8s.io/api core/v1 PodDNSConfig). */
export interface PodDnsConfig {
  readonly nameservers?: readonly Ipv4[];
  readonly searches?: readonly string[];
  readonly options?: readonly { readonly name: string; readonly value?: string }[];
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
  /** Namespaces, Services, EndpointSlices: what the API server holds */
  readonly api: ClusterApi;
  readonly dns: ClusterDnsConfig;
  readonly proxy: KubeProxyConfig;
}
