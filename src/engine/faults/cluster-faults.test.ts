import { describe, expect, it } from 'vitest';
import { labFromText, runProbe, type Lab } from '../lab';
import type { ProbeSpec } from '../model/scenario-schema';

function lab(faults: string, extra = ''): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: faults }
cluster:
  ${extra}
  nodes: [{ name: node1, ip: 192.168.1.10 }, { name: node2, ip: 192.168.1.11 }]
  namespaces: [{ name: prod }]
  pods:
    - { name: client, node: node1 }
    - { name: web-1, namespace: prod, node: node2, labels: { app: web }, ports: [8080] }
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
    - { name: api, namespace: prod, clusterIP: 10.96.45.20, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
  externalHosts: [{ name: api.github.com, ip: 203.0.113.10 }]
faults: ${faults}
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

const http = (l: Lab, to: string, extra: Partial<ProbeSpec> = {}) => runProbe(l, { from: 'client', to, protocol: 'http', timeout: 3, ...extra }).trace;

describe('Kubernetes-level faults', () => {
  it('CoreDNS scaled to 0: the Service works by IP, not by name (kube-dns has no endpoints, so its queries are REJECTed)', () => {
    const l = lab('[{ type: coredns-scale, replicas: 0 }]');
    expect(l.faults[0]).toMatchObject({ applied: true, command: 'kubectl -n kube-system scale deployment coredns --replicas=0' });
    expect(l.cluster.pods.some((p) => p.labels['k8s-app'] === 'kube-dns')).toBe(false);
    expect(http(l, '10.96.45.12:80').verdict).toBe('delivered');
    const byName = http(l, 'web.prod:80');
    expect(byName).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE', icmp: { type: 3, code: 3 } });
    // glibc: a refused query ends the search at the first candidate
    expect(byName.dns?.map((q) => `${q.name} ${q.rcode}`)).toEqual([
      'web.prod.default.svc.cluster.local UNREACHABLE',
      'web.prod.default.svc.cluster.local UNREACHABLE',
      'web.prod.default.svc.cluster.local UNREACHABLE',
      'web.prod.default.svc.cluster.local UNREACHABLE',
    ]);
    expect(byName.elapsed).toBeLessThan(1000);
  });

  it('CoreDNS not ready: the pods run but are no endpoints, so names fail the same way', () => {
    const l = lab('[{ type: coredns-not-ready }]');
    expect(l.cluster.api.endpointSlices.filter((s) => s.service === 'kube-dns').flatMap((s) => s.endpoints.map((e) => e.conditions.ready))).toEqual([
      false,
      false,
    ]);
    expect(http(l, 'web.prod:80')).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE' });
  });

  it('an emptied EndpointSlice (a selector typo): the name resolves, the ClusterIP refuses, the pod IP works', () => {
    const l = lab('[{ type: endpointslice-empty, service: prod/web }]');
    expect(l.faults[0].command).toMatch(/selector app=wbe \(was web\)/);
    expect(l.cluster.api.endpointSlices.find((s) => s.service === 'web')?.endpoints).toEqual([]);
    expect(http(l, 'web.prod:80')).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', target: { how: 'dns', ip: '10.96.45.12' } });
    expect(http(l, '10.244.2.2:8080').verdict).toBe('delivered');
    expect(http(l, 'api.prod:80').verdict).toBe('delivered');
  });

  it('upstream resolver down: cluster names still resolve; outside names get SERVFAIL after CoreDNS gives up (≈4 s)', () => {
    const l = lab('[{ type: upstream-dns-down }]');
    expect(http(l, 'web.prod:80').verdict).toBe('delivered');
    const t = runProbe(l, { from: 'client', to: 'api.github.com', protocol: 'dns' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'DNS_SERVFAIL' });
    const last = t.lookup!.queries[t.lookup!.queries.length - 1];
    expect(last).toMatchObject({ name: 'api.github.com.', rcode: 'SERVFAIL' });
    expect(last.elapsed).toBeGreaterThanOrEqual(4000);
  });

  it('kube-proxy stopped before a Service was created: DNS answers with its ClusterIP, no node has a rule for it', () => {
    const l = lab('[{ type: kube-proxy-stopped, services: [prod/api] }]');
    expect(l.cluster.proxy.stopped).toEqual(['node1', 'node2']);
    expect(http(l, 'web.prod:80').verdict).toBe('delivered');
    const api = http(l, 'api.prod:80');
    expect(api.target).toMatchObject({ how: 'dns', ip: '10.96.45.20' });
    expect(api.verdict).not.toBe('delivered');
    expect(api.hops.some((h) => h.rewrite && h.rewrite.before.dst === '10.96.45.20' && h.rewrite.after.dst !== '10.96.45.20')).toBe(false);
  });

  it('kube-proxy stopped, then CoreDNS scaled down: the old rules still send queries to pods that are gone', () => {
    const l = lab('[{ type: kube-proxy-stopped }, { type: coredns-scale, replicas: 0 }]');
    const t = http(l, 'web.prod:80', { timeout: 30 });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toBe('DNS_TIMEOUT');
  });

  it("a stale UDP conntrack entry keeps DNATing the pod's DNS queries to a CoreDNS pod that is gone", () => {
    const l = lab('[{ type: stale-conntrack, pod: client }]');
    expect(l.kernel.conntrack.node1).toHaveLength(1);
    const t = runProbe(l, { from: 'client', to: 'web.prod', protocol: 'dns' }).trace;
    expect(t.verdict).not.toBe('delivered');
    // every query uses the app's one socket, so every one matches the stale entry
    const q = t.lookup!.queries[0];
    expect(q.sport).toBe(33333);
    expect(q.hops.find((h) => h.kind === 'nat')?.decided?.table).toBe('conntrack');
    // another pod on the same node resolves fine
  });

  it('sysctl bridge-nf-call-iptables=0 and hairpin are node edits the kernel keeps', () => {
    const l = lab(
      '[{ type: sysctl, node: node1, key: net.bridge.bridge-nf-call-iptables, value: 0 }, { type: hairpin, node: node2, pod: prod/web-1, on: false }]',
    );
    expect(l.cluster.netns.node1.sysctl.bridgeNfCallIptables).toBe(false);
    const veth = l.cluster.netns['pod:prod/web-1'].interfaces.find((d) => d.peer)!.peer!.ifname;
    expect(l.cluster.netns.node2.interfaces.find((d) => d.name === veth)?.hairpin).toBe(false);
  });

  it('refuses what the API or the kernel would refuse, and says so', () => {
    expect(lab('[{ type: endpointslice-empty, service: prod/nope }]').faults[0]).toMatchObject({
      applied: false,
      error: 'Error from server (NotFound): services "prod/nope" not found',
    });
    expect(lab('[{ type: coredns-scale, replicas: 5 }]').faults[0].applied).toBe(false);
    expect(lab('[{ type: kube-proxy-stopped, node: node9 }]').faults[0]).toMatchObject({ applied: false, error: 'no node node9' });
    expect(lab('[{ type: upstream-dns-down }]', 'gateway: none').faults[0].applied).toBe(false);
    expect(lab('[{ type: hairpin, node: node1, pod: prod/web-1, on: true }]').faults[0].applied).toBe(false);
  });
});
