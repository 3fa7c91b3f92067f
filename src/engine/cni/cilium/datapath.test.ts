import { describe, expect, it } from 'vitest';
import { runProbe } from '../../lab-core';
import type { Hop } from '../../model/trace';
import { ciliumLab } from './test-helpers';

const kinds = (hops: readonly Hop[]) => hops.filter((h) => h.dir === 'request').map((h) => h.kind);
const ipOf = (h: Hop) => h.headers.find((x) => x.kind === 'ipv4') as { src: string; dst: string; ttl: number; totalLength: number } | undefined;

describe.each(['vxlan', 'geneve'] as const)('tunnel mode %s', (mode) => {
  const lab = ciliumLab({ mode });

  it('with kube-proxy, what comes from the tunnel goes through the stack (PACKET_HOST) so its conntrack sees it; CILIUM_FORWARD stays first', () => {
    const t = runProbe(lab, { from: 'client', to: 'web-1:8080', protocol: 'tcp' }).trace;
    expect(t.verdict).toBe('delivered');
    const reply = t.hops.find((h) => h.dir === 'reply' && /goes to the stack \(PACKET_HOST\)/.test(h.note));
    expect(reply?.node).toBe('node1');
    // CILIUM_FORWARD's feeder stays ahead of KUBE-FORWARD, whose INVALID drop would take a SYN-ACK conntrack never saw leave
    expect(lab.cluster.netns.node1.netfilter.filter!.FORWARD.rules[0].target).toEqual({ kind: 'JUMP', chain: 'CILIUM_FORWARD' });
    expect(runProbe(lab, { from: 'client', to: 'web-1:8080', protocol: 'tcp' }).trace.verdict).toBe('delivered');
  });

  it('same node: cil_from_container redirects straight to the other lxc (TTL 64 → 63), no encapsulation', () => {
    const t = runProbe(lab, { from: 'client', to: 'web-0', protocol: 'icmp' }).trace;
    expect(t.verdict).toBe('delivered');
    expect(t.replyTtl).toBe(63);
    expect(kinds(t.hops)).toEqual(['send', 'route', 'arp', 'veth', 'forward', 'veth', 'deliver']);
    expect(t.hops.some((h) => h.kind === 'encap')).toBe(false);
  });

  it('cross node: the tunnel key carries the source identity as VNI; 50 bytes of overhead; TTL 61 with kube-proxy, 63 with its replacement', () => {
    const t = runProbe(lab, { from: 'client', to: 'web-1', protocol: 'icmp' }).trace;
    expect(t.verdict).toBe('delivered');
    // without KPR the overlay's ipv4_l3, the stack's forward and cil_from_host's ipv4_l3 each take one
    expect(t.replyTtl).toBe(61);
    expect(runProbe(ciliumLab({ mode, kubeProxy: 'ebpf' }), { from: 'client', to: 'web-1', protocol: 'icmp' }).trace.replyTtl).toBe(63);
    const encap = t.hops.find((h) => h.kind === 'encap' && h.dir === 'request')!;
    expect(encap.device).toBe(`cilium_${mode}`);
    expect(encap.tunnel).toEqual({ kind: mode, edge: 'start' });
    const outer = ipOf(encap)!;
    const inner = encap.headers.filter((x) => x.kind === 'ipv4')[1] as { totalLength: number };
    expect(outer.totalLength - inner.totalLength).toBe(50);
    const tunnelHdr = encap.headers.find((x) => x.kind === mode) as { vni: number };
    const client = lab.cluster.pods.find((p) => p.name === 'client')!;
    const ipc = lab.cluster.netns.node1.bpf!.cilium_ipcache_v2.entries[`${client.ip}/32`] as { identity: number };
    expect(tunnelHdr.vni).toBe(ipc.identity);
    expect(t.hops.some((h) => h.kind === 'decap' && h.node === 'node2')).toBe(true);
  });

  it('the pod route MTU 1450 refuses a 1451-byte DF ping locally (EMSGSIZE); 1450 crosses', () => {
    expect(runProbe(lab, { from: 'client', to: 'web-1', protocol: 'icmp', size: 1422, df: true }).trace.verdict).toBe('delivered');
    expect(runProbe(lab, { from: 'client', to: 'web-1', protocol: 'icmp', size: 1423, df: true }).trace).toMatchObject({
      verdict: 'rejected',
      localError: 'EMSGSIZE',
      localMtu: 1450,
    });
  });
});

describe('native routing', () => {
  const lab = ciliumLab({ mode: 'native' });
  it('cross node goes to the stack and over eth0 without encapsulation, keeping the pod address', () => {
    const t = runProbe(lab, { from: 'client', to: 'web-1', protocol: 'icmp' }).trace;
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.kind === 'encap')).toBe(false);
    const wire = t.hops.find((h) => h.kind === 'wire' && h.dir === 'request')!;
    expect(ipOf(wire)!.src).toBe(lab.cluster.pods.find((p) => p.name === 'client')!.ip);
    // the kernel forwards on both nodes, and the delivery's ipv4_l3 takes one more
    expect(t.replyTtl).toBe(61);
  });
  it('same node still redirects in the datapath', () => {
    expect(runProbe(lab, { from: 'client', to: 'web-0', protocol: 'icmp' }).trace.replyTtl).toBe(63);
  });
});

describe('kube-proxy replacement (socket LB)', () => {
  const lab = ciliumLab({
    kubeProxy: 'ebpf',
    extra: `  services:
    - { name: web, clusterIP: 10.96.100.10, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
    - { name: empty, clusterIP: 10.96.100.20, selector: { app: none }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`,
  });

  it('writes no KUBE-* chains on the nodes', () => {
    for (const n of lab.cluster.nodes) {
      const chains = Object.values(lab.cluster.netns[n.netns].netfilter).flatMap((t) => Object.keys(t ?? {}));
      expect(chains.filter((x) => x.startsWith('KUBE-'))).toEqual([]);
    }
  });

  it('curl to the ClusterIP: the first packet on the wire is already addressed to the backend', () => {
    const t = runProbe(lab, { from: 'client', to: '10.96.100.10:80', protocol: 'http' }).trace;
    expect(t.verdict).toBe('delivered');
    const connect = t.hops[0];
    expect(connect.kind).toBe('nat');
    expect(connect.note).toMatch(/cil_sock4_connect/);
    const backends = lab.cluster.pods.filter((p) => p.labels.app === 'web').map((p) => p.ip);
    const firstOut = t.hops.find((h) => h.kind === 'send')!;
    expect(backends).toContain(ipOf(firstOut)!.dst);
    for (const h of t.hops.slice(1)) expect(ipOf(h)?.dst).not.toBe('10.96.100.10');
  });

  it('a Service without backends fails connect() with EHOSTUNREACH and sends nothing', () => {
    const t = runProbe(lab, { from: 'client', to: '10.96.100.20:80', protocol: 'http' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'SERVICE_NO_BACKEND', localError: 'EHOSTUNREACH' });
    expect(t.hops.some((h) => h.kind === 'send')).toBe(false);
  });

  it('DNS through the kube-dns ClusterIP is load-balanced at connect() too', () => {
    const t = runProbe(lab, { from: 'client', to: 'web.default.svc.cluster.local:80', protocol: 'http' }).trace;
    expect(t.verdict).toBe('delivered');
  });
});

describe.each(['vxlan', 'native'] as const)('NodePort in the datapath (%s)', (mode) => {
  const lab = ciliumLab({
    mode,
    kubeProxy: 'ebpf',
    pods: `
    - { name: client, node: node1, labels: { app: client } }
    - { name: web-1, node: node2, labels: { app: web }, ports: [8080] }`,
    extra: `  services:
    - { name: web, type: NodePort, clusterIP: 10.96.100.10, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }] }
    - { name: none, type: NodePort, clusterIP: 10.96.100.20, selector: { app: none }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30090 }] }`,
  });

  it('a backend on another node: DNAT + SNAT to the node at eth0 ingress, reverse NAT on the replies', () => {
    const t = runProbe(lab, { from: 'outside', to: 'node1:30080', protocol: 'http' }).trace;
    expect(t.verdict).toBe('delivered');
    const nat = t.hops.find((h) => h.kind === 'nat' && h.node === 'node1' && h.dir === 'request')!;
    expect(nat.rewrite?.after).toMatchObject({ src: '192.168.1.10', dst: lab.cluster.pods.find((p) => p.name === 'web-1')!.ip, dport: 8080 });
    const back = t.hops.find((h) => h.kind === 'nat' && h.dir === 'reply')!;
    expect(back.rewrite?.after).toMatchObject({ src: '192.168.1.10', dst: '203.0.113.10' });
    expect(t.hops.some((h) => h.kind === 'encap')).toBe(mode === 'vxlan');
  });

  it('a NodePort without backends answers ICMP port unreachable (serviceNoBackendResponse reject)', () => {
    const t = runProbe(lab, { from: 'outside', to: 'node1:30090', protocol: 'http' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { type: 3, code: 3, from: '192.168.1.10' } });
  });
});

describe('serviceNoBackendResponse: drop', () => {
  it('drops with Service backend not found (158)', () => {
    const lab = ciliumLab({
      kubeProxy: 'ebpf',
      extra: `  cilium: { serviceNoBackendResponse: drop }
  services:
    - { name: none, type: NodePort, clusterIP: 10.96.100.20, selector: { app: none }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30090 }] }`,
    });
    expect(runProbe(lab, { from: 'outside', to: 'node1:30090', protocol: 'http', timeout: 1 } as never).trace.reason).toBe('SERVICE_BACKEND_NOT_FOUND');
  });
});

describe('ClusterIP without the kube-proxy replacement (per-packet LB in bpf_lxc)', () => {
  const lab = ciliumLab({ extra: '  services:\n    - { name: web, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }' });
  it('the lxc DNATs to a backend on either node and translates the reply back; kube-proxy never sees pod traffic; DNS works', () => {
    let cur = lab;
    const backends = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const r = runProbe(cur, { from: 'client', to: 'web.default.svc.cluster.local:80', protocol: 'tcp' });
      cur = r.lab;
      expect(r.trace.verdict).toBe('delivered');
      expect(r.trace.hops.some((h) => h.kind === 'nat' && /per-packet LB in bpf_lxc/.test(h.note))).toBe(true);
      expect(r.trace.hops.some((h) => /KUBE-SEP/.test(h.note))).toBe(false);
      expect(r.trace.hops.some((h) => h.dir === 'reply' && /lb4_rev_nat/.test(h.note))).toBe(true);
      backends.add(r.trace.backend ?? '');
    }
    expect(backends.size).toBe(2);
    expect(runProbe(cur, { from: 'client', to: 'kubernetes.default', protocol: 'dns', qtype: 'A' }).trace.verdict).toBe('delivered');
  });
});
