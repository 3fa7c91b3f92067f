/**
 * A name lookup as getaddrinfo does it in the sending pod: the resolv.conf search order
 * (dns/resolver.ts) with every query a real UDP datagram walked through the datapath — to
 * the kube-dns ClusterIP, DNATed by kube-proxy to a CoreDNS pod, answered, and un-DNATed on
 * the way back. Each query's walk is its own short trace.
 *
 * Timing (REFERENCE.md §4.3; glibc res_send.c send_dg, musl res_msend.c): glibc sends A and
 * AAAA together on one connected socket and waits `timeout` (5 s) per server and try, with
 * `attempts` (2) tries; musl sends to every server at once and gives up after `timeout` in all,
 * resending at timeout/attempts. Simplified: a retransmission is not walked again — it takes
 * the same path to the same fate — only its time is counted.
 *
 * Before any query, A / AAAA lookups read the hosts file (glibc `hosts: files dns`, the
 * default without /etc/nsswitch.conf, nss/nss_database.c; musl name_from_hosts in
 * src/network/lookup_name.c): a pod finds its own name in the kubelet's /etc/hosts (dns/hosts.ts).
 */
import type { Cluster, PodInfo } from '../model/datapath';
import type { DnsQueryData, DnsRcode, DnsRecord, DnsType } from '../wire/app-data';
import { candidateNames, nodeResolvConf, resolverOptions, resolvConfFor, searchName, type CandidateOutcome, type Libc, type ResolvConf } from '../dns/resolver';
import { ROUTER_OUTSIDE_IP } from '../cni/underlay';
import { hostsFor, hostsLookup } from '../dns/hosts';
import type { KernelDraft } from './kernel-draft';
import { dnsPacket, dnsQueryId } from './dns-server';
import { icmpInfo, isIcmpError } from './outcome';
import type { DnsQueryTrace, LookupTrace, QueryRcode } from '../model/trace';
import { Walker } from './walker';

export type { QueryRcode, DnsQueryTrace, LookupTrace } from '../model/trace';

/**
 * The resolv.conf of whatever sends from `netnsId`: a pod's by dnsPolicy, a node's, an outside
 * host's. `podKey` (`ns/name`) names the sending pod when several share the namespace — a
 * hostNetwork pod shares its node's, yet its resolv.conf follows its own dnsPolicy.
 */
export function resolvConfOf(c: Cluster, netnsId: string, podKey?: string): { rc: ResolvConf; libc: Libc; pod?: PodInfo } {
  const pod = podKey
    ? c.pods.find((p) => `${p.namespace}/${p.name}` === podKey && p.netns === netnsId)
    : c.pods.find((p) => p.netns === netnsId && !p.hostNetwork);
  if (pod) return { rc: resolvConfFor(c, pod), libc: pod.libc, pod };
  const ns = c.netns[netnsId];
  if (ns?.kind === 'external') {
    const router = c.netns.router;
    const has = router?.sockets.some((s) => s.app === 'resolver');
    return { rc: { nameservers: has ? [ROUTER_OUTSIDE_IP] : [], search: [], options: [] }, libc: 'glibc' };
  }
  return { rc: nodeResolvConf(c), libc: 'glibc' };
}

export interface SentQuery {
  readonly trace: DnsQueryTrace;
  readonly answered: boolean;
}

/**
 * One DNS query datagram walked from `from` to `server`, on its own sub-walker sharing the kernel state and clock.
 * `edns`: the OPT record's bytes the client adds (dig: 23), echoed by the server.
 */
export function walkQuery(
  c: Cluster,
  k: KernelDraft,
  from: string,
  server: string,
  sport: number,
  name: string,
  type: DnsType,
  t0: number,
  waitMs: number,
  edns?: number,
): SentQuery {
  const w = new Walker(c, k, t0);
  const data: DnsQueryData = { app: 'dns-query', id: dnsQueryId(sport, name, type), name, qtype: type, ...(edns ? { edns } : {}) };
  const ns = w.ns(from);
  // the resolver's socket (glibc connects it, musl sends to each server): a socket program may pick the backend first
  const lb = w.sockConnect(from, 'udp', server, 53, { dir: 'request', quiet: false });
  const pkt = dnsPacket(w, '0.0.0.0', lb.dst, sport, lb.dport, data, ns.sysctl.defaultTtl);
  w.clientSockets.push({ ns: from, proto: 'udp', localPort: sport, remote: { ip: lb.dst, port: lb.dport }, role: 'client' });
  w.hop(
    { dir: 'request', quiet: false },
    {
      ns,
      kind: 'send',
      note: `${ns.name}'s resolver asks ${server} for ${name} ${type}`,
      pkt: { ...pkt, ip: { ...pkt.ip, src: w.sourceTowards(from, lb.dst) } },
    },
  );
  w.output(from, pkt, { dir: 'request', quiet: false });
  const reply = w.arrivals.find((a) => a.ns === from && a.pkt.data?.app === 'dns-response' && a.pkt.l4?.kind === 'udp' && a.pkt.l4.dstPort === sport);
  const err = w.arrivals.find((a) => a.ns === from && isIcmpError(a.pkt) && a.pkt.quote?.l4?.kind === 'udp' && a.pkt.quote.l4.srcPort === sport);
  const base = { name, type, server, sport, start: t0, hops: w.hops, answers: [] as DnsRecord[], authority: [] as DnsRecord[] };
  if (reply && reply.t <= waitMs && reply.pkt.data?.app === 'dns-response') {
    const r = reply.pkt.data;
    return {
      answered: true,
      trace: {
        ...base,
        rcode: r.rcode,
        answers: r.answers,
        authority: r.authority,
        additional: r.additional ?? [],
        aa: r.aa,
        ra: r.ra ?? false,
        ...(r.via ? { via: r.via } : {}),
        elapsed: reply.t,
      },
    };
  }
  if (err && err.t <= waitMs) return { answered: false, trace: { ...base, rcode: 'UNREACHABLE', icmp: icmpInfo(err.pkt), elapsed: err.t } };
  return { answered: false, trace: { ...base, rcode: 'TIMEOUT', elapsed: waitMs } };
}

/** glibc accepts NOERROR and NXDOMAIN as an answer; SERVFAIL/REFUSED/NOTIMP mean "ask the next server". */
function accepted(r: QueryRcode): boolean {
  return r === 'NOERROR' || r === 'NXDOMAIN';
}

/**
 * getaddrinfo(name) in `from` (A and AAAA, or the one `qtype` a dns probe asks for).
 * `k` is the probe's kernel draft; `t0` the probe clock when the lookup starts.
 */
export function lookupName(
  c: Cluster,
  k: KernelDraft,
  from: string,
  name: string,
  t0: number,
  qtypes: readonly DnsType[] = ['A', 'AAAA'],
  podKey?: string,
): LookupTrace {
  const { rc, libc, pod } = resolvConfOf(c, from, podKey);
  const wantA = qtypes.includes('A');
  const wantAAAA = qtypes.includes('AAAA');
  if (wantA || wantAAAA) {
    const hit = hostsLookup(hostsFor(c, from), name, wantA && wantAAAA ? undefined : wantA ? 4 : 6);
    if (hit) {
      const v6 = hit.addresses.filter((a) => a.includes(':'));
      return {
        name,
        libc,
        resolvConf: rc,
        queries: [],
        addresses: hit.addresses.filter((a) => !a.includes(':')),
        ...(v6.length ? { addresses6: v6 } : {}),
        elapsed: 0,
        source: 'files',
        canonical: hit.canonical,
        aliases: hit.aliases,
      };
    }
  }
  const port = () => pod?.resolverPort ?? k.nextPort();
  const opts = resolverOptions(rc);
  const servers = rc.nameservers.length ? rc.nameservers : ['127.0.0.1'];
  const queries: DnsQueryTrace[] = [];
  let t = t0;
  const ask = (cand: string): CandidateOutcome => {
    if (libc === 'musl') {
      const limit = opts.timeout * 1000;
      const start = t;
      let best: SentQuery[] | undefined;
      for (const server of servers) {
        const sport = port();
        const sent = qtypes.map((q) => walkQuery(c, k, from, server, sport, cand, q, start, limit));
        queries.push(...sent.map((s) => s.trace));
        // musl accepts only rcode 0 and 3; anything else (and ICMP, unseen on its unconnected socket) runs out the clock
        if (!best && sent.every((s) => s.answered && accepted(s.trace.rcode))) best = sent;
      }
      if (!best) {
        t = start + limit;
        return { kind: 'timeout' };
      }
      t = start + Math.max(...best.map((s) => s.trace.elapsed));
      return combine(best);
    }
    const perTry = servers.map((_, i) => (i === 0 ? opts.timeout : Math.max(1, Math.floor((opts.timeout << i) / servers.length))) * 1000);
    let sawServfail: SentQuery[] | undefined;
    for (let attempt = 0; attempt < opts.attempts; attempt++) {
      for (let i = 0; i < servers.length; i++) {
        const start = t;
        if (attempt > 0 && sawServfail) {
          // the retry is not walked again: same path, same answer
          t = start + Math.max(...sawServfail.map((s) => s.trace.elapsed));
          continue;
        }
        const sport = port();
        const sent = qtypes.map((q) => walkQuery(c, k, from, servers[i], sport, cand, q, start, perTry[i]));
        queries.push(...sent.map((s) => s.trace));
        const done = sent.map((s) => s.trace.elapsed);
        if (sent.every((s) => s.answered && accepted(s.trace.rcode))) {
          t = start + Math.max(...done);
          return combine(sent);
        }
        if (sent.some((s) => s.trace.rcode === 'UNREACHABLE') && sent.every((s) => s.trace.rcode === 'UNREACHABLE' || s.answered)) {
          t = start + Math.max(...done);
          if (attempt === opts.attempts - 1 && i === servers.length - 1) return { kind: 'refused' };
          continue;
        }
        if (sent.every((s) => s.answered)) {
          sawServfail = sent;
          t = start + Math.max(...done);
          continue;
        }
        t = start + perTry[i];
      }
    }
    if (sawServfail) return { kind: 'answer', rcode: 'SERVFAIL', addresses: [] };
    return queries.slice(-qtypes.length).every((q) => q.rcode === 'UNREACHABLE') ? { kind: 'refused' } : { kind: 'timeout' };
  };
  const result = searchName(name, rc, libc, ask);
  const named = result.addresses.length ? canonicalOf(queries, result.tried[result.tried.length - 1]) : {};
  return {
    name,
    libc,
    resolvConf: rc,
    queries,
    addresses: result.addresses,
    ...(result.error ? { error: result.error } : {}),
    elapsed: t - t0,
    ...named,
  };
}

/** h_name and h_aliases of the answer to `candidate` (glibc resolv/nss_dns/dns-host.c getanswer_r; musl dns_parse_callback). */
function canonicalOf(queries: readonly DnsQueryTrace[], candidate: string): { canonical?: string; aliases?: string[] } {
  const q = [...queries].reverse().find((x) => x.name === candidate && x.answers.some((r) => r.type === 'A'));
  if (!q) return {};
  const bare = (n: string) => n.replace(/\.$/, '');
  const cnames = q.answers.filter((r) => r.type === 'CNAME').map((r) => bare(r.name));
  const owner = q.answers.find((r) => r.type === 'A')!.name;
  return { canonical: bare(owner), aliases: cnames.filter((n) => n !== bare(owner)) };
}

function combine(sent: readonly SentQuery[]): CandidateOutcome {
  const addresses = sent.flatMap((s) => s.trace.answers.filter((r) => r.type === 'A').map((r) => r.data));
  const rcodes = sent.map((s) => s.trace.rcode);
  const rcode: DnsRcode = addresses.length
    ? 'NOERROR'
    : rcodes.every((r) => r === 'NXDOMAIN')
      ? 'NXDOMAIN'
      : rcodes.includes('NOERROR')
        ? 'NOERROR'
        : 'NXDOMAIN';
  return { kind: 'answer', rcode, addresses };
}

export { candidateNames };
