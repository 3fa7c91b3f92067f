import { describe, expect, it } from 'vitest';
import { runProbe } from '../lab';
import { dnsLab } from '../cli/dns-test-helpers';

const lookup = (lab: ReturnType<typeof dnsLab>, from: string, to: string, qtype?: 'A' | 'AAAA' | 'PTR') =>
  runProbe(lab, { from, to, protocol: 'dns', ...(qtype ? { qtype } : {}) }).trace.lookup!;

describe('lookupName reads /etc/hosts before DNS (glibc `hosts: files dns`, musl name_from_hosts)', () => {
  const lab = dnsLab();

  it("a pod's own hostname: no query, the hosts line's canonical name and aliases", () => {
    expect(lookup(lab, 'prod/web-0', 'web-0')).toMatchObject({
      source: 'files',
      queries: [],
      addresses: ['10.244.1.4'],
      canonical: 'web-0.web-hl.prod.svc.cluster.local',
      aliases: ['web-0'],
      elapsed: 0,
    });
    expect(lookup(lab, 'alpine', 'alpine')).toMatchObject({ source: 'files', addresses: ['10.244.1.3'] });
  });

  it('localhost: both families from the file (IPv6 kept apart); AAAA alone finds ::1 only', () => {
    expect(lookup(lab, 'client', 'localhost')).toMatchObject({ addresses: ['127.0.0.1'], addresses6: ['::1'] });
    expect(lookup(lab, 'client', 'localhost', 'AAAA')).toMatchObject({ addresses: [], addresses6: ['::1'], aliases: ['ip6-localhost', 'ip6-loopback'] });
    expect(lookup(lab, 'node1', 'localhost')).toMatchObject({ source: 'files', addresses: ['127.0.0.1'] });
  });

  it("another pod's name is not in the file: DNS, which has no pod names", () => {
    const l = lookup(lab, 'client', 'web-0');
    expect(l.source).toBeUndefined();
    expect(l).toMatchObject({ addresses: [], error: 'EAI_NONAME' });
  });

  it('DNS answers carry the canonical name: the search hit, or the CNAME target with the alias', () => {
    expect(lookup(lab, 'client', 'web.prod')).toMatchObject({ canonical: 'web.prod.svc.cluster.local', aliases: [] });
    expect(lookup(lab, 'client', 'ext')).toMatchObject({ canonical: 'example.com', aliases: ['ext.default.svc.cluster.local'], addresses: ['203.0.113.10'] });
  });

  it('PTR lookups never read the hosts file', () => {
    expect(lookup(lab, 'client', '2.1.244.10.in-addr.arpa.', 'PTR').queries).toHaveLength(1);
  });
});
