/**
 * IPVS in the kernel (LNX net/netfilter/ipvs): the virtual-service lookup, the three
 * schedulers kube-proxy offers here as the kernel implements them, and a connection's TCP
 * state machine with its timeouts and ActiveConn/InActConn accounting.
 *
 *   rr  ip_vs_rr.c ip_vs_rr_schedule: continue after the dest picked last, wrapping once;
 *       the first pick after the service is created is the list head
 *   lc  ip_vs_lc.c ip_vs_lc_schedule: the dest with the least (activeconns << 8) + inactconns
 *       (include/net/ip_vs.h ip_vs_dest_conn_overhead); ties go to the earlier dest
 *   sh  ip_vs_sh.c: 256 buckets filled from the dest list (bucket i → dest i mod n at weight 1),
 *       indexed by hash_32(ntohl(saddr), 8) (include/linux/hash.h, GOLDEN_RATIO_32)
 *
 * The dest list is in kernel order: __ip_vs_update_dest adds with list_add_rcu, at the head,
 * so the newest dest comes first (ipvsadm sorts its listing; the schedulers do not).
 * Dest thresholds (IP_VS_DEST_F_OVERLOAD) are not modelled: kube-proxy sets none.
 *
 * A connection template (persistence, ip_vs_sched_persist) is an IpvsConn with client port 0,
 * as the kernel keys it (<proto, caddr, 0, vaddr, vport, daddr, dport>), in state NONE.
 */
import type { IpvsDest, IpvsService, Netns } from '../model/datapath';
import type { IpvsConn } from '../model/kernel-state';
import { ipToInt, type Ipv4 } from '../wire/ipv4';

export type IpvsProto = IpvsService['proto'];

/** One endpoint of a connection or service: an address and a port. */
export interface AddrPort {
  readonly ip: Ipv4;
  readonly port: number;
}

/** `TCP 10.96.0.10:53`: the key of a virtual service (rr position, conn lookups). */
export function serviceKey(s: { readonly proto: IpvsProto; readonly vip: Ipv4; readonly port: number }): string {
  return `${s.proto.toUpperCase()} ${s.vip}:${s.port}`;
}

/** ip_vs_service_find: the virtual service for <protocol, vaddr, vport> (kube-proxy uses no fwmark services). */
export function findService(ns: Netns, proto: string, ip: Ipv4, port: number): IpvsService | undefined {
  return ns.ipvs?.find((s) => s.proto === proto && s.vip === ip && s.port === port);
}

export function sameDest(a: AddrPort, b: AddrPort): boolean {
  return a.ip === b.ip && a.port === b.port;
}

/** is_unavailable (ip_vs_sh.c) and the rr/lc skip test: weight 0 takes no new connections (graceful termination). */
export function takesNewConnections(d: IpvsDest): boolean {
  return d.weight > 0;
}

export function isTemplate(c: IpvsConn): boolean {
  return c.client.port === 0;
}

// ---------------------------------------------------------------------------------------
// Connection counters

export interface DestCounters {
  readonly active: number;
  readonly inactive: number;
  /** connection templates bound to the dest (ipvsadm --persistent-conn PersistConn) */
  readonly persistent: number;
}

/** activeconns / inactconns / persistconns of one dest of one service (ip_vs_bind_dest and the state transitions). */
export function destCounters(conns: readonly IpvsConn[], svc: IpvsService, d: AddrPort): DestCounters {
  let active = 0;
  let inactive = 0;
  let persistent = 0;
  for (const c of conns) {
    if (c.proto !== svc.proto || c.vip.ip !== svc.vip || c.vip.port !== svc.port || !sameDest(c.dest, d)) continue;
    if (isTemplate(c)) persistent++;
    else if (c.active) active++;
    else inactive++;
  }
  return { active, inactive, persistent };
}

// ---------------------------------------------------------------------------------------
// Schedulers. Each returns the index of the picked dest in `svc.dests`, or undefined
// ("no destination available": the caller answers as ip_vs_leave does).

/**
 * ip_vs_rr_schedule: `last` is the index picked last (sched_data), undefined at the list head.
 * The kernel keeps a pointer to that dest; the lab keeps its index, so a sync that adds or
 * removes dests may move the next pick by one (simplified).
 */
export function rrSchedule(dests: readonly IpvsDest[], last: number | undefined): number | undefined {
  const n = dests.length;
  const from = last !== undefined && last >= 0 && last < n ? last : -1;
  for (let i = 1; i <= n; i++) {
    const k = (from + i + n) % n;
    if (takesNewConnections(dests[k])) return k;
  }
  return undefined;
}

/** ip_vs_dest_conn_overhead: (activeconns << 8) + inactconns. The source comment says << 5; the code is << 8. */
export function connOverhead(c: DestCounters): number {
  return c.active * 256 + c.inactive;
}

/** ip_vs_lc_schedule: the least overhead wins, a strict `<` keeps the earlier dest on a tie. */
export function lcSchedule(dests: readonly IpvsDest[], counters: (d: IpvsDest) => DestCounters): number | undefined {
  let least: number | undefined;
  let loh = 0;
  dests.forEach((d, i) => {
    if (!takesNewConnections(d)) return;
    const doh = connOverhead(counters(d));
    if (least === undefined || doh < loh) {
      least = i;
      loh = doh;
    }
  });
  return least;
}

/** CONFIG_IP_VS_SH_TAB_BITS = 8: 256 buckets. */
export const SH_TAB_BITS = 8;
export const SH_TAB_SIZE = 1 << SH_TAB_BITS;
const GOLDEN_RATIO_32 = 0x61c88647;

/** hash_32(val, bits) = (val * GOLDEN_RATIO_32) >> (32 - bits) on u32 (include/linux/hash.h). */
export function hash32(value: number, bits: number): number {
  return Math.imul(value >>> 0, GOLDEN_RATIO_32) >>> (32 - bits);
}

/**
 * ip_vs_sh_hashkey: (offset + hash_32(ntohs(port) + ntohl(addr), 8)) & 255. kube-proxy never sets
 * IP_VS_SVC_F_SCHED_SH_PORT, so the port is 0, nor sh-fallback, so the offset is 0.
 * Older kernels hashed `(ntohl(addr) * 2654435761) & 255`; the version of the change is not verified.
 */
export function shBucket(addr: Ipv4, port = 0): number {
  return hash32((port + ipToInt(addr)) >>> 0, SH_TAB_BITS) & (SH_TAB_SIZE - 1);
}

/** ip_vs_sh_reassign: walk the dest list, giving each dest `weight` consecutive buckets (at least one), cycling. */
export function shBuckets(dests: readonly IpvsDest[]): readonly (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let p = 0;
  let count = 0;
  for (let i = 0; i < SH_TAB_SIZE; i++) {
    if (dests.length === 0) {
      out.push(undefined);
      continue;
    }
    out.push(p);
    if (++count >= dests[p].weight) {
      p = (p + 1) % dests.length;
      count = 0;
    }
  }
  return out;
}

/** ip_vs_sh_get: the bucket's dest, or none when it takes no new connections (no sh-fallback). */
export function shSchedule(dests: readonly IpvsDest[], src: Ipv4): number | undefined {
  const i = shBuckets(dests)[shBucket(src)];
  return i !== undefined && takesNewConnections(dests[i]) ? i : undefined;
}

// ---------------------------------------------------------------------------------------
// TCP state machine (ip_vs_proto_tcp.c tcp_states, set_tcp_state) and timeouts

export type IpvsTcpState =
  'NONE' | 'ESTABLISHED' | 'SYN_SENT' | 'SYN_RECV' | 'FIN_WAIT' | 'TIME_WAIT' | 'CLOSE' | 'CLOSE_WAIT' | 'LAST_ACK' | 'LISTEN' | 'SYNACK';

const COLS: readonly IpvsTcpState[] = [
  'NONE',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'SYNACK',
];
const [, sES, sSS, sSR, sFW, sTW, sCL, sCW, sLA, sLI] = COLS;

/** tcp_states[]: INPUT is client → real server, OUTPUT the real server's replies (the VS/NAT case). */
const TCP_STATES: Readonly<Record<'input' | 'output', Readonly<Record<'syn' | 'fin' | 'ack' | 'rst', readonly IpvsTcpState[]>>>> = {
  input: {
    syn: [sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR],
    fin: [sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW],
    ack: [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES],
    rst: [sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR],
  },
  output: {
    syn: [sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR],
    fin: [sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW],
    ack: [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES],
    rst: [sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL],
  },
};

export interface TcpFlagSet {
  readonly syn: boolean;
  readonly ack: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
}

/** set_tcp_state: tcp_state_idx picks rst, then syn, then fin, then ack; a segment with none of them closes. */
export function tcpNextState(state: IpvsTcpState, dir: 'input' | 'output', f: TcpFlagSet): IpvsTcpState {
  const idx = f.rst ? 'rst' : f.syn ? 'syn' : f.fin ? 'fin' : f.ack ? 'ack' : undefined;
  if (!idx) return 'CLOSE';
  return TCP_STATES[dir][idx][COLS.indexOf(state)];
}

/** tcp_state_active_table: the states lc counts as ActiveConn (pre-established ones too, since Linux 4.8). */
export function isActiveState(state: string): boolean {
  return state === 'ESTABLISHED' || state === 'SYN_SENT' || state === 'SYN_RECV' || state === 'SYNACK';
}

/** tcp_timeouts[] in seconds (ipvsadm -L --timeout: tcp 900 tcpfin 120 udp 300). */
export const TCP_TIMEOUT_S: Readonly<Record<IpvsTcpState, number>> = {
  NONE: 2,
  ESTABLISHED: 900,
  SYN_SENT: 120,
  SYN_RECV: 60,
  FIN_WAIT: 120,
  TIME_WAIT: 120,
  CLOSE: 10,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  LISTEN: 120,
  SYNACK: 120,
};
/** udp_timeouts[IP_VS_UDP_S_NORMAL] = 5*60*HZ; a UDP connection's state name is `UDP` (udp_state_name_table). */
export const UDP_TIMEOUT_S = 300;

export function connTimeoutMs(proto: IpvsProto, state: string): number {
  return 1000 * (proto === 'udp' ? UDP_TIMEOUT_S : (TCP_TIMEOUT_S[state as IpvsTcpState] ?? TCP_TIMEOUT_S.NONE));
}

/**
 * A packet of `c` in `dir` at `now` (ip_vs_set_state, then ip_vs_conn_put re-arms the timer):
 * TCP moves through the state table, UDP just refreshes. Every new connection starts INACTIVE
 * (__ip_vs_update_dest ORs IP_VS_CONN_F_INACTIVE into the dest's conn_flags) and only TCP ever
 * becomes active, so UDP connections count as InActConn.
 */
export function advanceConn(c: IpvsConn, dir: 'input' | 'output', now: number, flags?: TcpFlagSet): IpvsConn {
  if (c.proto === 'udp') return { ...c, state: 'UDP', active: false, expires: now + connTimeoutMs('udp', 'UDP') };
  const state = flags ? tcpNextState((c.state ?? 'NONE') as IpvsTcpState, dir, flags) : ((c.state ?? 'NONE') as IpvsTcpState);
  return { ...c, state, active: isActiveState(state), expires: now + connTimeoutMs('tcp', state) };
}
