import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { dnsLab } from './dns-test-helpers';

describe('getent hosts / ahosts (glibc nss/getent.c, NSS files then dns)', () => {
  const lab = dnsLab();

  it('hosts: AAAA first over the whole search list, then A; "%-15s %s"', () => {
    const r = runCommand(lab, 'client', 'getent hosts web.prod');
    expect(r).toMatchObject({ exitCode: 0, output: '10.96.100.10    web.prod.svc.cluster.local' });
    const [v6, v4] = r.traces.map((t) => t.dns!.map((q) => `${q.name} ${q.type} ${q.rcode}`));
    expect(v6).toEqual([
      'web.prod.default.svc.cluster.local AAAA NXDOMAIN',
      'web.prod.svc.cluster.local AAAA NOERROR',
      'web.prod.cluster.local AAAA NXDOMAIN',
      'web.prod AAAA NXDOMAIN',
    ]);
    expect(v4).toEqual(['web.prod.default.svc.cluster.local A NXDOMAIN', 'web.prod.svc.cluster.local A NOERROR']);
  });

  it('hosts: a headless Service gives one line per ready endpoint; ExternalName lists the alias', () => {
    expect(runCommand(lab, 'client', 'getent hosts web-hl.prod').output).toBe(
      '10.244.1.4      web-hl.prod.svc.cluster.local\n10.244.2.2      web-hl.prod.svc.cluster.local',
    );
    expect(runCommand(lab, 'client', 'getent hosts ext').output).toBe('203.0.113.10    example.com ext.default.svc.cluster.local');
  });

  it("hosts: the pod's own name and localhost come from /etc/hosts without a query", () => {
    const own = runCommand(lab, 'prod/web-0', 'getent hosts web-0');
    expect(own.output).toBe('10.244.1.4      web-0.web-hl.prod.svc.cluster.local web-0');
    expect(own.traces[own.traces.length - 1].lookup).toMatchObject({ source: 'files', queries: [] });
    expect(runCommand(lab, 'client', 'getent hosts localhost').output).toBe('::1             localhost ip6-localhost ip6-loopback');
  });

  it('hosts: an address is looked up backwards (PTR)', () => {
    expect(runCommand(lab, 'client', 'getent hosts 10.96.100.10').output).toBe('10.96.100.10    web.prod.svc.cluster.local');
    expect(runCommand(lab, 'client', 'getent hosts 10.244.1.2').output).toBe('10.244.1.2      client');
  });

  it('another pod’s name does not resolve: nothing printed, exit 2', () => {
    expect(runCommand(lab, 'client', 'getent hosts web-1')).toMatchObject({ output: '', exitCode: 2 });
  });

  it('ahosts: STREAM, DGRAM, RAW per address, the canonical name on the first line only (trailing spaces kept)', () => {
    expect(runCommand(lab, 'client', 'getent ahosts web.prod').output).toBe(
      ['10.96.100.10    STREAM web.prod.svc.cluster.local', '10.96.100.10    DGRAM  ', '10.96.100.10    RAW    '].join('\n'),
    );
    expect(runCommand(lab, 'client', 'getent ahostsv4 nosuch')).toMatchObject({ output: '', exitCode: 2 });
  });

  it('CoreDNS scaled to 0: the refused lookup prints nothing, exit 2', () => {
    expect(runCommand(dnsLab('[{ type: coredns-scale, replicas: 0 }]'), 'client', 'getent ahosts web.prod')).toMatchObject({ output: '', exitCode: 2 });
  });

  it('an unknown option is a usage error (argp, exit 64), not a name looked up', () => {
    expect(runCommand(lab, 'client', 'getent hosts --timeout')).toMatchObject({
      output: "getent: unrecognized option '--timeout'\nTry `getent --help' or `getent --usage' for more information.",
      exitCode: 64,
    });
    expect(runCommand(lab, 'client', 'getent hosts web.prod -c').output).toMatch(/^getent: invalid option -- 'c'/);
  });

  it('musl images have another getent: not modelled', () => {
    expect(runCommand(lab, 'alpine', 'getent hosts web.prod').exitCode).toBe(127);
    expect(runCommand(lab, 'client', 'getent passwd').exitCode).toBe(127);
  });
});
