/**
 * Netfilter as plain records: the iptables tables and chains (rules with their match modules and
 * targets, as iptables-save prints them), ipsets, IPVS virtual services and nftables tables —
 * what kube-proxy, Felix and flanneld write and the walk's hooks (trace/hooks.ts) read.
 * Split from datapath.ts, which re-exports them.
 */
import type { Cidr, Ipv4 } from '../wire/ipv4';
import type { IpProto } from '../wire/headers';

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
  /**
   * `-m icmp --icmp-type T[/C]` (libxt_icmp): `icmpType` 255 is `any`; without `code` every code
   * of the type matches (the kernel stores the code range 0–255).
   */
  | { readonly m: 'icmp'; readonly icmpType: number; readonly code?: number }
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
