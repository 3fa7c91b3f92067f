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
import type { ClusterApi, ClusterDnsConfig, KubeProxyConfig } from './k8s';
import type { TcpCtState } from './kernel-state';

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

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type NetfilterTable = 'filter' | 'nat' | 'mangle' | 'raw';

/** conntrack states as `-m conntrack --ctstate` names them (libxt_conntrack). */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/**
 * One `-m <module>` match, in the order the rule was written: iptables-save prints the core
 * fields (-s, -d, -i, -o, -p) first and then the modules in the order they were given, so
 * the order is part of the rule (kube-proxy writes `-m conntrack … -m comment …` in some
 * rules and `-m comment … -m mark …` in others).
 */
export type MatchModule =
  | { readonly m: 'comment'; readonly comment: string }
  /** `-m tcp [--sport N] [--dport N]` (also written bare: `-m tcp`) */
  | { readonly m: 'tcp' | 'udp'; readonly sport?: number; readonly dport?: number }
  | { readonly m: 'multiport'; readonly dports: readonly number[] }
  | { readonly m: 'icmp'; readonly icmpType: number }
  /** `-m mark [!] --mark value/mask` */
  | { readonly m: 'mark'; readonly value: number; readonly mask: number; readonly invert?: boolean }
  /** `-m conntrack [!] --ctstate A,B` */
  | { readonly m: 'conntrack'; readonly ctstate: readonly CtState[]; readonly invert?: boolean }
  /** `-m addrtype [!] --dst-type LOCAL` / `--src-type LOCAL` */
  | { readonly m: 'addrtype'; readonly srcType?: 'LOCAL'; readonly dstType?: 'LOCAL'; readonly invert?: boolean }
  /**
   * `-m statistic --mode random --probability p`. `probability` is what the kernel stores:
   * lround(2^31 · p) (libxt_statistic), so the draw `u31 < probability` and the printed
   * value `probability / 2^31` are both exact.
   */
  | { readonly m: 'statistic'; readonly probability: number }
  /** `-m recent --name N --set|--rcheck [--seconds S] [--reap] --mask M --rsource` (session affinity) */
  | {
      readonly m: 'recent';
      readonly name: string;
      readonly op: 'set' | 'rcheck';
      readonly seconds?: number;
      readonly reap?: boolean;
      readonly mask: Ipv4;
      readonly side: 'source' | 'dest';
    }
  /** `-m set [!] --match-set NAME dst,dst` */
  | { readonly m: 'set'; readonly set: string; readonly dirs: readonly ('src' | 'dst')[]; readonly invert?: boolean }
  /** `-m physdev [[!] --physdev-is-in] [--physdev-is-bridged]` (br_netfilter); isIn false is `! --physdev-is-in` */
  | { readonly m: 'physdev'; readonly isBridged: boolean; readonly isIn?: boolean };

export interface RuleMatch {
  readonly proto?: IpProto;
  readonly notProto?: IpProto;
  readonly src?: Cidr;
  readonly dst?: Cidr;
  readonly notSrc?: Cidr;
  readonly notDst?: Cidr;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly notInIface?: string;
  readonly notOutIface?: string;
  readonly modules?: readonly MatchModule[];
}

export type RuleTarget =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  /** `bare`: a rule with no `-j` (a comment-only rule, as Felix writes for a policy without rules): it matches and the chain goes on */
  | { readonly kind: 'RETURN'; readonly bare?: boolean }
  | {
      readonly kind: 'REJECT';
      readonly with: 'icmp-port-unreachable' | 'icmp-net-unreachable' | 'icmp-host-unreachable' | 'icmp-admin-prohibited' | 'tcp-reset';
    }
  /** `goto`: `-g CHAIN`: a RETURN there returns to this chain's caller, not here (iptables(8) --goto) */
  | { readonly kind: 'JUMP'; readonly chain: string; readonly goto?: boolean }
  | { readonly kind: 'MASQUERADE'; readonly randomFully?: boolean }
  | { readonly kind: 'SNAT'; readonly to: Ipv4; readonly randomFully?: boolean }
  | { readonly kind: 'DNAT'; readonly to: Ipv4; readonly port?: number }
  /** `-j MARK --set-xmark value/mask`: mark = (mark & ~mask) ^ value (iptables-save's form of --or-mark / --xor-mark) */
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number };

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

/** An ipset (ipset(8)): a typed set of members matched by `-m set --match-set`. */
export interface IpSet {
  readonly name: string;
  /** `hash:ip,port`, `hash:ip,port,ip`, `hash:ip,port,net`, `hash:ip`, `hash:net`, `bitmap:port` */
  readonly type: string;
  readonly comment?: string;
  /** members as `ipset list` prints them: `10.96.0.10,udp:53`, `10.244.1.5,tcp:8080,10.244.1.5` */
  readonly members: readonly string[];
}

/** An IPVS real server (`-> 10.244.1.5:8080 Masq 1 0 0`). */
export interface IpvsDest {
  readonly ip: Ipv4;
  readonly port: number;
  readonly weight: number;
}

/** An IPVS virtual service (`TCP 10.96.0.10:53 rr`). */
export interface IpvsService {
  readonly proto: 'tcp' | 'udp';
  readonly vip: Ipv4;
  readonly port: number;
  readonly scheduler: 'rr' | 'lc' | 'sh' | 'wrr' | 'wlc';
  /** persistence timeout in seconds (`persistent 10800`: sessionAffinity ClientIP) */
  readonly persistent?: number;
  readonly dests: readonly IpvsDest[];
}

/** An nftables table: chains of rules, sets and verdict maps (nft(8)); see tables/nft.ts. */
export interface NftTable {
  readonly family: 'ip' | 'inet';
  readonly name: string;
  readonly comment?: string;
  /** in creation order (the kernel appends; `nft list` prints them in that order) */
  readonly chains: readonly NftChain[];
  /** named sets and maps, in creation order */
  readonly sets: readonly NftSet[];
}

export interface NftChain {
  readonly name: string;
  /** base chains: `type nat hook prerouting priority dstnat; policy accept;` (policy defaults to accept) */
  readonly base?: {
    readonly type: 'filter' | 'nat';
    readonly hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
    readonly priority: number;
    readonly policy?: 'accept' | 'drop';
  };
  readonly comment?: string;
  readonly rules: readonly NftRule[];
}

/** An nftables set or map. Map elements carry a verdict (`goto service-…`). */
export interface NftSet {
  readonly name: string;
  readonly kind: 'set' | 'map';
  /** `ipv4_addr . inet_proto . inet_service` */
  readonly type: readonly string[];
  /** map value type: `verdict` */
  readonly valueType?: string;
  /** `interval` (elements are CIDRs), `dynamic` and `timeout` (filled from the packet path by `update @set`) */
  readonly flags?: readonly ('constant' | 'dynamic' | 'interval' | 'timeout')[];
  /** default element timeout in seconds (`timeout 3h`) */
  readonly timeout?: number;
  readonly comment?: string;
  readonly elements: readonly NftElement[];
}

export interface NftElement {
  /** key parts, printed joined by ` . ` (`10.96.0.10 . udp . 53`, or an interval `10.244.0.0/16`) */
  readonly key: readonly string[];
  /** map value: `goto service-ULMVA6XW-kube-system/kube-dns/udp/dns` */
  readonly value?: NftVerdict;
  readonly comment?: string;
}

export type NftVerdict = { readonly kind: 'accept' | 'drop' | 'return' | 'continue' } | { readonly kind: 'goto' | 'jump'; readonly chain: string };

/** One nftables rule as a list of statements evaluated left to right (see tables/nft.ts). */
export interface NftRule {
  readonly stmts: readonly NftStmt[];
  readonly comment?: string;
}

export type NftStmt =
  /**
   * `ip daddr 10.96.0.10`, `ip saddr != 10.244.0.0/16`, `meta l4proto tcp`, `th dport 80`, `ct state new`,
   * `ct status dnat`, `fib daddr type local`; an array is an anonymous set (`ip daddr { 10.96.0.0/12, … }`)
   */
  | { readonly s: 'match'; readonly key: NftKey; readonly op?: '==' | '!='; readonly value: string | readonly string[] }
  /** `ip daddr . meta l4proto . th dport vmap @service-ips` / `… @set` (membership) */
  | { readonly s: 'lookup'; readonly keys: readonly NftKey[]; readonly set: string; readonly vmap: boolean; readonly op?: '==' | '!=' }
  /** `meta mark & 0x00004000 == 0x00004000` / `!= 0` */
  | { readonly s: 'mark-test'; readonly mask: number; readonly op: '==' | '!='; readonly value: number }
  /** `meta mark set meta mark | 0x00004000` / `^ 0x00004000` */
  | { readonly s: 'mark-set'; readonly or?: number; readonly xor?: number }
  /** `numgen random mod 3 vmap { 0 : goto endpoint-…, 1 : …}` */
  | { readonly s: 'numgen'; readonly mod: number; readonly map: readonly { readonly n: number; readonly verdict: NftVerdict }[] }
  | { readonly s: 'dnat'; readonly to: Ipv4; readonly port?: number }
  /** `dnat ip to numgen random mod 2 map { 0 : 10.244.1.5 . 8080, 1 : … }` (kube-proxy writes `dnat ip addr . port to …`) */
  | { readonly s: 'dnat-map'; readonly mod: number; readonly map: readonly { readonly n: number; readonly to: Ipv4; readonly port: number }[] }
  /** `update @affinity-… { ip saddr }`: add the key to a dynamic set, or refresh its timeout */
  | { readonly s: 'set-update'; readonly set: string; readonly keys: readonly NftKey[] }
  | { readonly s: 'masquerade'; readonly fullyRandom?: boolean }
  /** `reject` is ICMP port unreachable (ip family); otherwise `reject with icmp host-unreachable` / `reject with tcp reset` */
  | { readonly s: 'reject'; readonly with?: 'icmp net-unreachable' | 'icmp host-unreachable' | 'icmp admin-prohibited' | 'tcp reset' }
  | { readonly s: 'verdict'; readonly verdict: NftVerdict }
  | { readonly s: 'counter' };

export type NftKey =
  'ip daddr' | 'ip saddr' | 'meta l4proto' | 'th dport' | 'th sport' | 'ct state' | 'ct status' | 'fib daddr type' | 'fib saddr type' | 'iifname' | 'oifname';

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
