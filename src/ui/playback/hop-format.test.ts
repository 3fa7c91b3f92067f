import '../test-engine';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createLab, runProbe } from '../../engine';
import { labFromText } from '../../engine/io';
import { decisiveHop, innerStart, verdictSummary, wrapDepth } from './hop-format';

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
