/**
 * walk(cluster, kernel, probe) → { trace, kernel }: resolve the endpoints — a name in `to`
 * first goes through the sender's resolver, every DNS query walked as its own short trace —
 * send the probe through the datapath, read the sender's view of the outcome, and advance the
 * clock by how long the sender waited (a ping that times out waits its whole -W).
 */
import type { Cluster } from '../model/datapath';
import type { KernelState } from '../model/kernel-state';
import type { ProbeSpec } from '../model/scenario-schema';
import { isDnsName, ownerOf, resolveEndpoint, type Endpoint, type Resolved } from './endpoints';
import { isIpv4 } from '../wire/ipv4';
import { KernelDraft } from './kernel-draft';
import { ping, udpSend } from './ping';
import { httpGet, tcpConnect } from './tcp';
import { tracepath } from './tracepath';
import { traceroute } from './traceroute';
import type { Partial } from './outcome';
import type { Trace } from '../model/trace';
import { Walker } from './walker';
import { lookupName, type LookupTrace } from './lookup';
import type { Reason } from '../model/reasons';
import { unenforcedPolicyNote } from './policy-note';

const DEFAULT_TIMEOUT_S = 10;

/** How each protocol is sent; `dns` is a lookup only. */
const DRIVERS: Record<Exclude<ProbeSpec['protocol'], 'dns'>, typeof ping> = { icmp: ping, udp: udpSend, tcp: tcpConnect, traceroute, tracepath, http: httpGet };

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function dnsJson(l: LookupTrace) {
  return l.queries.map((q) => ({ name: q.name.replace(/\.$/, ''), type: q.type, rcode: q.rcode }));
}

/** A lookup that found no address: the verdict SCENARIOS.md gives it (negative answer: rejected; no server: dropped). */
function lookupFailure(l: LookupTrace): { verdict: Trace['verdict']; reason: Reason; icmp?: Trace['icmp'] } {
  const last = l.queries[l.queries.length - 1];
  if (l.error === 'EAI_NONAME') return { verdict: 'rejected', reason: 'NXDOMAIN' };
  if (l.error === 'EAI_NODATA') return { verdict: 'rejected', reason: 'NODATA' };
  if (l.queries.some((q) => q.rcode === 'SERVFAIL') && !l.queries.some((q) => q.rcode === 'TIMEOUT' || q.rcode === 'UNREACHABLE'))
    return { verdict: 'rejected', reason: 'DNS_SERVFAIL' };
  if (last?.rcode === 'UNREACHABLE') return { verdict: 'dropped', reason: 'DNS_UNREACHABLE', ...(last.icmp ? { icmp: last.icmp } : {}) };
  if (!l.queries.length) return { verdict: 'dropped', reason: 'DNS_TIMEOUT' };
  return { verdict: 'dropped', reason: last?.rcode === 'SERVFAIL' ? 'DNS_SERVFAIL' : 'DNS_TIMEOUT' };
}

/**
 * The lab clock after the probe: the sender is busy until its answer or its timeout, or until
 * it has closed its connection (`busyUntil`) — not until kernel timers it left behind fire (an
 * ARP entry failing 3 s later is still pending then, as in the kernel). At least 1 ms passes.
 */
function done(trace: Trace, k: KernelState, draft: KernelDraft, busyUntil = 0): { trace: Trace; kernel: KernelState } {
  return { trace, kernel: draft.freeze(k.now + Math.max(1, Math.ceil(Math.max(trace.elapsed, busyUntil)))) };
}

export interface ProbeOptions {
  /**
   * `to` is what a terminal tool was given: an address, or a hostname for the sender's
   * resolver — never a scenario reference (a real `ping web-1` knows no pod names).
   */
  readonly toIsHostname?: boolean;
}

function hostnameTarget(c: Cluster, to: string): Resolved {
  const m = /^(.*):(\d{1,5})$/.exec(to.trim());
  const host = m ? m[1] : to.trim();
  const port = m ? Number(m[2]) : undefined;
  if (isIpv4(host)) return resolveEndpoint(c, to, 'to');
  if (isDnsName(host)) return { ok: false, error: `"${host}" is looked up by the sender's resolver`, dnsName: host, ...(port !== undefined ? { port } : {}) };
  return { ok: false, error: `"${host}" is not a hostname or an IPv4 address` };
}

export function runProbeOn(c: Cluster, k: KernelState, spec: ProbeSpec, opts: ProbeOptions = {}): { trace: Trace; kernel: KernelState } {
  const from = resolveEndpoint(c, spec.from, 'from');
  if (!from.ok) return { trace: { verdict: 'rejected', reason: 'BAD_ENDPOINT', elapsed: 0, hops: [], note: `from: ${from.error}` }, kernel: k };
  if (!from.endpoint.netns)
    return {
      trace: { verdict: 'rejected', reason: 'BAD_ENDPOINT', elapsed: 0, hops: [], note: `from: nothing in the scenario owns ${from.endpoint.ip}` },
      kernel: k,
    };
  const fromNs = from.endpoint.netns;
  // the sending pod by name: a hostNetwork pod shares its node's namespace but has its own resolv.conf
  const fromPod = c.pods.some((p) => `${p.namespace}/${p.name}` === from.endpoint.label) ? from.endpoint.label : undefined;
  const draft = new KernelDraft(k);
  if (spec.protocol === 'dns') {
    const name = spec.to.replace(/:\d+$/, '');
    const lookup = lookupName(c, draft, fromNs, name, 0, spec.qtype ? [spec.qtype] : ['A', 'AAAA'], fromPod);
    const elapsed = round(lookup.elapsed);
    const base = { lookup, dns: dnsJson(lookup), elapsed, hops: [] };
    if (lookup.addresses.length || (spec.qtype && spec.qtype !== 'A' && spec.qtype !== 'AAAA' && lookup.queries.some((q) => q.answers.length)))
      return done({ ...base, verdict: 'delivered', reason: 'DELIVERED', target: { name, ip: lookup.addresses[0] ?? '', how: 'dns' } }, k, draft);
    return done({ ...base, ...lookupFailure(lookup) }, k, draft);
  }
  const to = opts.toIsHostname ? hostnameTarget(c, spec.to) : resolveEndpoint(c, spec.to, 'to');
  let endpoint: Endpoint;
  let lookup: LookupTrace | undefined;
  let target: Trace['target'];
  if (to.ok) {
    endpoint = to.endpoint;
    const how =
      endpoint.netns && c.pods.some((p) => p.netns === endpoint.netns && `${p.namespace}/${p.name}` === endpoint.label)
        ? 'pod'
        : c.nodes.some((n) => n.name === endpoint.label)
          ? 'node'
          : endpoint.label === spec.to.trim()
            ? 'address'
            : 'outside';
    target = { name: endpoint.label, ip: endpoint.ip, how };
  } else if (to.dnsName) {
    lookup = lookupName(c, draft, fromNs, to.dnsName, 0, undefined, fromPod);
    if (!lookup.addresses.length) {
      const f = lookupFailure(lookup);
      return done(
        {
          ...f,
          lookup,
          dns: dnsJson(lookup),
          elapsed: round(lookup.elapsed),
          hops: [],
          note: `${to.dnsName} did not resolve: the connection was never attempted`,
        },
        k,
        draft,
      );
    }
    const ip = lookup.addresses[0];
    endpoint = { ip, port: to.port, netns: ownerOf(c, ip), label: to.dnsName };
    target = { name: to.dnsName, ip, how: 'dns' };
  } else {
    return { trace: { verdict: 'rejected', reason: 'BAD_ENDPOINT', elapsed: 0, hops: [], note: `to: ${to.error}` }, kernel: k };
  }
  const startAt = lookup?.elapsed ?? 0;
  const w = new Walker(c, draft, startAt);
  const timeoutMs = (spec.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  const { busyUntil, ...out }: Partial & { busyUntil?: number } = DRIVERS[spec.protocol](w, { ...from.endpoint, netns: fromNs }, endpoint, spec, timeoutMs);
  const elapsed = round((out.elapsed ?? w.t) + startAt);
  const trace: Trace = {
    ...out,
    elapsed,
    hops: w.hops,
    ...(target ? { target } : {}),
    ...(lookup ? { lookup, dns: dnsJson(lookup) } : {}),
    ...(w.nfRules ? { rulesEvaluated: w.nfRules } : {}),
  };
  const policy = unenforcedPolicyNote(c, trace);
  return done(policy ? { ...trace, policy } : trace, k, draft, busyUntil !== undefined ? startAt + busyUntil : 0);
}
