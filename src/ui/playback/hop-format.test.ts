import '../test-engine';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createLab, runProbe } from '../../engine';
import { labFromText } from '../../engine/io';
import { decisiveHop, innerStart, tunnelName, verdictSummary, wrapDepth } from './hop-format';
import type { Header } from '../../engine';

const base = () => {
  const r = labFromText(readFileSync('public/scenarios/flannel-vxlan.yaml', 'utf8'));
  if (!r.ok) throw new Error('bad sample');
  return r.lab;
};

describe('hop words', () => {
  it('sees the VXLAN wrap after encapsulation, and only there', () => {
    const { trace } = runProbe(base(), { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 });
    const encap = trace.hops.find((h) => h.kind === 'encap')!;
    expect(wrapDepth(encap.headers)).toBe(1);
    expect(encap.headers[innerStart(encap.headers)].kind).toBe('eth');
    expect(wrapDepth(trace.hops[0].headers)).toBe(0);
  });

  it('does not mistake an ICMP error quoting the original header for a tunnel; names where it was decided', () => {
    const l = base();
    const r = createLab({ ...l.scenario, cluster: { ...l.scenario.cluster, podMTU: 1500 } });
    if (!r.ok) throw new Error('bad edit');
    const { trace } = runProbe(r.lab, { from: 'client', to: 'web-1', protocol: 'icmp', size: 1472, df: true });
    expect(trace.hops.every((h) => wrapDepth(h.headers) === 0)).toBe(true);
    expect(decisiveHop(trace)?.node).toBe('node1');
    const v = verdictSummary(trace);
    expect(v).toMatchObject({ verdict: 'rejected', reason: 'FRAG_NEEDED' });
    expect(v.detail).toMatch(/at node1.*mtu 1450/);
  });
});

describe('tunnel wraps of every encapsulation', () => {
  const eth = { kind: 'eth', src: 'a', dst: 'b', type: 0x800, bytes: 14 } as unknown as Header;
  const ip = { kind: 'ipv4', src: '1.1.1.1', dst: '2.2.2.2', ttl: 64, proto: 1, bytes: 20 } as unknown as Header;
  const udp = { kind: 'udp', sport: 1, dport: 2, bytes: 8 } as unknown as Header;
  const icmp = { kind: 'icmp', type: 8, code: 0, bytes: 8 } as unknown as Header;
  it.each([
    ['VXLAN', [eth, ip, udp, { kind: 'vxlan', vni: 1 }, eth, ip, icmp], 4],
    ['Geneve', [eth, ip, udp, { kind: 'geneve', vni: 2 }, eth, ip, icmp], 4],
    ['WireGuard', [eth, ip, udp, { kind: 'wireguard', receiver: 1, counter: 0 }, { kind: 'encrypted', bytes: 84, what: 'inner' }], 4],
    ['IP-in-IP', [eth, ip, ip, icmp], 2],
  ])('%s', (name, headers, inner) => {
    const hs = headers as readonly Header[];
    expect(tunnelName(hs)).toBe(name);
    expect(wrapDepth(hs)).toBe(1);
    expect(innerStart(hs)).toBe(inner);
  });
  it('no tunnel: nothing wraps', () => {
    expect(tunnelName([eth, ip, icmp])).toBeNull();
    expect(wrapDepth([eth, ip, icmp])).toBe(0);
  });
});
