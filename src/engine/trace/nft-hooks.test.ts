import { describe, expect, it } from 'vitest';
import { runProbe, type Lab } from '../lab';
import type { ProbeSpec } from '../model/scenario-schema';
import type { Hop, Trace } from '../model/trace';
import { lab } from './test-helpers';

/** kube-proxy in nftables mode on two nodes: three web endpoints (one on node-a), an empty Service, two NodePorts. */
function nftLab(seed = 7, extra = ''): Lab {
  return lab(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: nft-lab }
cluster:
  cni: flannel
  kubeProxy: nftables
  seed: ${seed}
  nodes:
    - { name: node-a, ip: 192.168.1.10 }
    - { name: node-b, ip: 192.168.1.11 }
  pods:
    - { name: client, namespace: prod, node: node-a }
    - { name: web-0, namespace: prod, node: node-a, labels: { app: web }, ports: [8080] }
    - { name: web-1, namespace: prod, node: node-b, labels: { app: web }, ports: [8080] }
    - { name: web-2, namespace: prod, node: node-b, labels: { app: web }, ports: [8080] }
    - { name: local-0, namespace: prod, node: node-a, labels: { app: local-web }, ports: [8080] }
  services:
    - { name: web, namespace: prod, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
    - { name: empty, namespace: prod, selector: { app: nothing }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
    - { name: np-cluster, namespace: prod, type: NodePort, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }] }
    - name: np-local
      namespace: prod
      type: NodePort
      externalTrafficPolicy: Local
      selector: { app: local-web }
      ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30081 }]
${extra}
  externalHosts:
    - { name: outside, ip: 203.0.113.10 }
`);
}

const probe = (l: Lab, p: Partial<ProbeSpec> & { from: string; to: string }) => runProbe(l, { protocol: 'http', ...p } as ProbeSpec);
const endpointsOf = (l: Lab, app: string) => l.cluster.pods.filter((p) => p.labels.app === app).map((p) => `${p.ip}:8080`);
const clusterIP = (l: Lab, name: string) => l.cluster.api.services.find((s) => s.name === name)!.clusterIP!;
const nodeAddrs = (l: Lab, node: string) => l.cluster.netns[node].interfaces.flatMap((d) => d.addrs.map((a) => a.ip));
const clientOf = (t: Trace) => /client=([\d.]+):/.exec(t.http?.body ?? '')?.[1];
const natHop = (t: { hops: readonly Hop[] }) => t.hops.find((h) => h.kind === 'nat' && h.decided?.table === 'nft' && /DNAT/.test(h.note));

describe('kube-proxy nftables mode through the walk', () => {
  it('pod → Service by name: the name resolves through kube-dns, the service chain DNATs, an endpoint answers', () => {
    const l = nftLab();
    const t = probe(l, { from: 'client', to: 'web.prod.svc.cluster.local:80' }).trace;
    expect(t).toMatchObject({ verdict: 'delivered', target: { how: 'dns', ip: clusterIP(l, 'web') }, http: { status: 200 } });
    expect(endpointsOf(l, 'web')).toContain(t.backend);
    const nat = natHop(t)!;
    expect(nat.node).toBe('node-a');
    expect(nat.decided).toMatchObject({ table: 'nft', where: 'node-a ip kube-proxy service-5O3K3WW6-prod/web/tcp/http' });
    expect(nat.decided!.row).toMatch(/^meta l4proto tcp dnat ip to numgen random mod 3 map \{ 0 : 10\.244\.\d+\.\d+ \. 8080, /);
    expect(nat.decided!.path).toEqual(['jump services', 'ip daddr . meta l4proto . th dport vmap @service-ips', nat.decided!.row]);
    expect(nat.note).toMatch(/\(nat-prerouting → services → service-5O3K3WW6-prod\/web\/tcp\/http\)/);
    // the DNS queries went to the kube-dns ClusterIP and were DNATed by its service chain too
    const dnsNat = t.lookup!.queries.flatMap((q) => q.hops).find((h) => h.kind === 'nat' && h.decided?.table === 'nft');
    expect(dnsNat?.decided?.where).toMatch(/^node-a ip kube-proxy service-\w{8}-kube-system\/kube-dns\/udp\/dns$/);
    expect(t.rulesEvaluated).toBeGreaterThan(0);
    // a dns probe on its own: CoreDNS answers through the kube-dns Service
    const dns = probe(l, { from: 'client', to: 'web.prod.svc.cluster.local', protocol: 'dns' }).trace;
    expect(dns.verdict).toBe('delivered');
    expect(dns.lookup?.addresses).toEqual([clusterIP(l, 'web')]);
  });

  it('spreads new connections over the endpoints: numgen random draws from the seeded generator', () => {
    let cur = nftLab();
    const seen: string[] = [];
    for (let i = 0; i < 24; i++) {
      const r = probe(cur, { from: 'client', to: 'web.prod.svc.cluster.local:80' });
      cur = r.lab;
      seen.push(r.trace.backend!);
    }
    expect(new Set(seen)).toEqual(new Set(endpointsOf(cur, 'web')));
    const firsts = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => probe(nftLab(seed), { from: 'client', to: `${clusterIP(cur, 'web')}:80` }).trace.backend);
    expect(new Set(firsts).size).toBeGreaterThan(1);
    // the same seed draws the same numbers
    expect(probe(nftLab(3), { from: 'client', to: `${clusterIP(cur, 'web')}:80` }).trace.backend).toBe(firsts[2]);
  });

  it('a Service with no endpoints is rejected at once: @no-endpoint-services → reject-chain (ICMP port unreachable)', () => {
    const t = probe(nftLab(), { from: 'client', to: 'empty.prod.svc.cluster.local:80' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { type: 3, code: 3, from: '10.244.1.1' } });
    expect(t.elapsed).toBeLessThan(5);
    const f = t.hops.find((h) => h.kind === 'filter')!;
    expect(f.note).toBe('nft FORWARD rejects: reject');
    expect(f.decided).toMatchObject({
      table: 'nft',
      row: 'reject',
      where: 'node-a ip kube-proxy reject-chain',
      path: ['ct state new jump service-endpoints-check', 'ip daddr . meta l4proto . th dport vmap @no-endpoint-services', 'reject'],
    });
  });

  it('ping to a ClusterIP: cluster-ips-check rejects (Destination Port Unreachable); an unallocated service IP is dropped', () => {
    const l = nftLab();
    const ping = probe(l, { from: 'client', to: clusterIP(l, 'web'), protocol: 'icmp' }).trace;
    expect(ping).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { type: 3, code: 3, from: '10.244.1.1' } });
    expect(ping.hops.find((h) => h.kind === 'filter')?.decided?.row).toBe(
      'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
    );
    // a port the Service does not define is refused the same way
    expect(probe(l, { from: 'client', to: `${clusterIP(l, 'web')}:81`, protocol: 'tcp' }).trace).toMatchObject({
      verdict: 'rejected',
      reason: 'PORT_UNREACHABLE',
    });
    const unallocated = probe(l, { from: 'client', to: '10.111.1.1', protocol: 'icmp', timeout: 1 }).trace;
    expect(unallocated).toMatchObject({ verdict: 'dropped', reason: 'FILTERED' });
    expect(unallocated.hops.find((h) => h.kind === 'drop')?.decided?.row).toBe('ip daddr 10.96.0.0/12 drop comment "Drop traffic to unallocated ClusterIPs"');
  });

  it('NodePort with externalTrafficPolicy Cluster from outside: marked, masqueraded, the pod sees a node address', () => {
    const l = nftLab();
    for (const from of ['external', 'outside']) {
      const t = probe(l, { from, to: '192.168.1.10:30080' }).trace;
      expect(t.verdict).toBe('delivered');
      expect(endpointsOf(l, 'web')).toContain(t.backend);
      expect(nodeAddrs(l, 'node-a')).toContain(clientOf(t));
      expect(natHop(t)!.decided!.path).toContain('meta mark set meta mark | 0x00004000 comment "masquerade"');
      const masq = t.hops.find((h) => h.kind === 'nat' && /MASQUERADE/.test(h.note))!;
      expect(masq.decided).toMatchObject({ table: 'nft', where: 'node-a ip kube-proxy masquerading' });
    }
  });

  it('NodePort with externalTrafficPolicy Local: the client address is kept; a node without a local endpoint drops', () => {
    const l = nftLab();
    const here = probe(l, { from: 'external', to: '192.168.1.10:30081' }).trace;
    expect(here).toMatchObject({ verdict: 'delivered', backend: endpointsOf(l, 'local-web')[0] });
    expect(clientOf(here)).toBe('203.0.113.10');
    expect(natHop(here)!.decided!.where).toBe('node-a ip kube-proxy local-VS5E2CQM-prod/np-local/tcp/http');
    const there = probe(l, { from: 'external', to: '192.168.1.11:30081', timeout: 1 }).trace;
    expect(there).toMatchObject({ verdict: 'dropped', reason: 'FILTERED' });
    const drop = there.hops.find((h) => h.kind === 'drop')!;
    expect(drop).toMatchObject({ node: 'node-b', note: 'nft INPUT drops it: ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports' });
    // the node itself still short-circuits to the cluster-wide endpoints (masqueraded)
    expect(probe(l, { from: 'node-b', to: '192.168.1.11:30081' }).trace.verdict).toBe('delivered');
  });

  it('hairpin: a pod reaching itself through its Service is masqueraded by @hairpin-connections', () => {
    let cur = nftLab();
    const self = cur.cluster.pods.find((p) => p.name === 'web-0')!.ip;
    for (let i = 0; i < 30; i++) {
      const r = probe(cur, { from: 'web-0', to: 'web.prod.svc.cluster.local:80' });
      cur = r.lab;
      if (r.trace.backend !== `${self}:8080`) continue;
      expect(clientOf(r.trace)).toBe('10.244.1.1');
      const masq = r.trace.hops.find((h) => h.kind === 'nat' && /MASQUERADE/.test(h.note))!;
      expect(masq.decided?.row).toBe('ct status dnat ip saddr . ip daddr . meta l4proto . th dport @hairpin-connections masquerade fully-random');
      return;
    }
    throw new Error('never picked itself in 30 connections');
  });

  it('ClientIP session affinity: `update @affinity-…` remembers the client, later connections stick to its endpoint', () => {
    let cur = nftLab(
      7,
      '    - { name: sticky, namespace: prod, sessionAffinity: ClientIP, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }',
    );
    const backends = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const r = probe(cur, { from: 'client', to: 'sticky.prod.svc.cluster.local:80' });
      cur = r.lab;
      backends.add(r.trace.backend!);
      const path = natHop(r.trace)!.decided!.path!;
      // the first connection draws an endpoint; every later one is caught by the affinity set
      expect(path[2]).toMatch(i === 0 ? /^numgen random mod 3 vmap/ : /^ip saddr @affinity-\w{8}-prod\/sticky\/tcp\/http__[\d.]+\/8080 goto endpoint-/);
    }
    expect(backends.size).toBe(1);
  });

  it('the node reaches a ClusterIP through nat-output, masqueraded because its address is outside the cluster CIDR', () => {
    const l = nftLab();
    const t = probe(l, { from: 'node-a', to: `${clusterIP(l, 'web')}:80` }).trace;
    expect(t.verdict).toBe('delivered');
    expect(natHop(t)!.note).toMatch(/^node-a OUTPUT: DNAT .* \(nat-output → services → services → service-5O3K3WW6/);
    expect(nodeAddrs(l, 'node-a')).toContain(clientOf(t));
  });

  it('leaves no kube-proxy iptables chains on an nftables node', () => {
    const l = nftLab();
    for (const n of ['node-a', 'node-b']) {
      const nf = l.cluster.netns[n].netfilter;
      const chains = Object.values(nf).flatMap((t) => Object.keys(t ?? {}));
      expect(chains.filter((c) => c.startsWith('KUBE-'))).toEqual([]);
      expect(l.cluster.netns[n].nft?.map((t) => `${t.family} ${t.name}`)).toEqual(['ip kube-proxy']);
    }
  });
});
