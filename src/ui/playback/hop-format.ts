/**
 * Words for hops and verdicts, shared by the hop list, the inspector, the canvas marker and
 * the flow log. Only reads trace fields; never decides anything about the network.
 */
import type { Header, Hop, Trace } from '../../engine';
import { engine } from '../store/engine-runtime';
import { mtuLimitText } from '../../engine/shell';

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
  if (t.icmp) bits.push(`ICMP type ${t.icmp.type} code ${t.icmp.code}${t.icmp.mtu !== undefined ? ` (next-hop mtu ${t.icmp.mtu})` : ''} from ${t.icmp.from}`);
  if (t.localError)
    bits.push(
      `${t.localError}${t.localMtu !== undefined ? ` (${t.localMtuLimit ? mtuLimitText({ ...t.localMtuLimit, mtu: t.localMtu }) : `mtu ${t.localMtu}`})` : ''}`,
    );
  if (t.verdict === 'delivered' && t.replyBytes !== undefined) bits.push(`${t.replyBytes} bytes back${t.replyTtl !== undefined ? `, ttl ${t.replyTtl}` : ''}`);
  // a name in `to`: the lookup summary shows what it resolved to; a dns probe has nothing else to say
  if (t.target?.how === 'dns' && t.target.ip && !t.hops.length) bits.push(`${t.target.name} → ${t.target.ip}`);
  if (t.backend && t.backend !== (t.sent ? `${t.sent.dst}:${t.sent.dport}` : '')) bits.push(`backend ${t.backend}`);
  if (t.http) bits.push(`HTTP ${t.http.status} from ${t.http.server} (simulated server)`);
  bits.push(`${t.elapsed} ms`);
  return { verdict: t.verdict, reason: t.reason, text: engine().REASONS[t.reason]?.text ?? t.reason, detail: bits.join(' · ') };
}

/** The headers that carry a packet after them: VXLAN and Geneve an inner frame, WireGuard its ciphertext. */
const TUNNEL_HEADERS: Readonly<Record<string, string>> = { vxlan: 'VXLAN', geneve: 'Geneve', wireguard: 'WireGuard' };

/** Header `i` opens a tunnel layer: a tunnel header, or an IPv4 header right before another (IP-in-IP). */
const opensTunnel = (headers: readonly Header[], i: number) =>
  headers[i].kind in TUNNEL_HEADERS || (headers[i].kind === 'ipv4' && headers[i + 1]?.kind === 'ipv4');

/**
 * Where the carried packet starts inside a header stack: just after the last tunnel header
 * (VXLAN and Geneve carry an inner Ethernet frame, WireGuard its encrypted inner packet;
 * IP-in-IP is an IPv4 header right before another). 0 when nothing wraps it. An ICMP error
 * quoting the original IP header is not a tunnel.
 */
export function innerStart(headers: readonly Header[]): number {
  let start = 0;
  headers.forEach((_, i) => {
    if (opensTunnel(headers, i)) start = i + 1;
  });
  return start;
}

/** How many tunnel layers wrap the packet after this hop. */
export function wrapDepth(headers: readonly Header[]): number {
  return headers.filter((_, i) => opensTunnel(headers, i)).length;
}

/** The outermost tunnel's name, for the marker's wrap: `VXLAN`, `Geneve`, `WireGuard`, `IP-in-IP`. */
export function tunnelName(headers: readonly Header[]): string | null {
  const i = headers.findIndex((_, k) => opensTunnel(headers, k));
  if (i < 0) return null;
  return TUNNEL_HEADERS[headers[i].kind] ?? 'IP-in-IP';
}

export function isFailure(h: Hop): boolean {
  return h.kind === 'drop' || h.kind === 'local-error';
}
