/**
 * One DNS question sent the way dig and nslookup send it (bind9 bin/dig/dighost.c): to one
 * server, no search list, no /etc/hosts; on silence or an ICMP error the same question again
 * from a new socket, up to `tries` times (dighost recv_done: "communications error", then a
 * copy of the query), each try waiting `timeoutMs`. Every try is a real datagram walked through
 * the datapath (lookup.ts walkQuery); the answer carries the whole message — rcode, AA/RA flags,
 * the three sections — as the server wrote it, and its size on the wire (wire/app-size.ts).
 *
 * The lab-level runDnsQuery returns the next Lab (what the kernels learned) and a Trace of the
 * tries, as runProbe does for probes.
 */
import type { Lab } from '../lab';
import type { DnsType } from '../wire/app-data';
import { dnsMessageBytes } from '../wire/app-size';
import type { Ipv4 } from '../wire/ipv4';
import { KernelDraft } from './kernel-draft';
import { resolvConfOf, walkQuery, type DnsQueryTrace, type LookupTrace } from './lookup';
import { dnsQueryId } from './dns-server';
import type { Trace } from '../model/trace';

export interface DnsQuerySpec {
  readonly server: Ipv4;
  /** the question, fully qualified (a trailing dot) */
  readonly name: string;
  readonly qtype: DnsType;
  /** OPT record bytes the client adds and the server echoes (dig: 11 + a 12-byte COOKIE option = 23) */
  readonly edns?: number;
  readonly timeoutMs: number;
  readonly tries: number;
}

export type DnsTryFailure = 'timed out' | 'connection refused' | 'network unreachable' | 'host unreachable';

export interface DnsQueryResult {
  /** every try in order; the last one is the answer when there is one */
  readonly tries: readonly DnsQueryTrace[];
  /** the answered try (rcode NOERROR, NXDOMAIN, SERVFAIL…) */
  readonly answer?: DnsQueryTrace;
  /** why each unanswered try failed, as isc_result_totext words it */
  readonly failures: readonly DnsTryFailure[];
  /** the message ID of the answered (or last) try */
  readonly id: number;
  /** response bytes: header, question, records, the echoed OPT */
  readonly bytes?: number;
  /** ms from the first send to the answer, or to the last try's give-up */
  readonly elapsed: number;
}

/** ICMP destination unreachable codes as the socket reports them (ECONNREFUSED, ENETUNREACH, EHOSTUNREACH). */
function failureOf(q: DnsQueryTrace): DnsTryFailure {
  if (q.rcode !== 'UNREACHABLE') return 'timed out';
  const code = q.icmp?.code;
  return code === 0 ? 'network unreachable' : code === 1 ? 'host unreachable' : 'connection refused';
}

/** The tries of one question on `k`, starting at `t0` ms into the run. */
export function digQuery(lab: Lab, k: KernelDraft, from: string, spec: DnsQuerySpec, t0 = 0): DnsQueryResult {
  const tries: DnsQueryTrace[] = [];
  const failures: DnsTryFailure[] = [];
  let t = t0;
  for (let i = 0; i < Math.max(1, spec.tries); i++) {
    const sport = k.nextPort();
    const sent = walkQuery(lab.cluster, k, from, spec.server, sport, spec.name, spec.qtype, t, spec.timeoutMs, spec.edns);
    const q = sent.trace;
    tries.push(q);
    if (sent.answered) {
      const bytes = dnsMessageBytes(q.name, [...q.answers, ...q.authority, ...(q.additional ?? [])], spec.edns ?? 0, q.via === 'upstream');
      return { tries, answer: q, failures, id: dnsQueryId(sport, spec.name, spec.qtype), bytes, elapsed: t + q.elapsed - t0 };
    }
    failures.push(failureOf(q));
    // a refused or unreachable try ends when the ICMP error arrives; a silent one after the timeout
    t += q.rcode === 'UNREACHABLE' ? q.elapsed : spec.timeoutMs;
  }
  const last = tries[tries.length - 1];
  return { tries, failures, id: dnsQueryId(last.sport, spec.name, spec.qtype), elapsed: t - t0 };
}

/** runDnsQuery(lab, from, spec): the question's tries as one step of the lab, with its Trace. */
export function runDnsQuery(lab: Lab, fromNetnsId: string, spec: DnsQuerySpec): { lab: Lab; trace: Trace; result: DnsQueryResult } {
  const draft = new KernelDraft(lab.kernel);
  const result = digQuery(lab, draft, fromNetnsId, spec);
  const { rc, libc } = resolvConfOf(lab.cluster, fromNetnsId);
  const a = result.answer;
  const lookup: LookupTrace = {
    name: spec.name,
    libc,
    resolvConf: rc,
    queries: result.tries,
    addresses: a ? a.answers.filter((r) => r.type === 'A').map((r) => r.data) : [],
    elapsed: result.elapsed,
  };
  const last = result.tries[result.tries.length - 1];
  const verdict: Pick<Trace, 'verdict' | 'reason'> = a
    ? { verdict: 'delivered', reason: 'DELIVERED' }
    : last?.rcode === 'UNREACHABLE'
      ? { verdict: 'dropped', reason: 'DNS_UNREACHABLE' }
      : { verdict: 'dropped', reason: 'DNS_TIMEOUT' };
  const trace: Trace = {
    ...verdict,
    ...(last?.icmp && !a ? { icmp: last.icmp } : {}),
    lookup,
    dns: result.tries.map((q) => ({ name: q.name.replace(/\.$/, ''), type: q.type, rcode: q.rcode })),
    elapsed: Math.round(result.elapsed * 1000) / 1000,
    hops: [],
  };
  const kernel = draft.freeze(lab.kernel.now + Math.max(1, Math.ceil(result.elapsed)));
  return { lab: { ...lab, kernel }, trace, result };
}
