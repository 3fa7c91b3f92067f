import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { dnsLab } from './dns-test-helpers';

const RA = ';; Got recursion not available from 10.96.0.10';
const HEADER = ['Server:\t\t10.96.0.10', 'Address:\t10.96.0.10#53', ''];

describe('nslookup (bind9 9.18, the dnsutils image)', () => {
  const lab = dnsLab();

  it('searches the list, prints the A answer, then asks AAAA; CoreDNS never sets RA (check_ra)', () => {
    const r = runCommand(lab, 'client', 'nslookup kubernetes');
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe([RA, ...HEADER, 'Name:\tkubernetes.default.svc.cluster.local', 'Address: 10.96.0.1', RA, ''].join('\n'));
    expect(r.traces.map((t) => `${t.dns![0].name} ${t.dns![0].type} ${t.dns![0].rcode}`)).toEqual([
      'kubernetes.default.svc.cluster.local A NOERROR',
      'kubernetes.default.svc.cluster.local AAAA NOERROR',
    ]);
  });

  it('a pod in default finds web.prod after one NXDOMAIN (not printed, but its RA comment is)', () => {
    expect(runCommand(lab, 'client', 'nslookup web.prod').output).toBe(
      [RA, RA, ...HEADER, 'Name:\tweb.prod.svc.cluster.local', 'Address: 10.96.100.10', RA, ''].join('\n'),
    );
  });

  it('NXDOMAIN everywhere: the last name tried (as-is), exit 1', () => {
    const r = runCommand(lab, 'client', 'nslookup nosuch');
    expect(r.exitCode).toBe(1);
    expect(r.output.split('\n').slice(-4)).toEqual([...HEADER, "** server can't find nosuch: NXDOMAIN", ''].slice(-4));
    expect(r.output).toContain("Address:\t10.96.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n");
  });

  it('an outside name: forwarded with RA, so no comment for it, and "Non-authoritative answer:"', () => {
    const out = runCommand(lab, 'client', 'nslookup example.com').output;
    expect(out.split('\n').slice(-5)).toEqual(['', 'Non-authoritative answer:', 'Name:\texample.com', 'Address: 203.0.113.10', '']);
  });

  it('an address: the PTR, no Server header', () => {
    expect(runCommand(lab, 'client', 'nslookup 10.96.0.10').output).toBe(
      [RA, '10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local.', ''].join('\n'),
    );
  });

  it('with a SERVER argument: no RA check', () => {
    expect(runCommand(lab, 'client', 'nslookup web.prod 10.96.0.10').output).toBe(
      [...HEADER, 'Name:\tweb.prod.svc.cluster.local', 'Address: 10.96.100.10', ''].join('\n'),
    );
  });

  it('ExternalName: the CNAME line, then the target address', () => {
    expect(runCommand(lab, 'client', 'nslookup ext').output).toBe(
      [RA, ...HEADER, 'ext.default.svc.cluster.local\tcanonical name = example.com.', 'Name:\texample.com', 'Address: 203.0.113.10', ''].join('\n'),
    );
  });

  it('-type=srv: service = priority weight port target', () => {
    expect(runCommand(lab, 'client', 'nslookup -type=srv _http._tcp.web.prod').output.split('\n').slice(-2)).toEqual([
      '_http._tcp.web.prod.svc.cluster.local\tservice = 0 100 80 web.prod.svc.cluster.local.',
      '',
    ]);
  });

  it('a name with no address (a namespace: NODATA for A and AAAA): "*** Can\'t find …: No answer"', () => {
    const out = runCommand(lab, 'client', 'nslookup prod.svc.cluster.local').output;
    expect(out).toContain(`Address:\t10.96.0.10#53\n\n${RA}\n*** Can't find prod.svc.cluster.local: No answer\n`);
  });

  it('CoreDNS scaled to 0: three refused tries, no servers, exit 1', () => {
    const r = runCommand(dnsLab('[{ type: coredns-scale, replicas: 0 }]'), 'client', 'nslookup web.prod');
    expect(r).toMatchObject({ exitCode: 1 });
    expect(r.output).toBe([...Array(3).fill(';; communications error to 10.96.0.10#53: connection refused'), ';; no servers could be reached', ''].join('\n'));
  });

  it('interactive mode and server names are not modelled', () => {
    expect(runCommand(lab, 'client', 'nslookup').exitCode).toBe(127);
    expect(runCommand(lab, 'client', 'nslookup web kube-dns').exitCode).toBe(127);
  });
});
