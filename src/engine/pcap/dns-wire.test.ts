import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dnsQueryBytes, dnsResponseBytes } from './dns-wire';
import { dnsMessageBytes } from '../wire/app-size';
import type { DnsRecord, DnsResponseData } from '../wire/app-data';

const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => `${ls.join('.')}.`);
const record: fc.Arbitrary<DnsRecord> = fc.oneof(
  fc.record({ name, ttl: fc.nat(86400), type: fc.constant('A' as const), data: fc.ipV4() }),
  fc.record({ name, ttl: fc.nat(86400), type: fc.constant('CNAME' as const), data: name }),
  fc.record({ name, ttl: fc.nat(86400), type: fc.constant('PTR' as const), data: name }),
  fc.record({ name, ttl: fc.nat(86400), type: fc.constant('SRV' as const), data: name.map((n) => `0 100 80 ${n}`) }),
  fc.record({ name, ttl: fc.nat(86400), type: fc.constant('TXT' as const), data: label.map((t) => `"${t}"`) }),
  fc.record({ name, ttl: fc.nat(86400), type: fc.constant('AAAA' as const), data: fc.constant('fd00::1') }),
  fc.record({
    name,
    ttl: fc.nat(86400),
    type: fc.constant('SOA' as const),
    data: name.map((n) => `ns.dns.${n} hostmaster.${n} 1735689600 7200 1800 86400 30`),
  }),
);

function response(r: { name: string; answers: DnsRecord[]; authority: DnsRecord[]; via?: string; edns?: number }): DnsResponseData {
  return { app: 'dns-response', id: 0x1234, qtype: 'A', rcode: 'NOERROR', aa: true, additional: [], ...r };
}

describe('DNS wire format', () => {
  it('a stub query: id, RD only, one question, type and class IN', () => {
    const b = dnsQueryBytes({ app: 'dns-query', id: 0xbeef, name: 'web.prod.svc.cluster.local.', qtype: 'A' });
    expect([...b.slice(0, 12)]).toEqual([0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(b[12]).toBe(3); // "web"
    expect([...b.slice(-4)]).toEqual([0, 1, 0, 1]);
    expect(b.length).toBe(dnsMessageBytes('web.prod.svc.cluster.local.', []));
  });

  it('writes dig’s EDNS0 OPT with a COOKIE option as 23 bytes (11 + 12)', () => {
    const b = dnsQueryBytes({ app: 'dns-query', id: 1, name: 'a.', qtype: 'A', edns: 23 });
    expect(b.length).toBe(12 + 3 + 4 + 23);
    expect([...b.slice(19, 24)]).toEqual([0, 0, 41, 1232 >> 8, 1232 & 0xff]);
  });

  it('compresses only the outside resolver’s answers: the answer owner is a pointer to the question (0xc00c)', () => {
    const answers = [{ name: 'example.com.', ttl: 300, type: 'A' as const, data: '93.184.216.34' }];
    const plain = dnsResponseBytes(response({ name: 'example.com.', answers, authority: [] }));
    const packed = dnsResponseBytes(response({ name: 'example.com.', answers, authority: [], via: 'upstream' }));
    expect(plain.length - packed.length).toBe(13 - 2);
    const at = 12 + 13 + 4;
    expect([packed[at], packed[at + 1]]).toEqual([0xc0, 0x0c]);
  });

  it('property: every message is exactly as long as the engine sized it (wire/app-size.ts)', () => {
    fc.assert(
      fc.property(name, fc.array(record, { maxLength: 4 }), fc.array(record, { maxLength: 2 }), fc.boolean(), (q, an, ns, upstream) => {
        const d = response({ name: q, answers: an, authority: ns, ...(upstream ? { via: 'upstream' } : {}) });
        expect(dnsResponseBytes(d).length).toBe(dnsMessageBytes(q, [...an, ...ns], 0, upstream));
      }),
    );
  });
});
