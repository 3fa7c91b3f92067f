/**
 * What the lab plays for one trace: a probe whose `to` was a name first ran a lookup, each
 * DNS query its own short trace (trace.lookup.queries[].hops), then the connection
 * (trace.hops). Playback flattens them into one hop sequence split into parts, so the hop
 * list, the inspector and the canvas step through the queries first and the connection
 * after. Pure reshaping of trace data: nothing here decides anything about the network.
 */
import type { DnsQueryTrace, Hop, Trace } from '../../engine';

export interface PlayPart {
  readonly kind: 'query' | 'connection';
  /** index of the part's first hop in Playback.hops */
  readonly start: number;
  /** one past its last hop */
  readonly end: number;
  /** `web.prod.svc.cluster.local A` for a query, `http to 10.96.100.10:80` for the connection */
  readonly title: string;
  /** a query's answer code: NOERROR, NXDOMAIN, SERVFAIL, TIMEOUT, UNREACHABLE */
  readonly rcode?: string;
  readonly query?: DnsQueryTrace;
  /** 1-based number of the query in the lookup */
  readonly n?: number;
}

export interface Playback {
  readonly hops: readonly Hop[];
  readonly parts: readonly PlayPart[];
  /** per hop: index into `parts` */
  readonly partOf: readonly number[];
}

/** The name as a learner reads it: without the root's trailing dot. */
export function bareName(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** `web.prod.svc.cluster.local.default.svc.cluster.local A NXDOMAIN` */
export function queryLabel(q: Pick<DnsQueryTrace, 'name' | 'type' | 'rcode'>): string {
  return `${bareName(q.name)} ${q.type} ${q.rcode}`;
}

function connectionTitle(t: Trace): string {
  const s = t.sent;
  if (!s) return 'the connection';
  const port = s.dport !== undefined ? `:${s.dport}` : '';
  return `${s.protocol} to ${s.dst}${port}${t.target?.how === 'dns' ? ` (${t.target.name})` : ''}`;
}

export function flattenTrace(t: Trace): Playback {
  const hops: Hop[] = [];
  const parts: PlayPart[] = [];
  const partOf: number[] = [];
  const push = (part: Omit<PlayPart, 'start' | 'end'>, list: readonly Hop[]) => {
    const start = hops.length;
    hops.push(...list);
    for (let i = 0; i < list.length; i++) partOf.push(parts.length);
    parts.push({ ...part, start, end: hops.length });
  };
  (t.lookup?.queries ?? []).forEach((q, i) => {
    push({ kind: 'query', title: `${bareName(q.name)} ${q.type}`, rcode: q.rcode, query: q, n: i + 1 }, q.hops);
  });
  if (t.hops.length || parts.length === 0) push({ kind: 'connection', title: connectionTitle(t) }, t.hops);
  return { hops, parts, partOf };
}

/** The part a hop index belongs to. */
export function partAt(p: Playback, cursor: number): PlayPart | undefined {
  return p.parts[p.partOf[cursor] ?? -1];
}

/** True for the first hop of every part after the first: the marker starts afresh there. */
export function partStarts(p: Playback): boolean[] {
  const starts = p.hops.map(() => false);
  for (const part of p.parts.slice(1)) if (part.start < starts.length) starts[part.start] = true;
  return starts;
}

/** A and AAAA for the same name, asked together, as one line of the lookup summary. */
export interface LookupStep {
  readonly name: string;
  readonly answers: readonly { readonly type: string; readonly rcode: string; readonly part: number }[];
}

export function lookupSteps(p: Playback): LookupStep[] {
  const steps: LookupStep[] = [];
  p.parts.forEach((part, i) => {
    if (part.kind !== 'query' || !part.query) return;
    const name = bareName(part.query.name);
    const last = steps[steps.length - 1];
    const answer = { type: part.query.type, rcode: part.query.rcode, part: i };
    if (last && last.name === name && !last.answers.some((a) => a.type === answer.type)) steps[steps.length - 1] = { name, answers: [...last.answers, answer] };
    else steps.push({ name, answers: [answer] });
  });
  return steps;
}
