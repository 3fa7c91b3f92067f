/**
 * DNS servers in the walk. CoreDNS (a pod's socket with app `coredns`) answers from the
 * kubernetes plugin (dns/coredns.ts), serves repeats from its `cache 30`, and sends names
 * outside its zones to the node's resolver with `forward .`: a real query from the CoreDNS
 * pod, masqueraded by its node on the way out. With no answer it tries again and then answers
 * SERVFAIL (plugin/forward: 2 attempts × 2 s read timeout, ≈4 s; never cached). The upstream
 * resolver (app `resolver`) knows the scenario's outside hosts.
 */
import type { Netns, Socket } from '../model/datapath';
import type { DnsQueryData, DnsRecord, DnsResponseData, DnsRcode } from '../wire/app-data';
import { appBytes } from '../wire/app-size';
import { corednsAnswer, fqdn, soaRecord, upstreamAnswer, type CorednsResult } from '../dns/coredns';
import { CACHE_MAX_TTL, CACHE_MIN_TTL, FORWARD_ATTEMPTS, FORWARD_READ_TIMEOUT_MS } from '../dns/corefile';
import { nodeResolvConf } from '../dns/resolver';
import { makePkt, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';

export function dnsQueryId(port: number, name: string, qtype: string): number {
  let h = 0x811c9dc5 ^ port;
  for (const ch of `${name}/${qtype}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h & 0xffff;
}

/** A DNS message in a UDP datagram from `src:sport` to `dst:dport`. */
export function dnsPacket(w: Walker, src: string, dst: string, sport: number, dport: number, data: DnsQueryData | DnsResponseData, ttl = 64): Pkt {
  const pkt = makePkt({ src, dst, ttl, df: false, proto: 'udp', id: w.k.nextIpId() }, { kind: 'udp', srcPort: sport, dstPort: dport }, appBytes(data));
  return { ...pkt, data };
}

interface Answer {
  readonly rcode: DnsRcode;
  readonly aa: boolean;
  /** RA: the kubernetes plugin never sets it (m.SetReply); a forwarded reply carries the upstream's flags */
  readonly ra: boolean;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
  readonly via: string;
}

/** forward: one query to the upstream from the CoreDNS pod, up to FORWARD_ATTEMPTS times. */
function forward(w: Walker, ns: Netns, name: string, q: DnsQueryData, ctx: Ctx): Answer | undefined {
  const upstream = nodeResolvConf(w.cluster).nameservers[0];
  if (!upstream) return undefined;
  for (let attempt = 0; attempt < FORWARD_ATTEMPTS; attempt++) {
    const sport = w.k.nextPort();
    const data: DnsQueryData = { app: 'dns-query', id: dnsQueryId(sport, name, q.qtype), name, qtype: q.qtype, ...(q.edns ? { edns: q.edns } : {}) };
    const pkt = dnsPacket(w, '0.0.0.0', upstream, sport, 53, data, ns.sysctl.defaultTtl);
    w.clientSockets.push({ ns: ns.id, proto: 'udp', localPort: sport, remote: { ip: upstream, port: 53 }, role: 'client' });
    w.hop(ctx, {
      ns,
      kind: 'send',
      note: `CoreDNS forwards ${name} ${q.qtype} to the upstream resolver ${upstream} (forward . /etc/resolv.conf)${attempt ? `, attempt ${attempt + 1}` : ''}`,
      pkt,
    });
    const start = w.t;
    const before = w.arrivals.length;
    w.output(ns.id, pkt, { ...ctx, quiet: ctx.quiet || attempt > 0 });
    const got = w.arrivals
      .slice(before)
      .find((a) => a.ns === ns.id && a.pkt.data?.app === 'dns-response' && a.pkt.l4?.kind === 'udp' && a.pkt.l4.dstPort === sport);
    if (got && got.t - start <= FORWARD_READ_TIMEOUT_MS && got.pkt.data?.app === 'dns-response') {
      const r = got.pkt.data;
      return { rcode: r.rcode, aa: false, ra: r.ra ?? false, answers: r.answers, authority: r.authority, additional: r.additional ?? [], via: 'forward' };
    }
    w.t = Math.max(w.t, start + FORWARD_READ_TIMEOUT_MS);
  }
  return undefined;
}

function clampTtl(records: readonly DnsRecord[], ttl: number): DnsRecord[] {
  return records.map((r) => ({ ...r, ttl }));
}

/**
 * An ExternalName's CNAME and what its target resolves to (plugin/backend_lookup.go A, CNAME):
 * a CNAME question gets the CNAME alone; a target inside the zone is answered by the plugin
 * itself — the CNAME and the records only if there are records, else NODATA with the SOA; any
 * other target goes through the server chain again (pkg/upstream) and its rcode is not passed on.
 */
function externalName(w: Walker, ns: Netns, q: DnsQueryData, r: Extract<CorednsResult, { kind: 'cname' }>, ctx: Ctx): Omit<Answer, 'aa' | 'ra' | 'via'> {
  const empty = { authority: [], additional: [] };
  if (q.qtype === 'CNAME') return { rcode: 'NOERROR', answers: r.answers, ...empty };
  const zone = fqdn(w.cluster.dns.domain);
  if (r.target === zone || r.target.endsWith(`.${zone}`)) {
    const inner = corednsAnswer(w.cluster, r.target, q.qtype);
    const recs = inner.kind === 'answer' ? inner.answers : [];
    return recs.length
      ? { rcode: 'NOERROR', answers: [...r.answers, ...recs], ...empty }
      : { rcode: 'NOERROR', answers: [], authority: [soaRecord(w.cluster.dns.domain)], additional: [] };
  }
  const up = forward(w, ns, r.target, q, ctx);
  return { rcode: 'NOERROR', answers: [...r.answers, ...(up?.answers ?? [])], ...empty };
}

function corednsServe(w: Walker, ns: Netns, q: DnsQueryData, ctx: Ctx): Answer {
  const key = `${q.name.toLowerCase()} ${q.qtype}`;
  const now = w.now();
  const cached = w.k.dnsCached(ns.id, key, now);
  if (cached) {
    // a cache hit counts its TTLs down, is always authoritative and keeps the stored RA (plugin/cache item.toMsg)
    const left = Math.max(0, Math.floor((cached.expires - now) / 1000));
    return {
      rcode: cached.rcode,
      aa: true,
      ra: cached.ra ?? false,
      answers: clampTtl(cached.answers, left),
      authority: clampTtl(cached.authority, left),
      additional: clampTtl(cached.additional ?? [], left),
      via: 'cache',
    };
  }
  const r: CorednsResult = corednsAnswer(w.cluster, q.name, q.qtype);
  let a: Answer;
  if (r.kind === 'answer') a = { ...r, aa: true, ra: false, via: 'kubernetes' };
  else if (r.kind === 'cname') a = { ...externalName(w, ns, q, r, ctx), aa: true, ra: false, via: 'kubernetes' };
  else {
    const up = forward(w, ns, q.name, q, ctx);
    // errorFunc: SetRcode(req, SERVFAIL) — flags qr rd, no RA (core/dnsserver/server.go)
    if (!up) return { rcode: 'SERVFAIL', aa: false, ra: false, answers: [], authority: [], additional: [], via: 'forward' };
    a = up;
  }
  // cache 30: every record gets the cached duration: min TTL over all sections clamped to [5, 30] s (dnsutil.MinimalTTLWithMaximum)
  const all = [...a.answers, ...a.authority, ...a.additional];
  const ttl = Math.min(CACHE_MAX_TTL, Math.max(CACHE_MIN_TTL, all.length ? Math.min(...all.map((x) => x.ttl)) : CACHE_MIN_TTL));
  const answers = clampTtl(a.answers, ttl);
  const authority = clampTtl(a.authority, ttl);
  const additional = clampTtl(a.additional, ttl);
  if (a.rcode === 'NOERROR' || a.rcode === 'NXDOMAIN')
    w.k.cacheDns(ns.id, key, { rcode: a.rcode, answers, authority, additional, ra: a.ra, expires: now + ttl * 1000 });
  return { ...a, answers, authority, additional };
}

/** A DNS server socket got a query: answer it (CoreDNS or the upstream resolver). */
export function serveDns(w: Walker, ns: Netns, sock: Socket, p: Pkt, ctx: Ctx): void {
  const q = p.data;
  const l4 = p.l4;
  if (q?.app !== 'dns-query' || l4?.kind !== 'udp') {
    w.hop(ctx, { ns, kind: 'drop', note: `${sock.owner}: not a DNS query, ignored`, pkt: p });
    return;
  }
  let a: Answer;
  if (sock.app === 'coredns') a = corednsServe(w, ns, q, ctx);
  else {
    const u = upstreamAnswer(w.cluster, q.name, q.qtype);
    // the nodes' resolver is a recursive one: RA set
    a = { ...u, aa: false, ra: true, authority: [], additional: [], via: 'upstream' };
  }
  const data: DnsResponseData = {
    app: 'dns-response',
    id: q.id,
    name: q.name,
    qtype: q.qtype,
    rcode: a.rcode,
    aa: a.aa,
    ra: a.ra,
    answers: a.answers,
    authority: a.authority,
    additional: a.additional,
    via: a.via,
    ...(q.edns ? { edns: q.edns } : {}),
  };
  const what = a.answers.length ? a.answers.map((r) => `${r.type} ${r.data}`).join(', ') : a.rcode === 'NOERROR' ? 'NOERROR, no records (NODATA)' : a.rcode;
  w.hop(ctx, {
    ns,
    kind: 'reply',
    note: `${sock.owner} answers ${q.name} ${q.qtype}: ${what}${a.via === 'cache' ? ' (from its cache)' : a.via === 'forward' ? ' (from the upstream resolver)' : ''}`,
    pkt: p,
    decided: {
      table: 'dns',
      row: `${q.name} ${q.qtype} ${a.rcode}${a.answers.length ? ` ${a.answers.map((r) => r.data).join(' ')}` : ''}`,
      where: w.where(ns),
    },
  });
  w.output(ns.id, dnsPacket(w, p.ip.dst, p.ip.src, l4.dstPort, l4.srcPort, data, ns.sysctl.defaultTtl), { dir: 'reply', quiet: ctx.quiet });
}
