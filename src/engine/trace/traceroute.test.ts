import { describe, expect, it } from 'vitest';
import { runProbe, type Lab } from '../lab';
import type { ProbeSpec } from '../model/scenario-schema';
import { lab, twoNodes } from './test-helpers';
import { TRACEROUTE_BASE_PORT } from './traceroute';

function trace(l: Lab, p: Partial<ProbeSpec> = {}) {
  return runProbe(l, { from: 'pod-a', to: 'pod-c', protocol: 'traceroute', ...p } as ProbeSpec).trace;
}

const podWith = (udpPort: number) =>
  lab(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: t }
cluster:
  gateway: none
  nodes:
    - { name: node1, ip: 192.168.50.1, podCIDR: 10.244.1.0/24 }
    - { name: node2, ip: 192.168.50.2, podCIDR: 10.244.2.0/24 }
  pods:
    - { name: pod-a, node: node1 }
    - { name: pod-c, node: node2, ports: [{ containerPort: ${udpPort}, protocol: UDP }] }
`);

describe('traceroute: UDP probes as traceroute(8) sends them', () => {
  it('3 probes per TTL to ports 33434, 33435, … ; time exceeded per hop, port unreachable from the pod (vxlan)', () => {
    const t = trace(twoNodes());
    expect(t.verdict).toBe('delivered');
    const probes = t.traceroute!;
    expect(probes.map((p) => p.ttl)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(probes.map((p) => p.port)).toEqual(probes.map((_, i) => TRACEROUTE_BASE_PORT + i));
    // kernel oracle modes/vxlan traceroute_hops_pod-a->pod-c
    expect(probes.map((p) => p.from)).toEqual([
      '10.244.1.1',
      '10.244.1.1',
      '10.244.1.1',
      '10.244.2.0',
      '10.244.2.0',
      '10.244.2.0',
      '10.244.2.2',
      '10.244.2.2',
      '10.244.2.2',
    ]);
    expect(probes.slice(0, 6).every((p) => p.icmp?.type === 11 && !p.final)).toBe(true);
    expect(probes.slice(6).every((p) => p.icmp?.type === 3 && p.icmp.code === 3 && p.final && !p.mark)).toBe(true);
    expect(t.path).toEqual(['10.244.1.1', '10.244.2.0', '10.244.2.2']);
    expect(t.note).toMatch(/one at a time/);
  });

  it('sends 60-byte datagrams with DF clear (IP_PMTUDISC_DONT)', () => {
    const send = trace(twoNodes()).hops.find((h) => h.kind === 'send')!;
    const ip = send.headers.find((h) => h.kind === 'ipv4') as { df: boolean; ttl: number };
    expect(ip).toMatchObject({ df: false, ttl: 1 });
    expect(send.headers.find((h) => h.kind === 'udp')).toMatchObject({ dstPort: TRACEROUTE_BASE_PORT });
    expect(trace(twoNodes()).sent).toMatchObject({ size: 32, df: false, dport: 33434, protocol: 'traceroute' });
  });

  it('inside the VXLAN tunnel only the inner TTL counts: the outer header leaves with its own TTL 64', () => {
    const t = trace(twoNodes());
    const wire = t.hops.find((h) => h.kind === 'wire' && h.dir === 'request' && h.headers.filter((x) => x.kind === 'ipv4').length === 2)!;
    const [outer, inner] = wire.headers.filter((x) => x.kind === 'ipv4') as unknown as { ttl: number }[];
    expect(outer.ttl).toBe(64);
    expect(inner.ttl).toBe(1); // the TTL-2 probe after node1's decrement: node2 answers, not the underlay
    // host-gw has no tunnel: the second hop is node2's own address on the underlay
    expect(trace(twoNodes({ mode: 'host-gw' })).path).toEqual(['10.244.1.1', '192.168.50.2', '10.244.2.2']);
  });

  it('round trips come from the lab clock: deterministic, positive, longer for farther hops', () => {
    const a = trace(twoNodes()).traceroute!;
    const b = trace(twoNodes()).traceroute!;
    expect(a.map((p) => p.rtt)).toEqual(b.map((p) => p.rtt));
    expect(a.every((p) => (p.rtt ?? 0) > 0)).toBe(true);
    expect(a[3].rtt!).toBeGreaterThan(a[1].rtt!);
    expect(a[6].rtt!).toBeGreaterThan(a[4].rtt!);
  });

  it('a pod that listens on a probe port answers with a UDP datagram: final, no flag', () => {
    const probes = trace(podWith(TRACEROUTE_BASE_PORT + 7)).traceroute!;
    expect(probes.slice(6).map((p) => [p.port, p.icmp?.code ?? 'udp', p.final])).toEqual([
      [33440, 3, true],
      [33441, 'udp', true],
      [33442, 3, true],
    ]);
  });

  it('no route on the gateway: !N on every probe of the first TTL, and traceroute stops there', () => {
    const t = trace(twoNodes(), { to: '10.244.9.9' });
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'NET_UNREACHABLE', icmp: { type: 3, code: 0, from: '10.244.1.1' } });
    expect(t.traceroute!.map((p) => p.mark)).toEqual(['!N', '!N', '!N']);
  });

  it('TTL is checked before the FORWARD hook: a FORWARD drop on node2 still lets node2 answer TTL 2, then * to the maximum', () => {
    const t = trace(twoNodes({ faults: '[{ type: block, node: node2, protocol: udp, chain: FORWARD }]' }), { ttl: 5 });
    expect(t.verdict).toBe('dropped');
    expect(t.traceroute!.map((p) => p.from)).toEqual([...Array(3).fill('10.244.1.1'), ...Array(3).fill('10.244.2.0'), ...Array(9).fill(null)]);
    // each silent probe waits traceroute's 5 s (-w 5), one after another here
    expect(t.elapsed).toBeGreaterThanOrEqual(9 * 5000);
  });
});
