/**
 * CoreDNS's kubernetes plugin, answering from the API objects (coredns plugin/kubernetes
 * handler.go, parse.go parseRequest, kubernetes.go Records, reverse.go; plugin/backend_lookup.go;
 * REFERENCE.md §4.1, §4.4). A pure function of the cluster's API and the question:
 *
 *   <svc>.<ns>.svc.<zone>         A = the ClusterIP (even with no endpoints); headless: one A per
 *                                 ready endpoint, NXDOMAIN when there is none; ExternalName: CNAME
 *   <ep>.<svc>.<ns>.svc.<zone>    the endpoint (hostname or dashed IP)
 *   _<port>._<proto>.<svc>…       SRV for named ports
 *   <a-b-c-d>.<ns>.pod.<zone>     `pods insecure`: A a.b.c.d when the namespace exists
 *   <ns>.svc / svc / pod / apex   NODATA (namespace exists) or NXDOMAIN
 *   PTR of a ClusterIP / endpoint the Service (endpoint) name; other addresses fall through
 *                                 to `forward` (fallthrough in-addr.arpa ip6.arpa)
 *
 * Negative answers carry the zone's SOA; answers are authoritative (AA) without RA. Names
 * outside the zones go to `forward`.
 */
import type { Cluster } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import { isIpv4, type Ipv4 } from '../wire/ipv4';
import type { DnsRecord, DnsRcode, DnsType } from '../wire/app-data';
import { COREDNS_TTL } from './corefile';
import { LAB_EPOCH_S } from '../model/lab-clock';

export type CorednsResult =
  | {
      readonly kind: 'answer';
      readonly rcode: DnsRcode;
      readonly answers: readonly DnsRecord[];
      readonly authority: readonly DnsRecord[];
      readonly additional: readonly DnsRecord[];
    }
  /** not ours: the `forward` plugin sends it upstream */
  | { readonly kind: 'forward' }
  /** an ExternalName: the CNAME, and the target to resolve through the chain (pkg/upstream) */
  | { readonly kind: 'cname'; readonly answers: readonly DnsRecord[]; readonly target: string };

export function fqdn(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** `cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. <serial> 7200 1800 86400 30` (plugin.SOA). */
export function soaRecord(zone: string): DnsRecord {
  const z = fqdn(zone);
  // serial: the Unix time of the last Service/EndpointSlice change this replica saw; the lab's clock starts at LAB_EPOCH
  return { name: z, ttl: Math.min(COREDNS_TTL, 300), type: 'SOA', data: `ns.dns.${z} hostmaster.${z} ${LAB_EPOCH_S} 7200 1800 86400 ${COREDNS_TTL}` };
}

function negative(rcode: DnsRcode, zone: string): CorednsResult {
  return { kind: 'answer', rcode, answers: [], authority: [soaRecord(zone)], additional: [] };
}

function positive(answers: DnsRecord[], additional: DnsRecord[] = []): CorednsResult {
  return { kind: 'answer', rcode: 'NOERROR', answers, authority: [], additional };
}

function slicesOf(c: Cluster, svc: ServiceInfo): EndpointSliceInfo[] {
  return c.api.endpointSlices.filter((s) => s.namespace === svc.namespace && s.service === svc.name);
}

interface Ep {
  readonly ip: Ipv4;
  readonly name: string;
  readonly ready: boolean;
  readonly ports: EndpointSliceInfo['ports'];
}

function endpointsOf(c: Cluster, svc: ServiceInfo): Ep[] {
  const out: Ep[] = [];
  const seen = new Set<string>();
  for (const sl of slicesOf(c, svc)) {
    for (const e of sl.endpoints) {
      for (const ip of e.addresses) {
        if (seen.has(ip)) continue;
        seen.add(ip);
        const ready = e.conditions.ready || svc.publishNotReadyAddresses;
        out.push({ ip, name: e.hostname ?? ip.replace(/\./g, '-'), ready, ports: sl.ports });
      }
    }
  }
  return out;
}

const dashed = (ip: Ipv4) => ip.replace(/\./g, '-');

function undashed(label: string): Ipv4 | undefined {
  const ip = label.replace(/-/g, '.');
  return label.split('-').length === 4 && isIpv4(ip) ? ip : undefined;
}

function nsExists(c: Cluster, ns: string): boolean {
  return c.api.namespaces.some((n) => n.name === ns);
}

function reverse(c: Cluster, name: string, zone: string): CorednsResult {
  const labels = name.replace(/\.in-addr\.arpa\.$/, '').split('.');
  const ip = labels.reverse().join('.');
  if (!isIpv4(ip)) return { kind: 'forward' };
  const svc = c.api.services.find((s) => s.clusterIP === ip);
  if (svc) return positive([{ name, ttl: COREDNS_TTL, type: 'PTR', data: `${svc.name}.${svc.namespace}.svc.${fqdn(zone)}` }]);
  const recs: DnsRecord[] = [];
  for (const s of c.api.services) {
    for (const e of endpointsOf(c, s))
      if (e.ip === ip) recs.push({ name, ttl: COREDNS_TTL, type: 'PTR', data: `${e.name}.${s.name}.${s.namespace}.svc.${fqdn(zone)}` });
  }
  return recs.length ? positive(recs) : { kind: 'forward' };
}

function srvFor(c: Cluster, svc: ServiceInfo, zone: string, qname: string, port?: string, proto?: string): CorednsResult {
  const z = fqdn(zone);
  const matchPort = (name?: string, protocol?: string) =>
    (port === undefined || (name ?? '').toLowerCase() === port) && (proto === undefined || (protocol ?? '').toLowerCase() === proto);
  const targets: { target: string; port: number; ip: Ipv4 }[] = [];
  if (svc.clusterIP === 'None') {
    for (const e of endpointsOf(c, svc).filter((x) => x.ready))
      for (const p of e.ports)
        if (matchPort(p.name, p.protocol)) targets.push({ target: `${e.name}.${svc.name}.${svc.namespace}.svc.${z}`, port: p.port, ip: e.ip });
  } else if (svc.clusterIP) {
    for (const p of svc.ports)
      if (matchPort(p.name, p.protocol)) targets.push({ target: `${svc.name}.${svc.namespace}.svc.${z}`, port: p.port, ip: svc.clusterIP });
  }
  if (targets.length === 0) return negative('NOERROR', zone);
  // plugin.SRV weight: 100 / n, at least 1
  const weight = Math.max(1, Math.floor(100 / targets.length));
  const answers = targets.map((t) => ({ name: qname, ttl: COREDNS_TTL, type: 'SRV' as const, data: `0 ${weight} ${t.port} ${t.target}` }));
  const seen = new Set<string>();
  const additional: DnsRecord[] = [];
  for (const t of targets) {
    if (seen.has(t.target + t.ip)) continue;
    seen.add(t.target + t.ip);
    additional.push({ name: t.target, ttl: COREDNS_TTL, type: 'A', data: t.ip });
  }
  return positive(answers, additional);
}

/** What the kubernetes plugin does with a question for `name` / `qtype`. */
export function corednsAnswer(c: Cluster, name: string, qtype: DnsType): CorednsResult {
  const qname = fqdn(name);
  const zone = c.dns.domain;
  const z = fqdn(zone);
  if (qname.endsWith('.in-addr.arpa.') || qname === 'in-addr.arpa.') return qtype === 'PTR' ? reverse(c, qname, zone) : { kind: 'forward' };
  if (qname.endsWith('.ip6.arpa.') || qname === 'ip6.arpa.') return { kind: 'forward' };
  if (qname !== z && !qname.endsWith(`.${z}`)) return { kind: 'forward' };
  const rest = qname === z ? [] : qname.slice(0, -(z.length + 1)).split('.');
  if (rest.length === 0) {
    if (qtype === 'SOA') return positive([soaRecord(zone)]);
    if (qtype === 'NS')
      return positive(
        [{ name: z, ttl: COREDNS_TTL, type: 'NS', data: `kube-dns.kube-system.svc.${z}` }],
        [{ name: `kube-dns.kube-system.svc.${z}`, ttl: COREDNS_TTL, type: 'A', data: c.dns.serviceIP }],
      );
    return negative('NOERROR', zone);
  }
  const kind = rest[rest.length - 1];
  if (qname === `dns-version.${z}`) return qtype === 'TXT' ? positive([{ name: qname, ttl: 28800, type: 'TXT', data: '"1.1.0"' }]) : negative('NOERROR', zone);
  if (qname === `ns.dns.${z}`)
    return qtype === 'A' ? positive([{ name: qname, ttl: COREDNS_TTL, type: 'A', data: c.dns.serviceIP }]) : negative('NOERROR', zone);
  if (kind !== 'svc' && kind !== 'pod') return negative('NXDOMAIN', zone);
  // SOA queries for any name below the apex are NODATA, existing or not (handler.go)
  if (qtype === 'SOA') return negative('NOERROR', zone);
  if (rest.length === 1) return negative('NOERROR', zone);
  const ns = rest[rest.length - 2];
  if (kind === 'pod') {
    if (!nsExists(c, ns)) return negative('NXDOMAIN', zone);
    if (rest.length === 2) return negative('NOERROR', zone);
    if (rest.length !== 3) return negative('NXDOMAIN', zone);
    const ip = undashed(rest[0]);
    if (!ip) return negative('NXDOMAIN', zone);
    return qtype === 'A' ? positive([{ name: qname, ttl: COREDNS_TTL, type: 'A', data: ip }]) : negative('NOERROR', zone);
  }
  if (rest.length === 2) return negative(nsExists(c, ns) ? 'NOERROR' : 'NXDOMAIN', zone);
  if (rest.length > 5) return negative('NXDOMAIN', zone);
  const svc = c.api.services.find((s) => s.namespace === ns && s.name === rest[rest.length - 3]);
  if (!svc) return negative('NXDOMAIN', zone);
  if (rest.length === 5 || (qtype === 'SRV' && rest.length === 3)) {
    const [port, proto] = rest.length === 5 ? [rest[0].replace(/^_/, ''), rest[1].replace(/^_/, '')] : [undefined, undefined];
    if (qtype === 'SRV') return svc.type === 'ExternalName' ? negative('NOERROR', zone) : srvFor(c, svc, zone, qname, port, proto);
    if (rest.length === 5) return negative('NXDOMAIN', zone);
  }
  if (svc.type === 'ExternalName' && svc.externalName) {
    if (rest.length !== 3) return negative('NXDOMAIN', zone);
    if (qtype === 'A' || qtype === 'AAAA' || qtype === 'TXT' || qtype === 'CNAME') {
      const target = fqdn(svc.externalName);
      if (isIpv4(svc.externalName)) return negative('NXDOMAIN', zone);
      return { kind: 'cname', answers: [{ name: qname, ttl: COREDNS_TTL, type: 'CNAME', data: target }], target };
    }
    return negative('NOERROR', zone);
  }
  const eps = endpointsOf(c, svc);
  if (rest.length === 4) {
    const ep = eps.find((e) => e.name === rest[0]);
    if (!ep) return negative('NXDOMAIN', zone);
    return qtype === 'A' ? positive([{ name: qname, ttl: COREDNS_TTL, type: 'A', data: ep.ip }]) : negative('NOERROR', zone);
  }
  if (svc.clusterIP === 'None') {
    const ready = eps.filter((e) => e.ready);
    if (ready.length === 0) return negative('NXDOMAIN', zone);
    if (qtype !== 'A') return negative('NOERROR', zone);
    return positive(ready.map((e) => ({ name: qname, ttl: COREDNS_TTL, type: 'A' as const, data: e.ip })));
  }
  if (qtype === 'A' && svc.clusterIP) return positive([{ name: qname, ttl: COREDNS_TTL, type: 'A', data: svc.clusterIP }]);
  return negative('NOERROR', zone);
}

/** The lab's upstream resolver: it knows the scenario's outside hosts and nothing else (IPv4 only). */
export function upstreamAnswer(c: Cluster, name: string, qtype: DnsType): { rcode: DnsRcode; answers: DnsRecord[] } {
  const qname = fqdn(name);
  const host = c.externals.find((e) => fqdn(e.name) === qname);
  if (!host) return { rcode: 'NXDOMAIN', answers: [] };
  if (qtype !== 'A') return { rcode: 'NOERROR', answers: [] };
  return { rcode: 'NOERROR', answers: [{ name: qname, ttl: 300, type: 'A', data: host.ip }] };
}

export { dashed };
