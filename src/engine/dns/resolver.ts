/**
 * The pod's stub resolver: /etc/resolv.conf as the kubelet builds it and containerd writes it
 * (K8S pkg/kubelet/network/dns/dns.go GetPodDNS; REFERENCE.md §4.2), and the order in which
 * getaddrinfo tries names and stops (REFERENCE.md §4.3):
 *
 * glibc (resolv/res_query.c __res_context_search): a trailing dot → as-is only; dots ≥ ndots →
 * as-is first; then the search list; then as-is if not tried yet. NXDOMAIN, NODATA and SERVFAIL
 * go on to the next name; a timeout stops the search list but the as-is name is still tried; a
 * refused query (ICMP port unreachable on the connected socket) ends it at once. A candidate
 * succeeds when A or AAAA has addresses.
 *
 * musl (src/network/lookup_name.c name_from_dns_search): dots ≥ ndots or a trailing dot → as-is
 * only; otherwise the search list, then as-is. NXDOMAIN → next; NODATA, SERVFAIL and a timeout
 * stop it (NODATA: EAI_NODATA; the others: EAI_AGAIN). ICMP errors are never seen (unconnected
 * socket), SERVFAIL replies are not accepted: both cost the whole timeout.
 */
import type { Cluster, PodDnsConfig, PodInfo } from '../model/datapath';
import type { DnsRcode } from '../wire/app-data';
import type { Ipv4 } from '../wire/ipv4';

export interface ResolvConf {
  readonly nameservers: readonly Ipv4[];
  readonly search: readonly string[];
  readonly options: readonly { readonly name: string; readonly value?: string }[];
}

export type Libc = 'glibc' | 'musl';

/** resolv.conf(5) defaults: ndots 1, timeout 5 s, attempts 2. */
export function resolverOptions(rc: ResolvConf): { ndots: number; timeout: number; attempts: number } {
  const opt = (n: string, d: number, max: number) => {
    const o = rc.options.find((x) => x.name === n);
    const v = o?.value !== undefined ? Number(o.value) : NaN;
    return Number.isFinite(v) ? Math.min(max, Math.max(0, v)) : d;
  };
  return { ndots: opt('ndots', 1, 15), timeout: opt('timeout', 5, 30), attempts: opt('attempts', 2, 5) };
}

/** The node's own /etc/resolv.conf: its resolver and search domains (what dnsPolicy Default inherits). */
export function nodeResolvConf(c: Cluster): ResolvConf {
  return { nameservers: c.dns.upstream ? [c.dns.upstream] : [], search: c.dns.hostSearch, options: [] };
}

function clusterFirst(c: Cluster, ns: string): ResolvConf {
  const d = c.dns.domain;
  const search = [...new Set([`${ns}.svc.${d}`, `svc.${d}`, d, ...c.dns.hostSearch])];
  return { nameservers: [c.dns.serviceIP], search, options: [{ name: 'ndots', value: '5' }] };
}

/** kubelet mergeDNSOptions / appendDNSConfig: dnsConfig adds nameservers and searches, options override by name. */
function withDnsConfig(base: ResolvConf, cfg: PodDnsConfig | undefined): ResolvConf {
  if (!cfg) return base;
  const nameservers = [...new Set([...base.nameservers, ...(cfg.nameservers ?? [])])].slice(0, 3);
  const search = [...new Set([...base.search, ...(cfg.searches ?? [])])];
  const options = [...base.options.filter((o) => !(cfg.options ?? []).some((x) => x.name === o.name)), ...(cfg.options ?? [])];
  return { nameservers, search, options };
}

/** The pod's /etc/resolv.conf by dnsPolicy (kubelet GetPodDNS); a node's when `pod` is undefined. */
export function resolvConfFor(c: Cluster, pod: PodInfo | undefined): ResolvConf {
  if (!pod) return nodeResolvConf(c);
  switch (pod.dnsPolicy) {
    case 'None':
      return withDnsConfig({ nameservers: [], search: [], options: [] }, pod.dnsConfig);
    case 'Default':
      return withDnsConfig(nodeResolvConf(c), pod.dnsConfig);
    case 'ClusterFirstWithHostNet':
      return withDnsConfig(clusterFirst(c, pod.namespace), pod.dnsConfig);
    case 'ClusterFirst':
    default:
      // "ClusterFirst" on a hostNetwork pod falls back to the node's resolv.conf (kubelet: dnsPolicy Default)
      return withDnsConfig(pod.hostNetwork ? nodeResolvConf(c) : clusterFirst(c, pod.namespace), pod.dnsConfig);
  }
}

/** containerd's rendering (parseDNSOptions): search, then nameserver lines, then options. */
export function formatResolvConf(rc: ResolvConf): string[] {
  const out: string[] = [];
  if (rc.search.length) out.push(`search ${rc.search.join(' ')}`);
  for (const n of rc.nameservers) out.push(`nameserver ${n}`);
  if (rc.options.length) out.push(`options ${rc.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)).join(' ')}`);
  return out;
}

/** The names getaddrinfo would try, in order, if none of them answered (each is an A + AAAA pair). */
export function candidateNames(name: string, rc: ResolvConf, libc: Libc): string[] {
  const { ndots } = resolverOptions(rc);
  const trailing = name.endsWith('.');
  const bare = name.replace(/\.$/, '');
  const dots = bare.split('.').length - 1;
  const asIs = `${bare}.`;
  if (trailing) return [asIs];
  const searched = rc.search.map((d) => `${bare}.${d.replace(/\.$/, '')}.`);
  if (libc === 'musl') return dots >= ndots ? [asIs] : [...searched, asIs];
  return dots >= ndots ? [asIs, ...searched] : [...searched, asIs];
}

/** What one candidate's A + AAAA exchange came to, as the resolver sees it. */
export type CandidateOutcome =
  | { readonly kind: 'answer'; readonly rcode: DnsRcode; readonly addresses: readonly Ipv4[] }
  /** no answer before the resolver gave up */
  | { readonly kind: 'timeout' }
  /** ICMP port unreachable on glibc's connected socket: ECONNREFUSED */
  | { readonly kind: 'refused' };

export type LookupError = 'EAI_NONAME' | 'EAI_AGAIN' | 'EAI_NODATA';

export interface LookupResult {
  readonly addresses: readonly Ipv4[];
  readonly error?: LookupError;
  /** the candidates asked, in order */
  readonly tried: readonly string[];
}

/** gai_strerror (glibc sysdeps/posix/gai_strerror-strs.h; musl src/network/gai_strerror.c). */
export function gaiStrerror(e: LookupError, libc: Libc): string {
  if (libc === 'musl') return e === 'EAI_NONAME' ? 'Name does not resolve' : e === 'EAI_AGAIN' ? 'Try again' : 'Name has no usable address';
  return e === 'EAI_NONAME' ? 'Name or service not known' : e === 'EAI_AGAIN' ? 'Temporary failure in name resolution' : 'No address associated with hostname';
}

/**
 * Runs the search: `ask` sends one candidate's queries (walking them through the datapath)
 * and reports what came back. Returns the addresses of the first candidate that had any.
 */
export function searchName(name: string, rc: ResolvConf, libc: Libc, ask: (candidate: string) => CandidateOutcome): LookupResult {
  const list = candidateNames(name, rc, libc);
  const asIs = `${name.replace(/\.$/, '')}.`;
  const tried: string[] = [];
  if (libc === 'musl') {
    for (const cand of list) {
      tried.push(cand);
      const r = ask(cand);
      if (r.kind !== 'answer') return { addresses: [], error: 'EAI_AGAIN', tried };
      if (r.addresses.length) return { addresses: r.addresses, tried };
      if (r.rcode === 'NXDOMAIN') continue;
      if (r.rcode === 'NOERROR') return { addresses: [], error: 'EAI_NODATA', tried };
      return { addresses: [], error: 'EAI_AGAIN', tried };
    }
    return { addresses: [], error: 'EAI_NONAME', tried };
  }
  let gotNodata = false;
  let gotServfail = false;
  let asIsResult: LookupError | undefined;
  let stopSearch = false;
  const classify = (r: CandidateOutcome): LookupError | 'ok' => {
    if (r.kind === 'refused' || r.kind === 'timeout') return 'EAI_AGAIN';
    if (r.addresses.length) return 'ok';
    if (r.rcode === 'NXDOMAIN') return 'EAI_NONAME';
    if (r.rcode === 'NOERROR') return 'EAI_NODATA';
    return 'EAI_AGAIN';
  };
  for (const cand of list) {
    if (stopSearch && cand !== asIs) continue;
    if (tried.includes(cand)) continue;
    tried.push(cand);
    const r = ask(cand);
    if (r.kind === 'answer' && r.addresses.length) return { addresses: r.addresses, tried };
    if (r.kind === 'refused') return { addresses: [], error: 'EAI_AGAIN', tried };
    const e = classify(r);
    if (cand === asIs) asIsResult = e as LookupError;
    if (r.kind === 'timeout') stopSearch = true;
    else if (r.rcode === 'NOERROR') gotNodata = true;
    else if (r.rcode === 'SERVFAIL') gotServfail = true;
    else if (r.rcode !== 'NXDOMAIN') stopSearch = true;
  }
  if (asIsResult && tried[0] === asIs) return { addresses: [], error: asIsResult, tried };
  if (gotNodata) return { addresses: [], error: 'EAI_NODATA', tried };
  if (gotServfail) return { addresses: [], error: 'EAI_AGAIN', tried };
  return { addresses: [], error: asIsResult ?? 'EAI_NONAME', tried };
}
