/**
 * Which limit an MTU check is (issue 9 "honest labels"): a device's MTU, a route's `mtu`
 * attribute (Cilium's pod routes carry mtu 1450 while eth0 stays 1500), or a cached path MTU
 * learned from ICMP fragmentation-needed — the hop says which, never "eth0 mtu" for all three.
 */
import { describe, expect, it } from 'vitest';
import { runProbe } from '../lab-core';
import { mtuLimitText } from '../model/mtu-limit';
import { ciliumLab } from '../cni/cilium/test-helpers';

describe('MTU limits are named', () => {
  it('the texts', () => {
    expect(mtuLimitText({ device: 'eth0', mtu: 1450 })).toBe('eth0 mtu 1450');
    expect(mtuLimitText({ device: 'eth0', mtu: 1450, limit: 'route' })).toBe("the route's mtu 1450 (via eth0)");
    expect(mtuLimitText({ device: 'eth0', mtu: 1400, limit: 'pmtu' })).toBe('the cached path MTU 1400 (via eth0)');
  });

  it("a Cilium pod's route mtu is the route's limit, not eth0's", () => {
    const t = runProbe(ciliumLab(), { from: 'client', to: 'web-1', protocol: 'icmp', size: 1422, df: true }).trace;
    const route = t.hops.find((h) => h.kind === 'route' && h.netns === 'client')!;
    expect(route.mtu).toMatchObject({ device: 'eth0', mtu: 1450, limit: 'route' });
  });
});
