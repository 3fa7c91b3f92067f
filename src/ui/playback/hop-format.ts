/**
 * Words for hops and verdicts, shared by the hop list, the inspector, the canvas marker and
 * the flow log. Only reads trace fields; never decides anything about the network.
 */
import type { Header, Hop, Trace } from '../../engine';
import { REASONS } from '../../engine/shell';

export function hopWhere(h: Hop): string {
  return [h.node, h.netns === h.node ? '' : h.netns, h.device ?? ''].filter(Boolean).join(' · ');
}

const ENDING_KINDS = new Set<Hop['kind']>(['drop', 'icmp', 'local-error']);

/**
 * The hop where the outcome was decided: the drop, the ICMP error's origin, or the last hop.
 * A lookup that failed before any connection was tried: the same, in its last query.
 */
export function decisiveHop(t: Trace): Hop | undefined {
  // The engine names the hop that decided the outcome; older traces (and delivered ones) fall back to the last ending hop.
  if (t.decidedAt !== undefined && t.hops[t.decidedAt]) return t.hops[t.decidedAt];
  const hops = t.hops.length ? t.hops : (t.lookup?.queries[t.lookup.queries.length - 1]?.hops ?? []);
  for (let i = hops.length - 1; i >= 0; i--) if (ENDING_KINDS.has(hops[i].kind)) return hops[i];
  return hops[hops.length - 1];
}

export interface VerdictSummary {
  readonly verdict: Trace['verdict'];
  readonly reason: string;
  readonly text: string;
  /** `at node1` and the ICMP / local error details */
  readonly detail: string;
}

export function verdictSummary(t: Trace): VerdictSummary {
  const at = t.verdict === 'delivered' ? undefined : decisiveHop(t);
  const bits: string[] = [];
  if (at) bits.push(`at ${at.node}${at.device ? ` ${at.device}` : ''}`);
  if (t.icmp) bits.push(`ICMP type ${t.icmp.type} code ${t.icmp.code}${t.icmp.mtu !== undefined ? ` (mtu ${t.icmp.mtu})` : ''} from ${t.icmp.from}`);
  if (t.localError) bits.push(`${t.localError}${t.localMtu !== undefined ? ` (mtu ${t.localMtu})` : ''}`);
  if (t.verdict === 'delivered' && t.replyBytes !== undefined) bits.push(`${t.replyBytes} bytes back${t.replyTtl !== undefined ? `, ttl ${t.replyTtl}` : ''}`);
  // a name in `to`: the lookup summary shows what it resolved to; a dns probe has nothing else to say
  if (t.target?.how === 'dns' && t.target.ip && !t.hops.length) bits.push(`${t.target.name} → ${t.target.ip}`);
  if (t.backend && t.backend !== (t.sent ? `${t.sent.dst}:${t.sent.dport}` : '')) bits.push(`backend ${t.backend}`);
  if (t.http) bits.push(`HTTP ${t.http.status} from ${t.http.server} (simulated server)`);
  bits.push(`${t.elapsed} ms`);
  return { verdict: t.verdict, reason: t.reason, text: REASONS[t.reason]?.text ?? t.reason, detail: bits.join(' · ') };
}

/**
 * Where the carried packet starts inside a header stack: just after the last tunnel header
 * (VXLAN carries an inner Ethernet frame; IP-in-IP is an IPv4 header right before another).
 * 0 when nothing wraps it. An ICMP error quoting the original IP header is not a tunnel.
 */
export function innerStart(headers: readonly Header[]): number {
  let start = 0;
  headers.forEach((h, i) => {
    if (h.kind === 'vxlan') start = i + 1;
    if (h.kind === 'ipv4' && headers[i + 1]?.kind === 'ipv4') start = i + 1;
  });
  return start;
}

/** How many tunnel layers wrap the packet after this hop. */
export function wrapDepth(headers: readonly Header[]): number {
  return headers.filter((h, i) => h.kind === 'vxlan' || (h.kind === 'ipv4' && headers[i + 1]?.kind === 'ipv4')).length;
}

export function tunnelName(headers: readonly Header[]): string | null {
  if (headers.some((h) => h.kind === 'vxlan')) return 'VXLAN';
  return wrapDepth(headers) > 0 ? 'IP-in-IP' : null;
}

export function isFailure(h: Hop): boolean {
  return h.kind === 'drop' || h.kind === 'local-error';
}
