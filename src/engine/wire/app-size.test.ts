import { describe, expect, it } from 'vitest';
import type { DnsRecord } from './app-data';
import { appBytes, dnsMessageBytes } from './app-size';

const soa: DnsRecord = { name: 'cluster.local.', ttl: 30, type: 'SOA', data: 'ns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30' };
const a = (name: string, ip: string): DnsRecord => ({ name, ttl: 30, type: 'A', data: ip });

describe('DNS message sizes (RFC 1035; CoreDNS writes uncompressed — /work/notes/dns.md §5 worked numbers)', () => {
  it('glibc queries and CoreDNS replies, no EDNS', () => {
    const q = 'my-svc.default.svc.cluster.local.';
    expect(dnsMessageBytes(q, [])).toBe(50);
    expect(dnsMessageBytes(q, [a(q, '10.96.45.12')])).toBe(98);
    expect(dnsMessageBytes(q, [soa])).toBe(143);
    const k = 'kubernetes.default.svc.cluster.local.';
    expect(dnsMessageBytes(k, [])).toBe(54);
    expect(dnsMessageBytes(k, [a(k, '10.96.0.1')])).toBe(106);
  });

  it("dig's 23-byte OPT (11 + COOKIE 12) on the query and echoed on the reply", () => {
    const k = 'kubernetes.default.svc.cluster.local.';
    expect(dnsMessageBytes(k, [], 23)).toBe(77);
    expect(dnsMessageBytes(k, [a(k, '10.96.0.1')], 23)).toBe(129);
    expect(dnsMessageBytes(k, [soa], 23)).toBe(170);
    expect(dnsMessageBytes('nosuch.default.svc.cluster.local.', [soa], 23)).toBe(166);
    expect(dnsMessageBytes('google.com.', [], 23)).toBe(51);
    expect(dnsMessageBytes('google.com.', [a('google.com.', '142.250.185.78')], 23)).toBe(77);
    const srv = '_http._tcp.my-svc.default.svc.cluster.local.';
    const target = 'my-svc.default.svc.cluster.local.';
    expect(dnsMessageBytes(srv, [{ name: srv, ttl: 30, type: 'SRV', data: `0 100 80 ${target}` }, a(target, '10.96.45.12')], 23)).toBe(227);
  });

  it('only the outside resolver compresses (a repeated name becomes a 2-byte pointer)', () => {
    const base = { app: 'dns-response' as const, id: 1, name: 'example.com.', qtype: 'A' as const, rcode: 'NOERROR' as const, aa: false, authority: [] };
    const answers = [a('example.com.', '203.0.113.10')];
    expect(appBytes({ ...base, answers, via: 'upstream' })).toBe(12 + 17 + 2 + 14);
    expect(appBytes({ ...base, answers, via: 'forward' })).toBe(12 + 17 + 13 + 14);
  });
});
