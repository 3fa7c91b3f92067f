import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { parseDigArgs } from './dig';
import { questionLine, rrLine, whenText } from './dns-format';
import { dnsLab, session, stable } from './dns-test-helpers';

describe('record and question columns (masterdump.c indent, dig style 24/32/40/48)', () => {
  it('matches the escapes bind9 prints (/work/notes/dns.md §4.1)', () => {
    expect(rrLine({ name: 'google.com.', ttl: 30, type: 'A', data: '142.250.185.78' })).toBe('google.com.\t\t30\tIN\tA\t142.250.185.78');
    expect(rrLine({ name: 'kubernetes.default.svc.cluster.local.', ttl: 30, type: 'A', data: '10.96.0.1' })).toBe(
      'kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1',
    );
    expect(rrLine({ name: 'my-svc.default.svc.cluster.local.', ttl: 30, type: 'A', data: '10.96.45.12' })).toBe(
      'my-svc.default.svc.cluster.local. 30 IN\tA\t10.96.45.12',
    );
    expect(rrLine({ name: '_http._tcp.my-svc.default.svc.cluster.local.', ttl: 30, type: 'SRV', data: '0 100 80 my-svc.default.svc.cluster.local.' })).toBe(
      '_http._tcp.my-svc.default.svc.cluster.local. 30\tIN SRV 0 100 80 my-svc.default.svc.cluster.local.',
    );
    expect(questionLine('google.com.', 'A')).toBe(';google.com.\t\t\tIN\tA');
    expect(questionLine('kubernetes.default.svc.cluster.local.', 'A')).toBe(';kubernetes.default.svc.cluster.local. IN A');
    expect(questionLine('my-svc.default.svc.cluster.local.', 'A')).toBe(';my-svc.default.svc.cluster.local. IN\tA');
  });

  it('prints WHEN from the lab clock in strftime "%a %b %d %H:%M:%S %Z %Y"', () => {
    expect(whenText(1735689600)).toBe('Wed Jan 01 00:00:00 UTC 2025');
    expect(whenText(1735689600 + 86400 * 40 + 3661)).toBe('Mon Feb 10 01:01:01 UTC 2025');
  });
});

describe('parseDigArgs', () => {
  it('reads @server, the type before or after the name, -x and + options', () => {
    expect(parseDigArgs(['@10.96.0.10', 'SRV', 'x.y'])).toMatchObject({ server: '10.96.0.10', qtype: 'SRV', name: 'x.y' });
    expect(parseDigArgs(['x.y', 'aaaa', '+short'])).toMatchObject({ qtype: 'AAAA', short: true, cmd: false, stats: false });
    expect(parseDigArgs(['-x', '10.96.0.10'])).toMatchObject({ name: '10.0.96.10.in-addr.arpa.', qtype: 'PTR' });
    expect(parseDigArgs(['+noall', '+answer', 'x'])).toMatchObject({ cmd: false, comments: false, question: false, answer: true, stats: false });
  });

  it('names what it does not model instead of guessing', () => {
    expect(parseDigArgs(['@kube-dns', 'x'])).toHaveProperty('notModelled');
    expect(parseDigArgs(['x', 'MX'])).toHaveProperty('notModelled');
    expect(parseDigArgs(['x', 'ANY'])).toHaveProperty('notModelled');
    expect(parseDigArgs(['-p', '5353', 'x'])).toHaveProperty('notModelled');
    expect(parseDigArgs(['+tcp', 'x'])).toHaveProperty('notModelled');
    expect(parseDigArgs([])).toHaveProperty('notModelled');
  });
});

describe('dig through the walk (bind9 9.18 layout, CoreDNS answers)', () => {
  const lab = dnsLab();

  it('A: the whole message as the notes show it, MSG SIZE 129 with the echoed OPT', () => {
    const r = runCommand(lab, 'client', 'dig kubernetes.default.svc.cluster.local');
    expect(r.exitCode).toBe(0);
    expect(stable(r.output)).toBe(
      [
        '',
        '; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> kubernetes.default.svc.cluster.local',
        ';; global options: +cmd',
        ';; Got answer:',
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID',
        ';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1',
        ';; WARNING: recursion requested but not available',
        '',
        ';; OPT PSEUDOSECTION:',
        '; EDNS: version: 0, flags:; udp: 1232',
        '; COOKIE: COOKIE (echoed)',
        ';; QUESTION SECTION:',
        ';kubernetes.default.svc.cluster.local. IN A',
        '',
        ';; ANSWER SECTION:',
        'kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1',
        '',
        ';; Query time: 0 msec',
        ';; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)',
        ';; WHEN: Wed Jan 01 00:00:00 UTC 2025',
        ';; MSG SIZE  rcvd: 129',
        '',
      ].join('\n'),
    );
    // one query, walked: 77 bytes on the wire (54 + the 23-byte OPT with its COOKIE)
    const q = r.traces[0].lookup!.queries[0];
    expect(q.hops[0].headers.find((h) => h.kind === 'payload')).toEqual({ kind: 'payload', bytes: 77 });
  });

  it('NXDOMAIN and NODATA carry the zone SOA in AUTHORITY (166 and 170 bytes)', () => {
    const nx = runCommand(lab, 'client', 'dig nosuch.default.svc.cluster.local').output;
    expect(nx).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN');
    expect(nx).toContain(
      ';; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30\n',
    );
    expect(nx).toContain(';; MSG SIZE  rcvd: 166');
    const nodata = runCommand(lab, 'client', 'dig AAAA kubernetes.default.svc.cluster.local').output;
    expect(nodata).toContain('status: NOERROR');
    expect(nodata).toContain('QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1');
    expect(nodata).toContain(';; MSG SIZE  rcvd: 170');
  });

  it('no search list by default: web.prod goes upstream as-is (NXDOMAIN, forwarded flags qr rd ra)', () => {
    const out = runCommand(lab, 'client', 'dig web.prod').output;
    expect(out).toContain('status: NXDOMAIN');
    expect(out).toContain(';; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1');
    expect(out).not.toContain('WARNING: recursion');
  });

  it('+search: a pod in default asking for web.prod finds web.prod.svc.cluster.local; the NXDOMAIN before is not printed', () => {
    const r = runCommand(lab, 'client', 'dig +search web.prod');
    expect(r.output).toContain(';web.prod.svc.cluster.local.\tIN\tA');
    expect(r.output).toContain('web.prod.svc.cluster.local. 30\tIN\tA\t10.96.100.10');
    expect(r.output.match(/Got answer/g)).toHaveLength(1);
    expect(r.traces.map((t) => t.dns![0])).toEqual([
      { name: 'web.prod.default.svc.cluster.local', type: 'A', rcode: 'NXDOMAIN' },
      { name: 'web.prod.svc.cluster.local', type: 'A', rcode: 'NOERROR' },
    ]);
  });

  it('+short: one rdata per line; NXDOMAIN prints nothing; a CNAME chain shows the target then its address', () => {
    expect(runCommand(lab, 'client', 'dig +short web-hl.prod.svc.cluster.local').output).toBe('10.244.1.4\n10.244.2.2');
    expect(runCommand(lab, 'client', 'dig +short nosuch.default.svc.cluster.local')).toMatchObject({ output: '', exitCode: 0 });
    expect(runCommand(lab, 'client', 'dig +short ext.default.svc.cluster.local').output).toBe('example.com.\n203.0.113.10');
  });

  it('+noall +answer: the answer records only', () => {
    expect(runCommand(lab, 'client', 'dig +noall +answer web.prod.svc.cluster.local').output).toBe('web.prod.svc.cluster.local. 30\tIN\tA\t10.96.100.10');
  });

  it('a headless Service with no ready endpoint is NXDOMAIN', () => {
    expect(runCommand(lab, 'client', 'dig idle-hl.prod.svc.cluster.local').output).toContain('status: NXDOMAIN');
  });

  it('ExternalName: the CNAME, then the upstream address, one TTL; AA from the kubernetes plugin', () => {
    const out = runCommand(lab, 'client', 'dig ext.default.svc.cluster.local').output;
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 2');
    expect(out).toContain(';; ANSWER SECTION:\next.default.svc.cluster.local. 30 IN\tCNAME\texample.com.\nexample.com.\t\t30\tIN\tA\t203.0.113.10\n');
  });

  it('SRV for a named port: the Service target and its address in ADDITIONAL', () => {
    const out = runCommand(lab, 'client', 'dig SRV _http._tcp.web.prod.svc.cluster.local').output;
    expect(out).toContain('QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2');
    expect(out).toContain(';; ANSWER SECTION:\n_http._tcp.web.prod.svc.cluster.local. 30 IN SRV 0 100 80 web.prod.svc.cluster.local.\n');
    expect(out).toContain(';; ADDITIONAL SECTION:\nweb.prod.svc.cluster.local. 30\tIN\tA\t10.96.100.10\n');
    // uncompressed: 12 + question (39+4) + SRV (39+10+6+28) + A (28+10+4) + OPT 23
    expect(out).toContain(';; MSG SIZE  rcvd: 203');
  });

  it('PTR of a ClusterIP (-x), and @server with "(1 server found)"', () => {
    const out = runCommand(lab, 'client', 'dig @10.96.0.10 -x 10.96.100.10').output;
    expect(out.split('\n').slice(1, 4)).toEqual([
      '; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> @10.96.0.10 -x 10.96.100.10',
      '; (1 server found)',
      ';; global options: +cmd',
    ]);
    expect(out).toContain('10.100.96.10.in-addr.arpa. 30\tIN\tPTR\tweb.prod.svc.cluster.local.');
  });

  it('WHEN follows the lab clock: a second dig after a 4 s SERVFAIL prints a later time', () => {
    const [first, second] = session(dnsLab('[{ type: upstream-dns-down }]'), [
      ['client', 'dig example.com'],
      ['client', 'dig +noall +stats kubernetes.default.svc.cluster.local'],
    ]);
    expect(first.output).toContain(';; WHEN: Wed Jan 01 00:00:04 UTC 2025');
    expect(second.output).toContain(';; WHEN: Wed Jan 01 00:00:04 UTC 2025');
    expect(second.lab.kernel.now).toBeGreaterThan(4000);
  });
});

describe('dig when DNS is broken', () => {
  it('CoreDNS scaled to 0: kube-proxy REJECTs, three "connection refused", no servers, exit 9 — at once', () => {
    const r = runCommand(dnsLab('[{ type: coredns-scale, replicas: 0 }]'), 'client', 'dig web.prod.svc.cluster.local');
    expect(r).toMatchObject({ exitCode: 9 });
    expect(r.output).toBe(
      [
        ';; communications error to 10.96.0.10#53: connection refused',
        ';; communications error to 10.96.0.10#53: connection refused',
        ';; communications error to 10.96.0.10#53: connection refused',
        '',
        '; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> web.prod.svc.cluster.local',
        ';; global options: +cmd',
        ';; no servers could be reached',
      ].join('\n'),
    );
    expect(r.lab.kernel.now).toBeLessThan(100);
    expect(runCommand(dnsLab('[{ type: coredns-scale, replicas: 0 }]'), 'client', 'dig +short web.prod.svc.cluster.local').output.split('\n')).toHaveLength(4);
  });

  it('a server that never answers: three 5 s tries, "timed out", 15 s on the lab clock', () => {
    const r = runCommand(dnsLab('[{ type: upstream-dns-down }]'), 'node1', 'dig @192.168.1.1 example.com');
    expect(r.exitCode).toBe(9);
    expect(r.output.split('\n').slice(0, 3)).toEqual(Array(3).fill(';; communications error to 192.168.1.1#53: timed out'));
    expect(r.lab.kernel.now).toBe(15000);
  });

  it('upstream down: an outside name is SERVFAIL after forward gives up (2 × 2 s), flags qr rd, 52 bytes', () => {
    const out = runCommand(dnsLab('[{ type: upstream-dns-down }]'), 'client', 'dig example.com').output;
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: SERVFAIL');
    expect(out).toContain(';; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available');
    expect(out).toContain(';; Query time: 4000 msec');
    expect(out).toContain(';; MSG SIZE  rcvd: 52');
  });
});
