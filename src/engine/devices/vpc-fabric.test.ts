import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VpcFabric } from '../model/datapath';
import type { ConntrackEntry } from '../model/kernel-state';
import { makePkt, type Pkt } from '../wire/packet';
import { denies, securityGroupDenial } from './vpc-fabric';

const tcp = (dport: number): Pkt =>
  makePkt(
    { src: '10.0.0.4', dst: '10.0.0.7', ttl: 63, df: true, proto: 'tcp', id: 1 },
    { kind: 'tcp', srcPort: 40000, dstPort: dport, flags: ['SYN'], seq: 0, ack: 0, window: 64240 } as never,
    0,
  );
const icmp = makePkt(
  { src: '10.0.0.4', dst: '10.0.0.7', ttl: 63, df: false, proto: 'icmp', id: 1 },
  { kind: 'icmp', type: 8, code: 0, id: 1, seq: 1 } as never,
  56,
);
const fabric = (denials: VpcFabric['denials']): VpcFabric => ({ router: '10.0.0.1', owners: {}, denials });

describe('security group denials', () => {
  it('match protocol, and the destination port for tcp/udp', () => {
    expect(denies({ protocol: 'tcp', port: 8080 }, tcp(8080))).toBe(true);
    expect(denies({ protocol: 'tcp', port: 8080 }, tcp(80))).toBe(false);
    expect(denies({ protocol: 'tcp' }, tcp(80))).toBe(true);
    expect(denies({ protocol: 'icmp' }, tcp(80))).toBe(false);
    expect(denies({ protocol: 'all' }, icmp)).toBe(true);
  });
  it('apply to the named node only, or to every node', () => {
    expect(securityGroupDenial(fabric([{ node: 'node2', protocol: 'icmp' }]), 'node1', icmp)).toBeUndefined();
    expect(securityGroupDenial(fabric([{ node: 'node2', protocol: 'icmp' }]), 'node2', icmp)).toBeDefined();
    expect(securityGroupDenial(fabric([{ protocol: 'icmp' }]), 'node1', icmp)).toBeDefined();
  });
  it('are stateful: a packet its sender tracks as a reply or as related passes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('icmp', 'tcp', 'udp', 'all') as fc.Arbitrary<'icmp' | 'tcp' | 'udp' | 'all'>,
        fc.constantFrom('reply', 'orig'),
        fc.boolean(),
        (p, dir, related) => {
          const pkt: Pkt = { ...icmp, ct: { ns: 'node1', entry: {} as ConntrackEntry, dir: dir as 'reply' | 'orig', confirmed: true, related } };
          const hit = securityGroupDenial(fabric([{ protocol: p }]), 'node2', pkt);
          if (dir === 'reply' || related) expect(hit).toBeUndefined();
          else expect(hit !== undefined).toBe(p === 'icmp' || p === 'all');
        },
      ),
    );
  });
});
