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

export interface ConntrackEntry {
  readonly proto: 'tcp' | 'udp' | 'icmp';
  /** the rule that created the translation, as iptables-save prints it */
  readonly rule?: string;
  readonly orig: { readonly src: Ipv4; readonly dst: Ipv4; readonly sport: number; readonly dport: number };
  readonly reply: { readonly src: Ipv4; readonly dst: Ipv4; readonly sport: number; readonly dport: number };
  readonly state: string;
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
  /** next IP identification / ephemeral port: deterministic counters */
  readonly ipId: number;
  readonly ephemeralPort: number;
}

export const NET_IPV4_ROUTE_MTU_EXPIRES_MS = 600_000;
/** ARP: mcast_solicit (3) probes, retrans_time 1 s apart, then FAILED (Documentation/networking/ip-sysctl.rst, neigh defaults) */
export const NEIGH_RESOLVE_TIMEOUT_MS = 3_000;

export function emptyKernelState(): KernelState {
  return { now: 0, pmtu: {}, neigh: {}, fdb: {}, conntrack: {}, ipId: 1, ephemeralPort: 40000 };
}
