/**
 * What a running kernel remembers between packets: learned path MTUs, resolved and
 * failed neighbours, bridge FDB entries learned from traffic, conntrack — and the clock.
 *
 * Probes run in order against one evolving state (SCENARIOS.md), so the walk takes a
 * KernelState and returns the next one. Time is data: `now` in milliseconds since the
 * scenario started. Nothing here is a global.
 */
import type { Ipv4 } from '../wire/ipv4';
import type { Mac } from '../wire/mac';
import type { DnsRcode, DnsRecord } from '../wire/app-data';

/** A packet's direction in its conntrack entry: the original tuple or the reply tuple. */
export type CtDir = 'orig' | 'reply';

export interface PmtuEntry {
  readonly mtu: number;
  /** ms; Linux net.ipv4.route.mtu_expires = 600 s */
  readonly expires: number;
}

export interface NeighState {
  readonly state: 'REACHABLE' | 'INCOMPLETE' | 'FAILED';
  readonly mac?: Mac;
  /** INCOMPLETE: when resolution gives up (mcast_solicit × retrans_time after it began) */
  readonly failAt?: number;
  readonly updated: number;
}

/** A conntrack tuple (nf_conntrack_tuple): addresses and ports; for ICMP, sport is the echo id and dport the type. */
export interface CtTuple {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport: number;
  readonly dport: number;
}

/** TCP connection tracking states (nf_conntrack_proto_tcp.c tcp_conntrack_names). */
export type TcpCtState = 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE';

/**
 * One confirmed conntrack entry (`conntrack -L`): the original tuple as the first packet
 * had it, the reply tuple a reply must carry (NAT bindings rewrite it), flags and expiry.
 */
export interface ConntrackEntry {
  readonly id: number;
  readonly proto: 'tcp' | 'udp' | 'icmp';
  readonly orig: CtTuple;
  readonly reply: CtTuple;
  readonly tcpState?: TcpCtState;
  /** IPS_SEEN_REPLY: a packet in the reply direction passed (conntrack -L prints [UNREPLIED] until then) */
  readonly seenReply: boolean;
  /** IPS_ASSURED */
  readonly assured: boolean;
  /** IPS_SRC_NAT / IPS_DST_NAT: a binding rewrote the reply tuple */
  readonly srcNat: boolean;
  readonly dstNat: boolean;
  /** the nat table ran for each manip type (nf_nat_initialized) */
  readonly natInit: { readonly src: boolean; readonly dst: boolean };
  readonly mark: number;
  /** absolute lab time (ms) the entry was created and expires */
  readonly created: number;
  readonly expires: number;
  /** the rules that set up the translation, as iptables-save (or nft, ipvsadm) prints them */
  readonly natRules?: readonly string[];
}

/** An IPVS connection (ip_vs_conn): client → virtual service, scheduled to a real server. */
export interface IpvsConn {
  readonly proto: 'tcp' | 'udp';
  readonly client: { readonly ip: Ipv4; readonly port: number };
  readonly vip: { readonly ip: Ipv4; readonly port: number };
  readonly dest: { readonly ip: Ipv4; readonly port: number };
  readonly expires: number;
  /** still counted as an active connection by `lc` */
  readonly active: boolean;
  /** the state `ipvsadm -Lnc` prints: a TCP state (SYN_RECV, ESTABLISHED, TIME_WAIT…), `UDP`, or `NONE` for a persistence template */
  readonly state?: string;
}

/** A CoreDNS cache entry (plugin/cache): the answer and when it stops being served. */
export interface DnsCacheEntry {
  readonly rcode: DnsRcode;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  /** the whole message is stored (plugin/cache item.go): the additional section and the RA flag too */
  readonly additional?: readonly DnsRecord[];
  readonly ra?: boolean;
  readonly expires: number;
}

export interface KernelState {
  readonly now: number;
  /** per netns id, per destination: the learned path MTU (`ip route get` … cache mtu) */
  readonly pmtu: Readonly<Record<string, Readonly<Record<Ipv4, PmtuEntry>>>>;
  /** per netns id, key `${dev} ${ip}`: dynamic neighbour entries */
  readonly neigh: Readonly<Record<string, Readonly<Record<string, NeighState>>>>;
  /** per netns id, key `${bridge} ${mac}`: the port a bridge learned the MAC on */
  readonly fdb: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly conntrack: Readonly<Record<string, readonly ConntrackEntry[]>>;
  /** next IP identification / ephemeral port / conntrack id: deterministic counters */
  readonly ipId: number;
  readonly ephemeralPort: number;
  readonly ctId: number;
  /**
   * The kernel's random generator, seeded from the scenario (`-m statistic`, nft numgen,
   * IPVS has none): a 32-bit xorshift state. Deterministic for a scenario and probe order,
   * uniform across seeds.
   */
  readonly rng: number;
  /** xt_recent lists per netns: list name → masked address → last seen (ms) */
  readonly recent: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;
  /** IPVS connection table per netns */
  readonly ipvsConns: Readonly<Record<string, readonly IpvsConn[]>>;
  /** IPVS rr position per netns and virtual service */
  readonly ipvsRr: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** CoreDNS response cache per CoreDNS pod netns: `qname qtype` → entry */
  readonly dnsCache: Readonly<Record<string, Readonly<Record<string, DnsCacheEntry>>>>;
  /**
   * What eBPF programs wrote into their maps while packets ran (namespace → map → key → value):
   * Cilium's conntrack tables and its monitor ring (hubble's flows). The maps an agent programs
   * are on Netns.bpf; these are the ones the datapath itself fills.
   */
  readonly bpf?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

export const NET_IPV4_ROUTE_MTU_EXPIRES_MS = 600_000;
/** ARP: mcast_solicit (3) probes, retrans_time 1 s apart, then FAILED (Documentation/networking/ip-sysctl.rst, neigh defaults) */
export const NEIGH_RESOLVE_TIMEOUT_MS = 3_000;

/** A non-zero 32-bit seed for the generator from any number (xorshift32 cannot start at 0). */
export function seedState(seed: number): number {
  const s = (Math.imul(seed >>> 0 || 1, 0x9e3779b1) ^ 0x6d2b79f5) >>> 0;
  return s || 1;
}

export function emptyKernelState(seed = 1): KernelState {
  return {
    now: 0,
    pmtu: {},
    neigh: {},
    fdb: {},
    conntrack: {},
    ipId: 1,
    ephemeralPort: 40000,
    ctId: 1,
    rng: seedState(seed),
    recent: {},
    ipvsConns: {},
    ipvsRr: {},
    dnsCache: {},
  };
}
