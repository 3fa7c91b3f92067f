/**
 * REFERENCE.md §4 as tests, through the engine: the order in which a pod's resolver tries
 * names (glibc and musl, ndots:5, search list, trailing dot), the kubernetes plugin's answers
 * (A for a ClusterIP even without endpoints, headless, ExternalName, SRV, PTR, pod records)
 * and its NXDOMAIN vs NODATA rules. Every query here is a real walk to CoreDNS and back.
 */
import { describe, expect, it } from 'vitest';
import { labFromText, runProbe, type Lab } from '../lab';
import { corednsAnswer } from './coredns';

function lab(extra = ''): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: dns }
cluster:
  nodes: [{ name: node1, ip: 192.168.1.10 }, { name: node2, ip: 192.168.1.11 }]
  namespaces: [{ name: prod }]
  pods:
    - { name: client, namespace: prod, node: node1 }
    - { name: alpine, namespace: prod, node: node1, libc: musl }
    - { name: web-1, namespace: prod, node: node2, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: db-0, namespace: prod, node: node2, hostname: db-0, subdomain: db, labels: { app: db }, ports: [5432] }
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: http }] }
    - { name: idle, namespace: prod, clusterIP: 10.96.45.13, selector: { app: none }, ports: [{ port: 80 }] }
    - { name: db, namespace: prod, clusterIP: None, selector: { app: db }, ports: [{ name: pg, port: 5432 }] }
    - { name: nobody, namespace: prod, clusterIP: None, selector: { app: none }, ports: [{ port: 80 }] }
    - { name: github, namespace: prod, type: ExternalName, externalName: api.github.com }
  externalHosts: [{ name: api.github.com, ip: 203.0.113.10 }]
  ${extra}
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

const l = lab();
const queries = (from: string, name: string, qtype?: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'TXT') =>
  runProbe(l, { from, to: name, protocol: 'dns', ...(qtype ? { qtype } : {}) }).trace;
const tried = (from: string, name: string) => [
  ...new Set((queries(from, name).dns ?? []).map((q) => `${q.name} ${q.rcode === 'NOERROR' ? 'answer' : q.rcode}`)),
];

describe('glibc search order, ns prod, ndots:5 (REFERENCE.md §4.3)', () => {
  it('web (0 dots): the first search domain answers', () => {
    expect(tried('client', 'web')).toEqual(['web.prod.svc.cluster.local answer']);
  });
  it('web.prod (1 dot): web.prod.prod.svc.cluster.local is NXDOMAIN, then web.prod.svc.cluster.local', () => {
    expect(tried('client', 'web.prod')).toEqual(['web.prod.prod.svc.cluster.local NXDOMAIN', 'web.prod.svc.cluster.local answer']);
  });
  it('web.prod.svc.cluster.local (4 dots < 5): the whole search list first, then as-is', () => {
    expect(tried('client', 'web.prod.svc.cluster.local')).toEqual([
      'web.prod.svc.cluster.local.prod.svc.cluster.local NXDOMAIN',
      'web.prod.svc.cluster.local.svc.cluster.local NXDOMAIN',
      'web.prod.svc.cluster.local.cluster.local NXDOMAIN',
      'web.prod.svc.cluster.local answer',
    ]);
  });
  it('api.github.com: three wasted candidates, each A + AAAA, before the real name', () => {
    const t = queries('client', 'api.github.com');
    expect(t.dns?.length).toBe(8);
    expect(tried('client', 'api.github.com')).toEqual([
      'api.github.com.prod.svc.cluster.local NXDOMAIN',
      'api.github.com.svc.cluster.local NXDOMAIN',
      'api.github.com.cluster.local NXDOMAIN',
      'api.github.com answer',
    ]);
    expect(t.lookup?.addresses).toEqual(['203.0.113.10']);
  });
  it('a trailing dot is asked as-is only', () => {
    expect(tried('client', 'api.github.com.')).toEqual(['api.github.com answer']);
  });
  it('five dots or more: as-is first', () => {
    expect(tried('client', 'a.b.c.d.e.f')[0]).toBe('a.b.c.d.e.f NXDOMAIN');
  });
  it('A and AAAA go out together for every candidate; AAAA of an IPv4 Service is NODATA', () => {
    const t = queries('client', 'web');
    expect(t.dns).toEqual([
      { name: 'web.prod.svc.cluster.local', type: 'A', rcode: 'NOERROR' },
      { name: 'web.prod.svc.cluster.local', type: 'AAAA', rcode: 'NOERROR' },
    ]);
    expect(t.lookup?.queries[1].answers).toEqual([]);
  });
});

describe('musl (REFERENCE.md §4.3)', () => {
  it('dots ≥ ndots or a trailing dot: as-is only; otherwise the search list, then as-is', () => {
    expect(tried('alpine', 'web')).toEqual(['web.prod.svc.cluster.local answer']);
    expect(tried('alpine', 'api.github.com.')).toEqual(['api.github.com answer']);
  });
  it('NODATA stops the search (glibc goes on)', () => {
    // db-0.db.prod.svc.cluster.local exists; its AAAA is NODATA, its A answers: both libcs get the address
    expect(queries('alpine', 'db-0.db.prod.svc.cluster.local').lookup?.addresses).toEqual(['10.244.2.3']);
    // the zone apex answers NODATA: musl stops right there, glibc goes on to as-is
    const musl = runProbe(l, { from: 'alpine', to: 'cluster.local', protocol: 'dns' }).trace;
    expect(musl).toMatchObject({ verdict: 'rejected' });
  });
});

describe('the kubernetes plugin: NXDOMAIN vs NODATA (REFERENCE.md §4.1, §4.4)', () => {
  const c = l.cluster;
  const rc = (name: string, t: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'TXT' | 'SOA' = 'A') => {
    const r = corednsAnswer(c, name, t);
    return r.kind === 'answer' ? `${r.rcode}${r.answers.length ? ` ${r.answers.map((a) => a.data).join(',')}` : ''}` : r.kind;
  };
  it.each([
    ['web.prod.svc.cluster.local', 'A', 'NOERROR 10.96.45.12'],
    ['idle.prod.svc.cluster.local', 'A', 'NOERROR 10.96.45.13'], // a ClusterIP answers even with no endpoints
    ['web.prod.svc.cluster.local', 'AAAA', 'NOERROR'], // NODATA
    ['nope.prod.svc.cluster.local', 'A', 'NXDOMAIN'],
    ['prod.svc.cluster.local', 'A', 'NOERROR'], // an existing namespace: NODATA
    ['nons.svc.cluster.local', 'A', 'NXDOMAIN'],
    ['svc.cluster.local', 'A', 'NOERROR'],
    ['cluster.local', 'A', 'NOERROR'],
    ['foo.cluster.local', 'A', 'NXDOMAIN'], // neither svc nor pod
    ['db.prod.svc.cluster.local', 'A', 'NOERROR 10.244.2.3'], // headless: one A per ready endpoint
    ['nobody.prod.svc.cluster.local', 'A', 'NXDOMAIN'], // headless with no ready endpoint
    ['db-0.db.prod.svc.cluster.local', 'A', 'NOERROR 10.244.2.3'],
    ['_http._tcp.web.prod.svc.cluster.local', 'SRV', 'NOERROR 0 100 80 web.prod.svc.cluster.local.'],
    ['_pg._tcp.db.prod.svc.cluster.local', 'SRV', 'NOERROR 0 100 5432 db-0.db.prod.svc.cluster.local.'],
    ['10-244-2-2.prod.pod.cluster.local', 'A', 'NOERROR 10.244.2.2'], // pods insecure
    ['12.45.96.10.in-addr.arpa', 'PTR', 'NOERROR web.prod.svc.cluster.local.'],
    ['3.2.244.10.in-addr.arpa', 'PTR', 'NOERROR db-0.db.prod.svc.cluster.local.'],
    ['9.9.9.9.in-addr.arpa', 'PTR', 'forward'], // fallthrough in-addr.arpa
    ['dns-version.cluster.local', 'TXT', 'NOERROR "1.1.0"'],
    ['api.github.com', 'A', 'forward'],
  ] as const)('%s %s → %s', (name, t, want) => {
    expect(rc(name, t)).toBe(want);
  });
  it('negative answers carry the zone SOA', () => {
    const r = corednsAnswer(c, 'nope.prod.svc.cluster.local', 'A');
    expect(r.kind === 'answer' && r.authority[0]).toMatchObject({
      name: 'cluster.local.',
      type: 'SOA',
      ttl: 30,
      data: expect.stringMatching(/^ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30$/),
    });
  });
  it('an ExternalName answers a CNAME and its target through forward', () => {
    const t = runProbe(l, { from: 'client', to: 'github.prod.svc.cluster.local.', protocol: 'dns', qtype: 'A' }).trace;
    expect(t.lookup?.queries[0].answers.map((a) => `${a.type} ${a.data}`)).toEqual(['CNAME api.github.com.', 'A 203.0.113.10']);
    expect(t.verdict).toBe('delivered');
  });
});

describe('a pod name is not a DNS name', () => {
  it('web-1 does not resolve anywhere; a probe that names the pod is sent to its address from the scenario, without DNS', () => {
    expect(runProbe(l, { from: 'client', to: 'web-1', protocol: 'dns' }).trace).toMatchObject({ verdict: 'rejected', reason: 'NXDOMAIN' });
    const byRef = runProbe(l, { from: 'client', to: 'web-1:8080', protocol: 'http' }).trace;
    expect(byRef).toMatchObject({ verdict: 'delivered', target: { name: 'prod/web-1', ip: '10.244.2.2', how: 'pod' } });
    expect(byRef.lookup).toBeUndefined();
  });
});

describe('a hostNetwork pod resolves with its own dnsPolicy', () => {
  const host = (policy: string) =>
    labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: hostnet }
cluster:
  nodes: [{ name: node1, ip: 192.168.1.10 }]
  pods: [{ name: agent, namespace: kube-system, node: node1, hostNetwork: true, dnsPolicy: ${policy} }]
`);
  it('ClusterFirst on hostNetwork falls back to the node resolv.conf; ClusterFirstWithHostNet uses the cluster DNS', () => {
    for (const [policy, server] of [
      ['ClusterFirst', '192.168.1.1'],
      ['ClusterFirstWithHostNet', '10.96.0.10'],
    ] as const) {
      const r = host(policy);
      if (!r.ok) throw new Error('bad scenario');
      const t = runProbe(r.lab, { from: 'kube-system/agent', to: 'kubernetes.default', protocol: 'dns' }).trace;
      expect(t.lookup?.queries[0].server, policy).toBe(server);
    }
  });
});
