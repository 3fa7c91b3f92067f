/**
 * Connection tracking as a table (LNX net/netfilter/nf_conntrack_core.c and the per-protocol
 * trackers): every flow a node sees gets an entry with the original tuple and the reply tuple
 * a reply must carry. NAT bindings (nf_nat_setup_info) rewrite the reply tuple; later packets
 * of the flow — both directions — are translated from the entry without consulting the nat
 * table again, and ICMP errors about a flow are RELATED to it.
 *
 * Timeouts are the kernel defaults (nf_conntrack_proto_tcp.c tcp_timeouts,
 * nf_conntrack_proto_udp.c udp_timeouts, nf_conntrack_proto_icmp.c), on the lab clock,
 * unless the netns's nf_conntrack_tcp_timeout_* sysctls say otherwise (kube-proxy sets
 * established and close_wait).
 * The TCP state machine is the kernel's tcp_conntracks table for the flags the lab sends
 * (SYN, SYN-ACK, ACK, FIN, RST); window tracking is not modelled.
 */
import type { CtState } from '../model/datapath';
import type { ConntrackEntry, CtTuple, TcpCtState } from '../model/kernel-state';
import type { Ipv4 } from '../wire/ipv4';

export type CtProto = ConntrackEntry['proto'];
export type { CtDir } from '../model/kernel-state';
import type { CtDir } from '../model/kernel-state';

const S = 1000;
/** net.netfilter.nf_conntrack_tcp_timeout_* defaults */
export const TCP_TIMEOUT_MS: Readonly<Record<TcpCtState, number>> = {
  SYN_SENT: 120 * S,
  SYN_RECV: 60 * S,
  ESTABLISHED: 432000 * S,
  FIN_WAIT: 120 * S,
  CLOSE_WAIT: 60 * S,
  LAST_ACK: 30 * S,
  TIME_WAIT: 120 * S,
  CLOSE: 10 * S,
};
/** nf_conntrack_udp_timeout (unreplied or a single exchange) and _stream (replied and still active after 2 s) */
export const UDP_TIMEOUT_MS = 30 * S;
export const UDP_STREAM_TIMEOUT_MS = 120 * S;
/** "Still active after two seconds? Extend timeout." (nf_conntrack_proto_udp.c) */
export const UDP_STREAM_AFTER_MS = 2 * S;
export const ICMP_TIMEOUT_MS = 30 * S;

/** A netns's nf_conntrack_tcp_timeout_* overrides in seconds (Sysctls.nfConntrackTcpTimeouts: kube-proxy sets two). */
export type TcpTimeouts = Readonly<Partial<Record<TcpCtState, number>>>;

function tcpTimeoutMs(state: TcpCtState, timeouts: TcpTimeouts | undefined): number {
  const s = timeouts?.[state];
  return s !== undefined ? s * S : TCP_TIMEOUT_MS[state];
}

export function invert(t: CtTuple): CtTuple {
  return { src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function sameTuple(a: CtTuple, b: CtTuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;
}

/** ICMP echo request/reply types swap in the reply tuple (nf_conntrack_proto_icmp.c invmap). */
const ICMP_INVERSE: Readonly<Record<number, number>> = { 8: 0, 0: 8, 13: 14, 14: 13 };

export function replyTupleOf(proto: CtProto, t: CtTuple): CtTuple {
  if (proto !== 'icmp') return invert(t);
  return { src: t.dst, dst: t.src, sport: t.sport, dport: ICMP_INVERSE[t.dport] ?? t.dport };
}

export interface TcpFlags {
  readonly syn: boolean;
  readonly ack: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
}

type Idx = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

function flagIndex(f: TcpFlags): Idx {
  if (f.rst) return 'rst';
  if (f.syn) return f.ack ? 'synack' : 'syn';
  if (f.fin) return 'fin';
  if (f.ack) return 'ack';
  return 'none';
}

type St = TcpCtState | 'NONE' | 'INVALID' | 'IGNORE';

/**
 * tcp_conntracks[dir][flag][state] for the states the lab reaches (sNO, sSS, sSR, sES, sFW,
 * sCW, sLA, sTW, sCL): the kernel's table, trimmed of the simultaneous-open (sS2) column.
 */
const ORDER: readonly (TcpCtState | 'NONE')[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'];
const T: Record<CtDir, Record<Exclude<Idx, 'none'>, readonly St[]>> = {
  orig: {
    //       sNO          sSS          sSR         sES            sFW          sCW          sLA          sTW          sCL
    syn: ['SYN_SENT', 'SYN_SENT', 'IGNORE', 'IGNORE', 'IGNORE', 'IGNORE', 'IGNORE', 'SYN_SENT', 'SYN_SENT'],
    synack: ['INVALID', 'INVALID', 'SYN_RECV', 'INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID'],
    fin: ['INVALID', 'INVALID', 'FIN_WAIT', 'FIN_WAIT', 'LAST_ACK', 'LAST_ACK', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'],
    ack: ['ESTABLISHED', 'INVALID', 'ESTABLISHED', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE'],
    rst: ['INVALID', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE'],
  },
  reply: {
    syn: ['INVALID', 'SYN_SENT', 'SYN_SENT', 'IGNORE', 'IGNORE', 'IGNORE', 'IGNORE', 'SYN_SENT', 'IGNORE'],
    synack: ['INVALID', 'SYN_RECV', 'IGNORE', 'IGNORE', 'IGNORE', 'IGNORE', 'IGNORE', 'IGNORE', 'INVALID'],
    fin: ['INVALID', 'INVALID', 'FIN_WAIT', 'FIN_WAIT', 'LAST_ACK', 'LAST_ACK', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'],
    ack: ['INVALID', 'IGNORE', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE'],
    rst: ['INVALID', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE'],
  },
};

/** The TCP state after a packet with `flags` in `dir`: a new state, or INVALID / IGNORE (no change). */
export function tcpTransition(state: TcpCtState | undefined, dir: CtDir, flags: TcpFlags): St {
  const idx = flagIndex(flags);
  if (idx === 'none') return 'INVALID';
  return T[dir][idx][ORDER.indexOf(state ?? 'NONE')];
}

/** Whether a packet with no entry may start one (tcp_new: only a SYN without ACK, or with nf_conntrack_tcp_loose an ACK). */
export function tcpCanStart(flags: TcpFlags): boolean {
  const st = tcpTransition(undefined, 'orig', flags);
  return st === 'SYN_SENT' || st === 'ESTABLISHED';
}

/** A new, unconfirmed entry for the first packet of a flow. */
export function newEntry(id: number, proto: CtProto, orig: CtTuple, now: number, flags?: TcpFlags, timeouts?: TcpTimeouts): ConntrackEntry {
  const tcpState = proto === 'tcp' ? (tcpTransition(undefined, 'orig', flags ?? { syn: true, ack: false, fin: false, rst: false }) as TcpCtState) : undefined;
  const timeout = proto === 'tcp' ? tcpTimeoutMs(tcpState ?? 'SYN_SENT', timeouts) : proto === 'udp' ? UDP_TIMEOUT_MS : ICMP_TIMEOUT_MS;
  return {
    id,
    proto,
    orig,
    reply: replyTupleOf(proto, orig),
    ...(tcpState ? { tcpState } : {}),
    seenReply: false,
    assured: false,
    srcNat: false,
    dstNat: false,
    natInit: { src: false, dst: false },
    mark: 0,
    created: now,
    expires: now + timeout,
  };
}

/** A packet of the flow passed in `dir`: state, flags and timeout as the protocol tracker updates them. */
export function advance(e: ConntrackEntry, dir: CtDir, now: number, flags?: TcpFlags, timeouts?: TcpTimeouts): ConntrackEntry {
  const seenReply = e.seenReply || dir === 'reply';
  if (e.proto === 'tcp' && flags) {
    const next = tcpTransition(e.tcpState, dir, flags);
    if (next === 'INVALID' || next === 'IGNORE') return e;
    const state = next as TcpCtState;
    // ASSURED once the handshake completes (tcp_packet: SYN_RECV/ESTABLISHED → ESTABLISHED)
    const assured = e.assured || ((e.tcpState === 'SYN_RECV' || e.tcpState === 'ESTABLISHED') && state === 'ESTABLISHED');
    return { ...e, tcpState: state, seenReply, assured, expires: now + tcpTimeoutMs(state, timeouts) };
  }
  if (e.proto === 'udp') {
    if (!seenReply) return { ...e, expires: now + UDP_TIMEOUT_MS };
    const stream = now - e.created > UDP_STREAM_AFTER_MS;
    return { ...e, seenReply, assured: e.assured || stream, expires: now + (stream ? UDP_STREAM_TIMEOUT_MS : UDP_TIMEOUT_MS) };
  }
  return { ...e, seenReply, expires: now + ICMP_TIMEOUT_MS };
}

/** The hash key of a tuple (nf_conntrack_tuple_hash keys on the whole tuple). */
export function ctKey(proto: CtProto, t: CtTuple): string {
  return `${proto} ${t.src}:${t.sport} ${t.dst}:${t.dport}`;
}

/** Which direction `t` belongs to in `e`, if any. */
export function directionOf(e: ConntrackEntry, proto: CtProto, t: CtTuple): CtDir | undefined {
  if (e.proto !== proto) return undefined;
  if (sameTuple(e.orig, t)) return 'orig';
  if (sameTuple(e.reply, t)) return 'reply';
  return undefined;
}

/** The live entry a tuple belongs to (expired entries are gone, as the GC would have them). */
export function findEntry(entries: readonly ConntrackEntry[], proto: CtProto, t: CtTuple, now: number): { entry: ConntrackEntry; dir: CtDir } | undefined {
  for (const e of entries) {
    if (e.expires <= now) continue;
    const dir = directionOf(e, proto, t);
    if (dir) return { entry: e, dir };
  }
  return undefined;
}

/** `-m conntrack --ctstate` bits for a packet of `e` in `dir`: NEW until a reply was seen, then ESTABLISHED; SNAT/DNAT when translated. */
export function ctStateOf(e: ConntrackEntry, dir: CtDir, related = false): CtState[] {
  const out: CtState[] = [related ? 'RELATED' : dir === 'orig' && !e.seenReply ? 'NEW' : 'ESTABLISHED'];
  if (e.srcNat) out.push('SNAT');
  if (e.dstNat) out.push('DNAT');
  return out;
}

/** nf_nat_setup_info for a DNAT binding: replies must come from the new destination. */
export function bindDnat(e: ConntrackEntry, to: Ipv4, port: number | undefined, rule: string): ConntrackEntry {
  const reply = { ...e.reply, src: to, sport: port ?? e.reply.sport };
  return { ...e, reply, dstNat: true, natRules: [...(e.natRules ?? []), rule] };
}

/** nf_nat_setup_info for a SNAT/MASQUERADE binding: replies must come back to the new source. */
export function bindSnat(e: ConntrackEntry, to: Ipv4, port: number | undefined, rule: string): ConntrackEntry {
  const reply = { ...e.reply, dst: to, dport: port ?? e.reply.dport };
  return { ...e, reply, srcNat: true, natRules: [...(e.natRules ?? []), rule] };
}

/**
 * The destination a packet gets from the entry at a DST manip hook (PREROUTING, OUTPUT):
 * DNAT in the original direction, un-SNAT in the reply direction; undefined: unchanged.
 */
export function dstManip(e: ConntrackEntry, dir: CtDir): { ip: Ipv4; port: number } | undefined {
  if (dir === 'orig' && e.dstNat) return { ip: e.reply.src, port: e.reply.sport };
  if (dir === 'reply' && e.srcNat) return { ip: e.orig.src, port: e.orig.sport };
  return undefined;
}

/** The source a packet gets from the entry at a SRC manip hook (POSTROUTING, INPUT): SNAT / un-DNAT. */
export function srcManip(e: ConntrackEntry, dir: CtDir): { ip: Ipv4; port: number } | undefined {
  if (dir === 'orig' && e.srcNat) return { ip: e.reply.dst, port: e.reply.dport };
  if (dir === 'reply' && e.dstNat) return { ip: e.orig.dst, port: e.orig.dport };
  return undefined;
}

const PROTO_NUMBER: Readonly<Record<CtProto, number>> = { tcp: 6, udp: 17, icmp: 1 };

function tupleText(proto: CtProto, t: CtTuple): string {
  if (proto === 'icmp') return `src=${t.src} dst=${t.dst} type=${t.dport} code=0 id=${t.sport}`;
  return `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;
}

/**
 * One `conntrack -L` line (libnetfilter_conntrack snprintf_default.c): `%-8s %u ` protocol
 * name and number, seconds left (nf_ct_expires / HZ), the TCP state, the original tuple,
 * [UNREPLIED], the reply tuple, [ASSURED], mark and use.
 * `tcp      6 119 TIME_WAIT src=10.244.1.2 dst=10.96.0.100 sport=48184 dport=80 src=10.244.1.3 dst=10.244.1.2 sport=8080 dport=48184 [ASSURED] mark=0 use=1`
 */
export function formatConntrack(e: ConntrackEntry, now: number): string {
  const left = Math.max(0, Math.floor((e.expires - now) / S));
  const parts = [`${e.proto.padEnd(8)} ${PROTO_NUMBER[e.proto]} ${left}`];
  if (e.tcpState) parts.push(e.tcpState);
  parts.push(tupleText(e.proto, e.orig));
  if (!e.seenReply) parts.push('[UNREPLIED]');
  parts.push(tupleText(e.proto, e.reply));
  if (e.assured) parts.push('[ASSURED]');
  parts.push(`mark=${e.mark}`, 'use=1');
  return parts.join(' ');
}
