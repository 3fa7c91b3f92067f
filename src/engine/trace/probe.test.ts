import { describe, expect, it } from 'vitest';
import { runProbe } from '../lab';
import { dnsLab } from '../cli/dns-test-helpers';

describe('runProbe with toIsHostname (what a terminal tool was given)', () => {
  const lab = dnsLab();

  it('a pod name is a scenario reference by default, but a hostname for the resolver when the tool asks', () => {
    expect(runProbe(lab, { from: 'client', to: 'web-1', protocol: 'icmp' }).trace).toMatchObject({ verdict: 'delivered', target: { how: 'pod' } });
    const t = runProbe(lab, { from: 'client', to: 'web-1', protocol: 'icmp' }, { toIsHostname: true }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'NXDOMAIN', hops: [] });
    expect(t.lookup?.queries.length).toBeGreaterThan(0);
  });

  it('an address stays an address; the http request names the host as typed (Host header)', () => {
    expect(runProbe(lab, { from: 'client', to: '10.244.2.2:8080', protocol: 'tcp' }, { toIsHostname: true }).trace.verdict).toBe('delivered');
    const t = runProbe(lab, { from: 'client', to: 'web.prod:80', protocol: 'http' }, { toIsHostname: true }).trace;
    expect(t).toMatchObject({ verdict: 'delivered', target: { name: 'web.prod', ip: '10.96.100.10', how: 'dns' } });
    expect(t.sent?.size).toBe('GET / HTTP/1.1\r\nHost: web.prod\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\r\n'.length);
  });

  it('the own hostname resolves from /etc/hosts inside the probe', () => {
    const t = runProbe(lab, { from: 'prod/web-0', to: 'web-0:8080', protocol: 'http' }, { toIsHostname: true }).trace;
    expect(t).toMatchObject({ verdict: 'delivered', lookup: { source: 'files' } });
  });

  it('refuses what is no hostname', () => {
    expect(runProbe(lab, { from: 'client', to: 'prod/web-1', protocol: 'icmp' }, { toIsHostname: true }).trace).toMatchObject({ reason: 'BAD_ENDPOINT' });
  });
});
