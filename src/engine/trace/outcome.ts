/**
 * Turning what happened during a walk into the sender's view: which answer reached the
 * sending socket and when, and the verdict/reason that follows (SCENARIOS.md semantics).
 */
import type { Reason } from '../model/reasons';
import type { IcmpInfo, Trace } from '../model/trace';
import type { Pkt } from '../wire/packet';
import type { Arrival, LocalError, SendStatus, Walker } from './walker';

export const LOCAL_REASON: Record<LocalError['error'], Reason> = {
  EMSGSIZE: 'LOCAL_EMSGSIZE',
  ENETUNREACH: 'NO_ROUTE',
  EHOSTUNREACH: 'LOCAL_EHOSTUNREACH',
  ENOBUFS: 'LOCAL_ENOBUFS',
  EPERM: 'LOCAL_EPERM',
  ENOKEY: 'LOCAL_ENOKEY',
  EINVAL: 'LOCAL_EINVAL',
};

export function icmpReason(type: number, code: number): Reason {
  if (type === 11) return 'TTL_EXCEEDED';
  if (code === 4) return 'FRAG_NEEDED';
  if (code === 0) return 'NET_UNREACHABLE';
  if (code === 1) return 'HOST_UNREACHABLE';
  if (code === 13) return 'ADMIN_PROHIBITED';
  return 'PORT_UNREACHABLE';
}

export function isIcmpError(p: Pkt): boolean {
  return p.l4?.kind === 'icmp' && p.l4.type !== 0 && p.l4.type !== 8;
}

/** ICMP errors that reached `ns` about a packet we sent from `src` (the quote names us). */
export function errorsFor(w: Walker, ns: string, since: number, src: string): Arrival[] {
  return w.arrivals.slice(since).filter((a) => a.ns === ns && isIcmpError(a.pkt) && a.pkt.quote?.ip.src === src);
}

export function icmpInfo(p: Pkt): IcmpInfo {
  const l4 = p.l4?.kind === 'icmp' ? p.l4 : undefined;
  return { type: l4?.type ?? 0, code: l4?.code ?? 0, ...(l4?.mtu !== undefined ? { mtu: l4.mtu } : {}), from: p.ip.src };
}

/** A driver's result; `busyUntil`: when the sender finished (a closed connection), if later than `elapsed`. */
export type Partial = Omit<Trace, 'hops' | 'elapsed'> & { readonly elapsed?: number; readonly busyUntil?: number };

/** The sender learned of its failure from an ICMP error: `rejected`, with the error's details. */
export function rejectedBy(err: Arrival, sent: Trace['sent']): Partial {
  const l4 = err.pkt.l4;
  const reason = l4?.kind === 'icmp' ? icmpReason(l4.type, l4.code) : 'NET_UNREACHABLE';
  return { verdict: 'rejected', reason, icmp: icmpInfo(err.pkt), elapsed: err.t, sent, decidedAt: err.pkt.origin };
}

export function localFailure(w: Walker, status: SendStatus, timeoutMs: number): Partial | undefined {
  if (status === 'ok' || status === 'queued') return undefined;
  const e = w.localErrors[w.localErrors.length - 1];
  if (status === 'EHOSTUNREACH' && e && e.t > timeoutMs) return { verdict: 'dropped', reason: 'TIMEOUT', elapsed: timeoutMs, decidedAt: e.seq };
  const reason = LOCAL_REASON[status];
  // ping reports a send error and then still waits -W for an answer; connect() fails at once.
  const elapsed = status === 'ENETUNREACH' || status === 'ENOKEY' || status === 'EINVAL' ? 0 : status === 'EHOSTUNREACH' ? (e?.t ?? 0) : timeoutMs;
  return {
    verdict: 'rejected',
    reason,
    localError: status,
    ...(e?.mtu !== undefined ? { localMtu: e.mtu } : {}),
    ...(e?.limit ? { localMtuLimit: e.limit } : {}),
    elapsed,
    decidedAt: e?.seq,
  };
}

/** The verdict when nothing useful came back: the first silent drop names the reason. */
export function silentLoss(w: Walker, timeoutMs: number, lateAnswer: boolean): Partial {
  const d = w.drops.find((x) => x.dir === 'request') ?? w.drops[0];
  if (lateAnswer) return { verdict: 'dropped', reason: 'TIMEOUT', elapsed: timeoutMs, decidedAt: d?.seq };
  const silent: Reason | undefined = d && (['FRAG_NEEDED', 'NET_UNREACHABLE', 'TTL_EXCEEDED'] as Reason[]).includes(d.reason) ? undefined : d?.reason;
  return { verdict: 'dropped', reason: silent ?? 'TIMEOUT', elapsed: timeoutMs, decidedAt: d?.seq };
}
