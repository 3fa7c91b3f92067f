/**
 * kube-proxy's iptables mode against REFERENCE.md §2 and through the walk: the nat table for
 * a 3-endpoint Service, no endpoints (REJECT: refused at once), internalTrafficPolicy Local
 * without a local endpoint (DROP: a timeout), NodePort with externalTrafficPolicy Cluster (the
 * backend sees a node address) and Local (it sees the client; a node without an endpoint
 * drops), ClientIP session affinity, and a ClusterIP that does not answer ping.
 */
import { describe, expect, it } from 'vitest';
import { labFromText, runProbe, type Lab } from '../lab';
import type { ProbeSpec } from '../model/scenario-schema';
import { runCommand } from '../cli';

function lab(body: string, extra = ''): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: svc }
cluster:
  cni: flannel
  mode: vxlan
  kubeProxy: iptables
  ${extra}
  nodes:
    - { name: node1, ip: 192.168.1.10 }
    - { name: node2, ip: 192.168.1.11 }
    - { name: node3, ip: 192.168.1.12 }
  namespaces: [{ name: prod }]
${body}
  externalHosts: [{ name: outside, ip: 203.0.113.10 }]
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

const WEB_PODS = `  pods:
    - { name: client, node: node1 }
    - { name: web-a, namespace: prod, node: node1, ip: 10.244.1.5, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: web-b, namespace: prod, node: node2, ip: 10.244.2.7, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: web-c, namespace: prod, node: node3, ip: 10.244.3.9, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }`;

function send(l: Lab, p: Partial<ProbeSpec> & { to: string }) {
  return runProbe(l, { from: 'client', protocol: 'http', timeout: 2, ...p } as ProbeSpec);
}

/** REFERENCE.md §2.5 without the `# Generated/Completed` comment lines (the lab has no wall clock). */
const REFERENCE_2_5 = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  ':KUBE-MARK-MASQ - [0:0]',
  ':KUBE-NODEPORTS - [0:0]',
  ':KUBE-POSTROUTING - [0:0]',
  ':KUBE-PROXY-CANARY - [0:0]',
  ':KUBE-SEP-5JH2A3VJTJ2JZJCU - [0:0]',
  ':KUBE-SEP-QB4ZII5YUCNXPGDC - [0:0]',
  ':KUBE-SEP-ZCFFF5JOCFCA73JH - [0:0]',
  ':KUBE-SERVICES - [0:0]',
  ':KUBE-SVC-I6F7J7E256H6PY43 - [0:0]',
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-SEP-ZCFFF5JOCFCA73JH -s 10.244.1.5/32 -m comment --comment "prod/web:http" -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-ZCFFF5JOCFCA73JH -p tcp -m comment --comment "prod/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
  '-A KUBE-SEP-QB4ZII5YUCNXPGDC -s 10.244.2.7/32 -m comment --comment "prod/web:http" -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-QB4ZII5YUCNXPGDC -p tcp -m comment --comment "prod/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080',
  '-A KUBE-SEP-5JH2A3VJTJ2JZJCU -s 10.244.3.9/32 -m comment --comment "prod/web:http" -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-5JH2A3VJTJ2JZJCU -p tcp -m comment --comment "prod/web:http" -m tcp -j DNAT --to-destination 10.244.3.9:8080',
  '-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-I6F7J7E256H6PY43',
  '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  '-A KUBE-SVC-I6F7J7E256H6PY43 ! -s 10.244.0.0/16 -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
  '-A KUBE-SVC-I6F7J7E256H6PY43 -m comment --comment "prod/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-ZCFFF5JOCFCA73JH',
  '-A KUBE-SVC-I6F7J7E256H6PY43 -m comment --comment "prod/web:http -> 10.244.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-QB4ZII5YUCNXPGDC',
  '-A KUBE-SVC-I6F7J7E256H6PY43 -m comment --comment "prod/web:http -> 10.244.3.9:8080" -j KUBE-SEP-5JH2A3VJTJ2JZJCU',
  'COMMIT',
];

describe('iptables-save -t nat for a 3-endpoint ClusterIP Service (REFERENCE.md §2.5)', () => {
  const l = lab(
    `${WEB_PODS}
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`,
    'flannel: { ipMasq: false }',
  );
  const dump = runCommand(l, 'node1', 'iptables-save -t nat').output.split('\n');
  // the cluster's own Services (default/kubernetes, kube-system/kube-dns) are in the same table: leave them out
  const own = dump.filter(
    (line) => !/default\/kubernetes|kube-system\/kube-dns|KUBE-SVC-NPX46M4PTMTKRN6Y|KUBE-SVC-(TCOU7JCQXEZGVUNU|ERIFXISQEP7F7OF4|JD5MR3NA4I4DYORP)/.test(line),
  );
  const sepOf = (name: string) => dump.some((x) => x.startsWith(`-A ${name} `) && /default\/kubernetes|kube-system/.test(x));
  const web = own.filter((line) => !(line.startsWith(':KUBE-SEP-') && sepOf(line.slice(1).split(' ')[0])));

  it('is the listing line for line, with the endpoint chains in the order iptables-save prints chains (sorted by name)', () => {
    // REFERENCE §2.5 shows the three KUBE-SEP blocks in endpoint order (kube-proxy's write order); iptables-save
    // prints every chain's rules in sorted chain order (libiptc / nft_cache_sort_chains, and the kernel oracle's
    // own dump), so 5JH2…, QB4Z…, ZCFF… — the only difference from the listing.
    const sep = (l: string) => (/^-A KUBE-SEP-/.test(l) ? l.split(' ')[1] : '');
    const expected = [...REFERENCE_2_5];
    const seps = expected.filter((l) => sep(l)).sort((a, b) => (sep(a) < sep(b) ? -1 : sep(a) > sep(b) ? 1 : 0));
    let k = 0;
    const resorted = expected.map((l) => (sep(l) ? seps[k++] : l));
    expect(web).toEqual(resorted);
  });

  it('writes probabilities 1/3, 1/2, and none for the last endpoint (REFERENCE §2.3)', () => {
    expect(web.filter((x) => x.includes('statistic')).map((x) => x.match(/probability (\S+)/)![1])).toEqual(['0.33333333349', '0.50000000000']);
  });
});

describe('kube-proxy iptables mode through the walk', () => {
  it('spreads new connections over the endpoints, each about a third', () => {
    const counts: Record<string, number> = {};
    let l = lab(`${WEB_PODS}
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`);
    for (let i = 0; i < 300; i++) {
      // each connection is NEW (a new source port), so the nat table draws again
      const r = send(l, { to: '10.96.45.12:80', protocol: 'tcp' });
      l = r.lab;
      counts[r.trace.backend ?? 'none'] = (counts[r.trace.backend ?? 'none'] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['10.244.1.5:8080', '10.244.2.7:8080', '10.244.3.9:8080']);
    // binomial(300, 1/3): mean 100, sd 8.2; ±40 is about five standard deviations
    for (const n of Object.values(counts)) expect(Math.abs(n - 100)).toBeLessThan(40);
  });

  it('refuses a Service without endpoints at once: filter KUBE-SERVICES REJECTs with ICMP port unreachable', () => {
    const l = lab(`${WEB_PODS}
  services:
    - { name: empty, namespace: prod, clusterIP: 10.96.12.34, selector: { app: nothing }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`);
    expect(runCommand(l, 'node1', 'iptables-save -t filter').output).toContain(
      '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "prod/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    const t = send(l, { to: '10.96.12.34:80', timeout: 10 }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { type: 3, code: 3, from: '10.244.1.1' } });
    expect(t.elapsed).toBeLessThan(5);
    expect(t.hops.find((h) => h.kind === 'filter')?.decided?.row).toContain('has no endpoints');
  });

  it("drops (times out) with internalTrafficPolicy Local and no endpoint on the sender's node", () => {
    const l = lab(`${WEB_PODS}
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, internalTrafficPolicy: Local, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`);
    const far = runProbe(l, { from: 'client', to: '10.96.45.12:80', protocol: 'http', timeout: 2 });
    // node1 has web-a: served locally
    expect(far.trace).toMatchObject({ verdict: 'delivered', backend: '10.244.1.5:8080' });
    const l2 = lab(`  pods:
    - { name: client, node: node1 }
    - { name: web-b, namespace: prod, node: node2, labels: { app: web }, ports: [8080] }
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, internalTrafficPolicy: Local, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`);
    expect(runCommand(l2, 'node1', 'iptables-save -t filter').output).toContain('"prod/web:http has no local endpoints" -m tcp --dport 80 -j DROP');
    expect(runProbe(l2, { from: 'client', to: '10.96.45.12:80', protocol: 'http', timeout: 2 }).trace).toMatchObject({
      verdict: 'dropped',
      reason: 'FILTERED',
    });
  });

  it('does not answer a ping to a ClusterIP: the rules match only the port, and nothing owns the address', () => {
    const l = lab(`${WEB_PODS}
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`);
    const t = runProbe(l, { from: 'client', to: '10.96.45.12', protocol: 'icmp', timeout: 1 }).trace;
    expect(t.verdict).toBe('dropped');
    // no DNAT: the echo request leaves for the default route (flanneld masquerades it) and is lost beyond the router
    expect(t.hops.some((h) => h.rewrite && h.rewrite.before.dst !== h.rewrite.after.dst)).toBe(false);
  });

  it('NodePort, externalTrafficPolicy Cluster: any node answers and the backend sees a node address (SNAT)', () => {
    const l = lab(`${WEB_PODS}
  services:
    - { name: web, namespace: prod, type: NodePort, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }] }`);
    for (const node of ['192.168.1.10', '192.168.1.11', '192.168.1.12']) {
      const t = runProbe(l, { from: 'outside', to: `${node}:30080`, protocol: 'http', timeout: 2 }).trace;
      expect(t.verdict, node).toBe('delivered');
      const seen = /client=(\S+):/.exec(t.http!.body)![1];
      expect(seen, node).not.toBe('203.0.113.10');
      expect(seen).toMatch(/^10\.244\.\d+\.[01]$/); // the node's cni0 (.1) or flannel.1 (.0) address
    }
  });

  it('NodePort, externalTrafficPolicy Local: the backend sees the client; a node without an endpoint drops', () => {
    const l = lab(`  pods:
    - { name: web-a, namespace: prod, node: node1, labels: { app: web }, ports: [8080] }
  services:
    - { name: web, namespace: prod, type: NodePort, externalTrafficPolicy: Local, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }] }`);
    const here = runProbe(l, { from: 'outside', to: '192.168.1.10:30080', protocol: 'http', timeout: 2 }).trace;
    expect(here.verdict).toBe('delivered');
    expect(here.http!.body).toMatch(/client=203\.0\.113\.10:/);
    const there = runProbe(l, { from: 'outside', to: '192.168.1.11:30080', protocol: 'http', timeout: 2 }).trace;
    expect(there).toMatchObject({ verdict: 'dropped', reason: 'FILTERED' });
  });

  it('ClientIP session affinity keeps a client on one endpoint (-m recent)', () => {
    for (let seed = 0; seed < 10; seed++) {
      let l = lab(
        `${WEB_PODS}
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.45.12, sessionAffinity: ClientIP, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`,
        `seed: ${seed}`,
      );
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const r = send(l, { to: '10.96.45.12:80' });
        l = r.lab;
        seen.add(r.trace.backend ?? '');
      }
      expect(seen.size).toBe(1);
    }
  });

  it('reaches a hostNetwork endpoint at its node address', () => {
    const l = lab(`  pods:
    - { name: client, node: node1 }
    - { name: agent, namespace: prod, node: node2, hostNetwork: true, labels: { app: agent }, ports: [9100] }
  services:
    - { name: agent, namespace: prod, clusterIP: 10.96.9.9, selector: { app: agent }, ports: [{ port: 9100 }] }`);
    expect(send(l, { to: '10.96.9.9:9100' }).trace).toMatchObject({ verdict: 'delivered', backend: '192.168.1.11:9100' });
  });
});

describe('type LoadBalancer: an outside load balancer in front of the NodePorts', () => {
  const svc = (policy = 'Cluster') => `  pods:
    - { name: client, node: node1 }
    - { name: web-a, namespace: prod, node: node2, labels: { app: web }, ports: [8080] }
  services:
    - { name: web, namespace: prod, type: LoadBalancer, externalTrafficPolicy: ${policy}, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }] }`;

  it('gets an address from the cloud and spreads outside clients over the nodes; the backend sees a node address', () => {
    const l = lab(svc());
    const ip = l.cluster.api.services.find((s) => s.name === 'web')!.loadBalancerIP!;
    expect(ip).toBe('198.51.100.200');
    const nodes = new Set<string>();
    let cur = l;
    for (let i = 0; i < 12; i++) {
      const r = runProbe(cur, { from: 'outside', to: `${ip}:80`, protocol: 'http', timeout: 2 });
      cur = r.lab;
      expect(r.trace.verdict).toBe('delivered');
      const lbHop = r.trace.hops.find((h) => h.node === 'router' && h.kind === 'nat')!;
      nodes.add(lbHop.rewrite!.after.dst);
    }
    expect(nodes.size).toBeGreaterThan(1);
    // a pod reaching the load balancer address never leaves its node: kube-proxy's loadbalancer IP rule takes it
    const fromPod = runProbe(l, { from: 'client', to: `${ip}:80`, protocol: 'http', timeout: 2 }).trace;
    expect(fromPod.verdict).toBe('delivered');
    expect(fromPod.hops.some((h) => h.node === 'router')).toBe(false);
  });

  it('with externalTrafficPolicy Local sends only to the node with an endpoint, and the backend sees the client', () => {
    const l = lab(svc('Local'));
    let cur = l;
    for (let i = 0; i < 6; i++) {
      const r = runProbe(cur, { from: 'outside', to: '198.51.100.200:80', protocol: 'http', timeout: 2 });
      cur = r.lab;
      expect(r.trace.hops.find((h) => h.node === 'router' && h.kind === 'nat')!.rewrite!.after.dst).toBe('192.168.1.11');
      expect(r.trace.http!.body).toMatch(/client=203\.0\.113\.10:/);
    }
  });

  it('stays <pending> without a cloud (no gateway, no outside world)', () => {
    const l = lab(svc(), 'gateway: none');
    expect(l.cluster.api.services.find((s) => s.name === 'web')!.loadBalancerIP).toBeUndefined();
  });
});
