/**
 * A probe's result in the runner's two formats (SCENARIOS.md "The runner"):
 * `probeResultJson` is the per-probe object of `npm run probe -- --json`
 * ({ id, verdict, reason, icmp?, localError?, backend?, replyTtl?, path?, dns?, hops }),
 * `formatProbeHuman` the verdict line and one line per hop of the human output.
 * Optional fields are present only when the trace has them; `note` is added when the walk
 * explains why a probe could not be sent.
 */
import type { ProbeSpec } from '../model/scenario-schema';
import { reasonText } from '../model/reasons';
import { mtuLimitText } from '../model/mtu-limit';
import type { DnsQueryJson, IcmpInfo, Trace } from '../model/trace';

export type { DnsQueryJson };

export interface HopJson {
  readonly node: string;
  readonly netns: string;
  readonly device: string | null;
  readonly kind: string;
  readonly note: string;
}

export interface ProbeResultJson {
  readonly id: string;
  readonly verdict: Trace['verdict'];
  readonly reason: string;
  readonly icmp?: IcmpInfo;
  readonly localError?: string;
  readonly backend?: string;
  readonly replyTtl?: number;
  readonly path?: readonly string[];
  readonly dns?: readonly DnsQueryJson[];
  readonly note?: string;
  readonly hops: readonly HopJson[];
}

/** The id a probe is reported under: its own, else its position (1-based) in the scenario. */
export function probeId(probe: ProbeSpec, index?: number): string {
  return probe.id ?? (index !== undefined ? `probe-${index + 1}` : `${probe.protocol} ${probe.from} -> ${probe.to}`);
}

function dnsOf(trace: Trace): readonly DnsQueryJson[] | undefined {
  return trace.dns;
}

export function probeResultJson(probe: ProbeSpec, trace: Trace, index?: number): ProbeResultJson {
  const dns = dnsOf(trace);
  return {
    id: probeId(probe, index),
    verdict: trace.verdict,
    reason: trace.reason,
    ...(trace.icmp ? { icmp: trace.icmp } : {}),
    ...(trace.localError ? { localError: trace.localError } : {}),
    ...(trace.backend !== undefined ? { backend: trace.backend } : {}),
    ...(trace.replyTtl !== undefined ? { replyTtl: trace.replyTtl } : {}),
    ...(trace.path ? { path: trace.path } : {}),
    ...(dns ? { dns } : {}),
    ...(trace.note ? { note: trace.note } : {}),
    hops: trace.hops.map((h) => ({ node: h.node, netns: h.netns, device: h.device ?? null, kind: h.kind, note: h.note })),
  };
}

export function describeProbe(p: ProbeSpec): string {
  const bits: string[] = [];
  if (p.size !== undefined) bits.push(`${p.size} bytes`);
  if (p.df !== undefined) bits.push(p.df ? 'DF' : 'no DF');
  if (p.ttl !== undefined) bits.push(`ttl ${p.ttl}`);
  if (p.timeout !== undefined) bits.push(`timeout ${p.timeout}s`);
  return `${p.protocol} ${p.from} -> ${p.to}${bits.length ? ` (${bits.join(', ')})` : ''}`;
}

/** ` (the cached path MTU 1450 (via eth0))`: which limit refused a local send, as the hop said it */
function localMtuWords(t: Trace): string {
  if (t.localMtu === undefined) return '';
  return ` (${t.localMtuLimit ? mtuLimitText({ ...t.localMtuLimit, mtu: t.localMtu }) : `mtu ${t.localMtu}`})`;
}

/**
 * ```
 * big: icmp client -> web-1 (1472 bytes, DF): rejected FRAG_NEEDED
 *   ICMP fragmentation needed (type 3 code 4): DF set and the packet exceeds the next-hop MTU
 *   icmp: type 3 code 4 mtu 1450 from 10.244.1.1
 *    1  node1  client  eth0       send     client sends an ICMP echo request …
 * ```
 */
export function formatProbeHuman(probe: ProbeSpec, trace: Trace, index?: number): string[] {
  const out = [`${probeId(probe, index)}: ${describeProbe(probe)}: ${trace.verdict} ${trace.reason}`, `  ${reasonText(trace.reason)}`];
  const i = trace.icmp;
  if (i) out.push(`  icmp: type ${i.type} code ${i.code}${i.mtu !== undefined ? ` mtu ${i.mtu}` : ''} from ${i.from}`);
  if (trace.localError) out.push(`  local error: ${trace.localError}${localMtuWords(trace)}`);
  if (trace.backend) out.push(`  backend: ${trace.backend}`);
  if (trace.replyTtl !== undefined) out.push(`  reply ttl: ${trace.replyTtl}`);
  if (trace.path) out.push(`  path: ${trace.path.join(' ') || '(no hop answered)'}${trace.pmtu !== undefined ? ` (pmtu ${trace.pmtu})` : ''}`);
  for (const q of dnsOf(trace) ?? []) out.push(`  dns: ${q.name} ${q.type} ${q.rcode}`);
  if (trace.note) out.push(`  note: ${trace.note}`);
  if (trace.policy) out.push(`  policy: ${trace.policy.text}`);
  const w = (f: (h: Trace['hops'][number]) => string) => Math.max(0, ...trace.hops.map((h) => f(h).length));
  const wSeq = String(trace.hops.length).length;
  const [wNode, wNs, wDev, wKind] = [w((h) => h.node), w((h) => h.netns), w((h) => h.device ?? '-'), w((h) => h.kind)];
  trace.hops.forEach((h, n) => {
    const cols = [String(n + 1).padStart(wSeq), h.node.padEnd(wNode), h.netns.padEnd(wNs), (h.device ?? '-').padEnd(wDev), h.kind.padEnd(wKind), h.note];
    out.push(`  ${cols.join('  ')}`);
  });
  return out;
}
