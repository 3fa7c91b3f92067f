import { describe, expect, it } from 'vitest';
import { cidrContains, intToIp, ipToInt, isIpv4, nthAddress, parseCidr, subnetAt } from './ipv4';
import { macFor, isMac } from './mac';
import { VXLAN_OVERHEAD, stackSize } from './headers';

describe('ipv4', () => {
  it('round-trips addresses through integers', () => {
    expect(intToIp(ipToInt('10.244.2.7'))).toBe('10.244.2.7');
    expect(ipToInt('255.255.255.255')).toBe(0xffffffff);
  });
  it('rejects malformed addresses', () => {
    for (const bad of ['10.244.1', '10.244.1.256', '01.2.3.4', 'a.b.c.d', '1.2.3.4.5']) expect(isIpv4(bad)).toBe(false);
  });
  it('clears host bits like ip route does', () => {
    expect(parseCidr('10.244.1.7/24')).toEqual({ net: '10.244.1.0', prefix: 24 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ net: '0.0.0.0', prefix: 0 });
  });
  it('tests containment', () => {
    expect(cidrContains(parseCidr('10.244.0.0/16'), '10.244.2.7')).toBe(true);
    expect(cidrContains(parseCidr('10.244.1.0/24'), '10.244.2.7')).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0'), '203.0.113.10')).toBe(true);
  });
  it('splits a network into node subnets', () => {
    expect(subnetAt(parseCidr('10.244.0.0/16'), 24, 2)).toEqual({ net: '10.244.2.0', prefix: 24 });
    expect(() => subnetAt(parseCidr('10.244.0.0/16'), 24, 256)).toThrow(/only 256/);
    expect(nthAddress(parseCidr('10.244.2.0/24'), 1)).toBe('10.244.2.1');
  });
});

describe('mac and headers', () => {
  it('derives stable locally administered MACs', () => {
    const m = macFor('node1/flannel.1');
    expect(isMac(m)).toBe(true);
    expect(m).toBe(macFor('node1/flannel.1'));
    expect(parseInt(m.slice(0, 2), 16) & 0x03).toBe(0x02);
  });
  it('VXLAN costs 50 bytes of MTU: outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14 (REFERENCE §1.1)', () => {
    expect(VXLAN_OVERHEAD).toBe(50);
    expect(
      stackSize([
        { kind: 'udp', srcPort: 1, dstPort: 8472 },
        { kind: 'vxlan', vni: 1 },
        { kind: 'eth', src: '', dst: '' },
      ]),
    ).toBe(30);
  });
});
