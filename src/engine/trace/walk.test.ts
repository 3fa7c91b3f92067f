import { describe, expect, it } from 'vitest';
import { runProbe, type Lab } from '../lab';
import type { ProbeSpec } from '../model/scenario-schema';
import { lab, twoNodes } from './test-helpers';

function send(l: Lab, p: Partial<ProbeSpec> & { to: string }) {
  return runProbe(l, { from: 'pod-a', protocol: 'icmp', ...p } as ProbeSpec);
}

describe('reachability (kernel oracle: modes)', () => {
  for (const mode of ['vxlan', 'host-gw']) {
    it(`${mode}: same-node ping keeps TTL 64, cross-node replies arrive with TTL 62`, () => {
      const l = twoNodes({ mode });
      expect(send(l, { to: 'pod-b' }).trace).toMatchObject({ verdict: 'delivered', replyTtl: 64 });
      expect(send(l, { to: 'pod-c' }).trace).toMatchObject({ verdict: 'delivered', replyTtl: 62 });
      expect(runProbe(l, { from: 'node1', to: 'pod-c', protocol: 'icmp' }).trace.replyTtl).toBe(63);
    });
  }
  it('an ARP hop shows the neighbour table with the learned entry once, highlighted', () => {
    const arp = send(twoNodes(), { to: 'pod-c' }).trace.hops.find((h) => h.kind === 'arp')!;
    expect(arp.decided!.rows!.filter((r) => r === arp.decided!.row)).toHaveLength(1);
  });
  it('traceroute lists the gateway, the remote VTEP and the pod (vxlan)', () => {
    expect(send(twoNodes(), { to: 'pod-c', protocol: 'traceroute' }).trace.path).toEqual(['10.244.1.1', '10.244.2.0', '10.244.2.2']);
    expect(send(twoNodes({ mode: 'host-gw' }), { to: 'pod-c', protocol: 'traceroute' }).trace.path).toEqual(['10.244.1.1', '192.168.50.2', '10.244.2.2']);
  });
});

describe('MTU and PMTU discovery', () => {
  it('pod MTU 1500 on vxlan: frag-needed from the gateway, then EMSGSIZE from the cached PMTU', () => {
    const l = twoNodes({ podMTU: 1500 });
    const first = send(l, { to: 'pod-c', size: 1472, df: true });
    expect(first.trace).toMatchObject({ verdict: 'rejected', reason: 'FRAG_NEEDED', icmp: { type: 3, code: 4, mtu: 1450, from: '10.244.1.1' } });
    const second = send(first.lab, { to: 'pod-c', size: 1472, df: true });
    expect(second.trace).toMatchObject({ verdict: 'rejected', localError: 'EMSGSIZE', localMtu: 1450 });
    expect(send(second.lab, { to: 'pod-c', size: 1422, df: true }).trace.verdict).toBe('delivered');
  });
  it('pmtudisc want (ping without -M): DF while it fits, then the learned PMTU makes the sender fragment', () => {
    const first = send(twoNodes({ podMTU: 1500 }), { to: 'pod-c', size: 1472, pmtudisc: 'want' });
    expect(first.trace).toMatchObject({ verdict: 'rejected', reason: 'FRAG_NEEDED', icmp: { mtu: 1450 } });
    const second = send(first.lab, { to: 'pod-c', size: 1472, pmtudisc: 'want' }).trace;
    expect(second).toMatchObject({ verdict: 'delivered', replyTtl: 62 });
    expect(second.hops.some((h) => h.kind === 'fragment' && h.netns === 'pod-a')).toBe(true);
  });
  it('without DF the packet is fragmented and delivered', () => {
    expect(send(twoNodes({ podMTU: 1500 }), { to: 'pod-c', size: 1472, df: false }).trace).toMatchObject({ verdict: 'delivered', replyTtl: 62 });
  });
  it('a smaller NIC on the far node drops big frames silently', () => {
    const l = twoNodes({ mode: 'host-gw', podMTU: 1500, mtu2: 1400 });
    const big = send(l, { to: 'pod-c', size: 1472, df: true, timeout: 1 });
    expect(big.trace).toMatchObject({ verdict: 'dropped', reason: 'FRAME_TOO_BIG' });
    expect(big.trace.hops.find((h) => h.kind === 'drop')).toMatchObject({ node: 'node2', device: 'eth0' });
    expect(send(l, { to: 'pod-c', size: 1376, df: true }).trace.verdict).toBe('delivered');
    expect(send(l, { to: 'pod-c', size: 1377, df: true }).trace.verdict).toBe('dropped');
  });
  it('TCP recovers through PMTUD: the oversize segment is resent smaller', () => {
    const t = send(twoNodes({ podMTU: 1500 }), { to: 'pod-c:8080', protocol: 'tcp', size: 4000 }).trace;
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.kind === 'icmp' && /fragmentation needed \(mtu 1450\)/.test(h.note))).toBe(true);
  });
});

describe('faults', () => {
  it('a deleted route gives ICMP net unreachable from the gateway; the node itself gets ENETUNREACH', () => {
    const l = twoNodes({ faults: '[{ type: delete-route, node: node1, dst: 10.244.2.0/24 }]' });
    expect(send(l, { to: 'pod-c' }).trace).toMatchObject({ verdict: 'rejected', reason: 'NET_UNREACHABLE', icmp: { type: 3, code: 0, from: '10.244.1.1' } });
    expect(runProbe(l, { from: 'node1', to: 'pod-c', protocol: 'icmp' }).trace).toMatchObject({ verdict: 'rejected', localError: 'ENETUNREACH' });
    expect(runProbe(l, { from: 'pod-c', to: 'pod-a', protocol: 'icmp', timeout: 1 }).trace.verdict).toBe('dropped');
  });
  it('a missing FDB entry drops silently; a missing neighbour gives host unreachable after 3 s', () => {
    const fdb = twoNodes({ faults: '[{ type: delete-fdb, node: node1, device: flannel.1, peer: node2 }]' });
    expect(send(fdb, { to: 'pod-c', timeout: 2 }).trace).toMatchObject({ verdict: 'dropped', reason: 'NO_FDB_ENTRY' });
    const neigh = twoNodes({ faults: '[{ type: delete-neigh, node: node1, device: flannel.1, peer: node2 }]' });
    const t = send(neigh, { to: 'pod-c', timeout: 5 }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'HOST_UNREACHABLE', icmp: { code: 1, from: '10.244.1.1' } });
    expect(t.elapsed).toBeGreaterThanOrEqual(3000);
    expect(send(neigh, { to: 'pod-c', timeout: 1 }).trace.verdict).toBe('dropped');
  });
  it('dropping UDP 8472 on node2 breaks the overlay but not the underlay', () => {
    const l = twoNodes({ faults: '[{ type: block, node: node2, protocol: udp, port: 8472 }]' });
    expect(send(l, { to: 'pod-c', timeout: 1 }).trace).toMatchObject({ verdict: 'dropped', reason: 'FILTERED' });
    expect(runProbe(l, { from: 'node1', to: 'node2', protocol: 'icmp' }).trace.verdict).toBe('delivered');
    expect(send(l, { to: 'pod-b' }).trace.verdict).toBe('delivered');
  });
  it('refuses an MTU the kernel refuses and leaves the device alone', () => {
    const l = twoNodes({ faults: '[{ type: mtu, node: node2, device: flannel.1, mtu: 1500 }]' });
    expect(l.faults[0]).toMatchObject({ applied: false });
    expect(l.faults[0].error).toMatch(/Invalid argument/);
  });
  it('a routing loop ends with TTL exceeded', () => {
    const faults = `[{ type: delete-route, node: node1, dst: 10.244.2.0/24 }, { type: add-route, node: node1, dst: 10.244.2.0/24, via: 192.168.50.2, dev: eth0 },
      { type: delete-route, node: node2, dst: 10.244.2.0/24 }, { type: add-route, node: node2, dst: 10.244.2.0/24, via: 192.168.50.1, dev: eth0 }]`;
    const t = send(twoNodes({ mode: 'host-gw', faults }), { to: 'pod-c' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'TTL_EXCEEDED', icmp: { type: 11 } });
  });
});

describe('TCP and UDP sockets', () => {
  it('connects to a listening port, is refused on a closed one', () => {
    const l = twoNodes();
    expect(send(l, { to: 'pod-c:8080', protocol: 'tcp', size: 100 }).trace.verdict).toBe('delivered');
    expect(send(l, { to: 'pod-c:9999', protocol: 'tcp' }).trace).toMatchObject({ verdict: 'rejected', reason: 'CONNECTION_REFUSED' });
    expect(send(l, { to: 'pod-c:53', protocol: 'udp' }).trace.verdict).toBe('delivered');
    expect(send(l, { to: 'pod-c:54', protocol: 'udp' }).trace).toMatchObject({
      verdict: 'rejected',
      reason: 'PORT_UNREACHABLE',
      icmp: { code: 3, from: '10.244.2.2' },
    });
  });
  it('names a bad endpoint instead of throwing', () => {
    expect(send(twoNodes(), { from: 'nope', to: 'pod-b' }).trace).toMatchObject({ verdict: 'rejected', reason: 'BAD_ENDPOINT' });
    expect(send(twoNodes(), { to: 'not a name!' }).trace).toMatchObject({ verdict: 'rejected', reason: 'BAD_ENDPOINT' });
  });

  it('sends a name that is no scenario reference to the resolver: no upstream, so the last candidate gets SERVFAIL', () => {
    const t = send(twoNodes(), { to: 'nope' }).trace;
    expect(t.dns?.map((q) => `${q.name} ${q.type} ${q.rcode}`)).toEqual([
      'nope.default.svc.cluster.local A NXDOMAIN',
      'nope.default.svc.cluster.local AAAA NXDOMAIN',
      'nope.svc.cluster.local A NXDOMAIN',
      'nope.svc.cluster.local AAAA NXDOMAIN',
      'nope.cluster.local A NXDOMAIN',
      'nope.cluster.local AAAA NXDOMAIN',
      'nope A SERVFAIL',
      'nope AAAA SERVFAIL',
    ]);
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'DNS_SERVFAIL', hops: [] });
  });
});

describe('leaving the cluster (flanneld masquerade)', () => {
  const yaml = `
apiVersion: podpath/v1
kind: Scenario
metadata: { name: out }
cluster:
  nodes: [{ name: node1, ip: 192.168.1.10 }, { name: node2, ip: 192.168.1.11 }]
  pods: [{ name: client, node: node1 }]
  externalHosts: [{ name: api.github.com, ip: 203.0.113.10 }]
`;
  it('masquerades a pod behind its node address and translates the reply back', () => {
    const l = lab(yaml);
    const t = runProbe(l, { from: 'client', to: 'api.github.com:443', protocol: 'tcp', size: 200 }).trace;
    expect(t.verdict).toBe('delivered');
    const nat = t.hops.filter((h) => h.kind === 'nat');
    expect(nat[0]).toMatchObject({ node: 'node1', dir: 'request', decided: { table: 'nat' } });
    expect(nat[0].decided?.row).toBe('-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully');
    const atServer = t.hops.find((h) => h.node === 'api.github.com' && h.kind === 'deliver')!;
    expect(atServer.headers.find((x) => x.kind === 'ipv4')).toMatchObject({ src: '192.168.1.10' });
    expect(nat.some((h) => h.dir === 'reply' && h.decided?.table === 'conntrack')).toBe(true);
    expect(runProbe(l, { from: 'client', to: 'api.github.com', protocol: 'traceroute' }).trace.path).toEqual(['10.244.1.1', '192.168.1.1', '203.0.113.10']);
  });
  it('keeps pod addresses inside the cluster network (no NAT pod to pod)', () => {
    const t = send(twoNodes(), { to: 'pod-c' }).trace;
    expect(t.hops.some((h) => h.kind === 'nat')).toBe(false);
  });
});

describe('where the outcome was decided', () => {
  it('points at the ICMP error, the RST, the silent drop or the local refusal', () => {
    const l = twoNodes({ podMTU: 1500 });
    const frag = send(l, { to: 'pod-c', size: 1472, df: true });
    expect(frag.trace.hops[frag.trace.decidedAt!]).toMatchObject({ kind: 'icmp', node: 'node1' });
    const local = send(frag.lab, { to: 'pod-c', size: 1472, df: true }).trace;
    expect(local.hops[local.decidedAt!]).toMatchObject({ kind: 'local-error', netns: 'pod-a' });
    const rst = send(l, { to: 'pod-c:9999', protocol: 'tcp' }).trace;
    expect(rst.hops[rst.decidedAt!]).toMatchObject({ kind: 'deliver', netns: 'pod-c' });
    const lost = send(twoNodes({ mode: 'host-gw', podMTU: 1500, mtu2: 1400 }), { to: 'pod-c', size: 1472, df: true, timeout: 1 }).trace;
    expect(lost.hops[lost.decidedAt!]).toMatchObject({ kind: 'drop', node: 'node2', device: 'eth0' });
  });
});
