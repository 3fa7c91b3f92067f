import { describe, expect, it } from 'vitest';
import { dnsLab } from '../cli/dns-test-helpers';
import { runDnsQuery } from './dig-query';

const client = (lab: ReturnType<typeof dnsLab>) => lab.cluster.pods.find((p) => p.name === 'client')!.netns;
const spec = { server: '10.96.0.10', timeoutMs: 5000, tries: 3, edns: 23 } as const;

describe('runDnsQuery: one question to one server, tries as bind9 dighost does them', () => {
  it('an answer: the whole message (sections, AA, RA), its size with the echoed OPT, one walked try', () => {
    const lab = dnsLab();
    const r = runDnsQuery(lab, client(lab), { ...spec, name: '_http._tcp.web.prod.svc.cluster.local.', qtype: 'SRV' });
    expect(r.result.tries).toHaveLength(1);
    expect(r.result.answer).toMatchObject({ rcode: 'NOERROR', aa: true, ra: false, via: 'kubernetes' });
    expect(r.result.answer!.additional).toEqual([{ name: 'web.prod.svc.cluster.local.', ttl: 30, type: 'A', data: '10.96.100.10' }]);
    expect(r.result.bytes).toBe(203);
    expect(r.trace).toMatchObject({ verdict: 'delivered', reason: 'DELIVERED' });
    // the reply's UDP payload on the wire is the size dig reports
    const back = r.result.answer!.hops.filter((h) => h.dir === 'reply').at(-1)!;
    expect(back.headers.find((h) => h.kind === 'payload')).toEqual({ kind: 'payload', bytes: 203 });
  });

  it("CoreDNS's cache keeps the whole message: the additional section and the RA of what it stored", () => {
    let lab = dnsLab('[{ type: coredns-scale, replicas: 1 }]');
    const q = { ...spec, name: '_http._tcp.web.prod.svc.cluster.local.', qtype: 'SRV' as const };
    lab = runDnsQuery(lab, client(lab), q).lab;
    const hit = runDnsQuery(lab, client(lab), q).result.answer!;
    expect(hit).toMatchObject({ via: 'cache', aa: true, ra: false });
    expect(hit.additional).toHaveLength(1);
    const ext = { ...spec, name: 'example.com.', qtype: 'A' as const };
    const first = runDnsQuery(lab, client(lab), ext);
    expect(first.result.answer).toMatchObject({ via: 'forward', aa: false, ra: true });
    expect(runDnsQuery(first.lab, client(lab), ext).result.answer).toMatchObject({ via: 'cache', aa: true, ra: true });
  });

  it('refused (kube-proxy REJECT, CoreDNS scaled to 0): every try fails at once with "connection refused"', () => {
    const lab = dnsLab('[{ type: coredns-scale, replicas: 0 }]');
    const r = runDnsQuery(lab, client(lab), { ...spec, name: 'web.prod.svc.cluster.local.', qtype: 'A' });
    expect(r.result.failures).toEqual(['connection refused', 'connection refused', 'connection refused']);
    expect(r.result.answer).toBeUndefined();
    expect(r.trace).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE', icmp: { type: 3, code: 3 } });
    expect(r.result.elapsed).toBeLessThan(10);
  });

  it('silence: each try waits its timeout, new source port each time', () => {
    const lab = dnsLab('[{ type: upstream-dns-down }]');
    const node = lab.cluster.nodes[0].netns;
    const r = runDnsQuery(lab, node, { ...spec, server: '192.168.1.1', name: 'example.com.', qtype: 'A', tries: 2 });
    expect(r.result.failures).toEqual(['timed out', 'timed out']);
    expect(r.result.elapsed).toBe(10000);
    expect(new Set(r.result.tries.map((t) => t.sport)).size).toBe(2);
    expect(r.lab.kernel.now).toBe(10000);
  });

  it('ExternalName inside the zone: the plugin answers the target itself, no forward; a missing target is NODATA', () => {
    const lab = dnsLab();
    const alias = runDnsQuery(lab, client(lab), { ...spec, name: 'alias.default.svc.cluster.local.', qtype: 'A' }).result.answer!;
    expect(alias.answers.map((r) => `${r.type} ${r.data}`)).toEqual(['CNAME web.prod.svc.cluster.local.', 'A 10.96.100.10']);
    expect(alias.hops.some((h) => h.note.startsWith('CoreDNS forwards'))).toBe(false);
    const ghost = runDnsQuery(lab, client(lab), { ...spec, name: 'ghost.default.svc.cluster.local.', qtype: 'A' }).result.answer!;
    expect(ghost).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [{ type: 'SOA', name: 'cluster.local.' }] });
    const cname = runDnsQuery(lab, client(lab), { ...spec, name: 'ext.default.svc.cluster.local.', qtype: 'CNAME' }).result.answer!;
    expect(cname.answers.map((r) => r.type)).toEqual(['CNAME']);
    expect(cname.hops.some((h) => h.note.startsWith('CoreDNS forwards'))).toBe(false);
  });
});
