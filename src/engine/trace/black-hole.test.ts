import { describe, expect, it } from 'vitest';
import { runProbe, type Lab } from '../lab';
import type { ProbeSpec } from '../model/scenario-schema';
import { validateScenario } from '../model/scenario';
import { MAX_PROBE_PAYLOAD } from '../model/shapes';
import { parseIcmpType } from '../tables/iptables-parse';
import { iptablesSave } from '../cli/iptables';
import { twoNodes } from './test-helpers';
import { retransmissions } from './tcp';

const FILTER = '[{ type: block, node: node1, protocol: icmp, icmpType: fragmentation-needed, chain: OUTPUT }]';
const send = (l: Lab, p: Partial<ProbeSpec>) => runProbe(l, { from: 'pod-a', to: 'pod-c:8080', protocol: 'tcp', ...p } as ProbeSpec).trace;

describe('-m icmp --icmp-type (libxt_icmp)', () => {
  it('reads names and TYPE[/CODE] as iptables does', () => {
    expect(parseIcmpType('fragmentation-needed')).toEqual({ icmpType: 3, code: 4 });
    expect(parseIcmpType('3/4')).toEqual({ icmpType: 3, code: 4 });
    expect(parseIcmpType('destination-unreachable')).toEqual({ icmpType: 3 });
    expect(parseIcmpType('any')).toEqual({ icmpType: 255 });
    expect(parseIcmpType('echo-request')).toEqual({ icmpType: 8 });
    expect(parseIcmpType('3/256')).toBeUndefined();
    expect(parseIcmpType('nonsense')).toBeUndefined();
  });

  it('the block fault writes the rule iptables-save prints back (type/code)', () => {
    const l = twoNodes({ podMTU: 1500, faults: FILTER });
    expect(l.faults[0]).toMatchObject({ applied: true });
    expect(iptablesSave(l.cluster.netns.node1.netfilter, 'filter')).toContain('-A OUTPUT -p icmp -m icmp --icmp-type 3/4 -j DROP');
    const tcp = twoNodes({ faults: '[{ type: block, node: node1, protocol: tcp, icmpType: 3/4, chain: OUTPUT }]' });
    expect(tcp.faults[0]).toMatchObject({ applied: false, error: expect.stringContaining('unknown option "--icmp-type"') });
  });

  it('matches only its type and code: frag-needed is dropped, time exceeded still leaves node1', () => {
    const l = twoNodes({ podMTU: 1500, faults: FILTER });
    const ping = runProbe(l, { from: 'pod-a', to: 'pod-c', protocol: 'icmp', size: 1472, df: true, timeout: 2 }).trace;
    expect(ping).toMatchObject({ verdict: 'dropped', reason: 'TIMEOUT' });
    expect(ping.hops.some((h) => h.kind === 'drop' && /--icmp-type 3\/4/.test(h.note))).toBe(true);
    // traceroute's 60-byte probes get time exceeded (type 11) from node1 as before
    expect(runProbe(l, { from: 'pod-a', to: 'pod-c', protocol: 'traceroute' }).trace.path).toEqual(['10.244.1.1', '10.244.2.0', '10.244.2.2']);
  });
});

describe('the PMTU black hole (RFC 2923 §2.1)', () => {
  it('small TCP completes; full-size segments hang after the handshake: PMTUD_BLACK_HOLE, and the note names the limit and the rule', () => {
    const l = twoNodes({ podMTU: 1500, faults: FILTER });
    expect(send(l, { size: 100 })).toMatchObject({ verdict: 'delivered' });
    const t = send(l, { size: 4000 });
    expect(t).toMatchObject({ verdict: 'dropped', reason: 'PMTUD_BLACK_HOLE', elapsed: 10000 });
    expect(t.note).toMatch(/handshake completed/);
    expect(t.note).toMatch(/1500 bytes with DF do not fit flannel\.1 mtu 1450/);
    expect(t.note).toMatch(/-A OUTPUT -p icmp -m icmp --icmp-type 3\/4 -j DROP/);
    expect(t.note).toMatch(/retransmitted it 5 times/);
    expect(t.hops.some((h) => h.kind === 'deliver' && /SYN,ACK/.test(h.note))).toBe(true);
  });

  it('without the filter PMTUD rescues the same transfer; a too-small underlay with no ICMP at all stays FRAME_TOO_BIG', () => {
    expect(send(twoNodes({ podMTU: 1500 }), { size: 4000 })).toMatchObject({ verdict: 'delivered' });
    const mismatch = send(twoNodes({ mode: 'host-gw', mtu2: 1400 }), { size: 4000 });
    expect(mismatch.reason).not.toBe('PMTUD_BLACK_HOLE');
  });

  it('retransmissions: RTO 200 ms doubling (200, 600, 1400, 3000, 6200 …)', () => {
    expect(retransmissions(1000)).toBe(2);
    expect(retransmissions(10000)).toBe(5);
    expect(retransmissions(200)).toBe(0);
  });
});

describe('MAX_PROBE_PAYLOAD', () => {
  const probe = (size: number) =>
    validateScenario({
      apiVersion: 'podpath/v1',
      kind: 'Scenario',
      metadata: { name: 'x' },
      cluster: { nodes: [{ name: 'n1', ip: '192.168.1.10' }], pods: [{ name: 'a', node: 'n1' }] },
      probes: [{ from: 'a', to: 'a', protocol: 'icmp', size }],
    }).ok;
  it('is 65535 − 20 − 8 and bounds the schema', () => {
    expect(MAX_PROBE_PAYLOAD).toBe(65507);
    expect(probe(MAX_PROBE_PAYLOAD)).toBe(true);
    expect(probe(MAX_PROBE_PAYLOAD + 1)).toBe(false);
  });
});
