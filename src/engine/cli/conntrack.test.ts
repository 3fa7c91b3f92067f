import { describe, expect, it } from 'vitest';
import { runProbe, type Lab } from '../lab';
import { runCommand } from './dispatch';
import { servicesLab } from './k8s-test-helpers';
import { advance, formatConntrack, newEntry } from '../tables/conntrack';
import { KUBE_PROXY_TCP_TIMEOUTS } from '../services';

const lines = (out: string) => out.split('\n');
const TRAILER = (n: number, what = 'shown') => `conntrack v1.4.7 (conntrack-tools): ${n} flow entries have been ${what}.`;

/** The kernel oracle's clusterip section (results-default.json clusterip.pod-a_brnf_on.node1_conntrack), one real line. */
const ORACLE =
  'tcp      6 119 TIME_WAIT src=10.244.1.2 dst=10.96.0.100 sport=48184 dport=80 src=10.244.1.3 dst=10.244.1.2 sport=8080 dport=48184 [ASSURED] mark=0 use=1';
/** addresses, ports and the timeout replaced: what is left is the layout */
const shape = (line: string) =>
  line
    .replace(/\d+\.\d+\.\d+\.\d+/g, 'IP')
    .replace(/(sport|dport)=\d+/g, '$1=N')
    .replace(/^(tcp {6}6) \d+/, '$1 T');

function afterHttp(lab: Lab = servicesLab()): Lab {
  return runProbe(lab, { from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' }).lab;
}

describe('conntrack -L', () => {
  const lab = afterHttp();

  it('shows the HTTP flow through a Service: DNAT in the reply tuple, TIME_WAIT [ASSURED], as the kernel oracle printed it', () => {
    const out = lines(runCommand(lab, 'node1', 'conntrack -L -p tcp').output);
    expect(out).toHaveLength(2);
    // the lab clock stops at the HTTP answer, a little before the last ACK: 120 until it moves on, 119 after (nf_ct_expires / HZ)
    expect(out[0]).toMatch(
      /^tcp {6}6 1(19|20) TIME_WAIT src=10\.244\.1\.2 dst=10\.98\.0\.69 sport=(\d+) dport=80 src=10\.244\.(1\.3|2\.2) dst=10\.244\.1\.2 sport=8080 dport=\2 \[ASSURED\] mark=0 use=1$/,
    );
    expect(shape(out[0])).toBe(shape(ORACLE));
    expect(out[1]).toBe(TRAILER(1));
  });

  it('lists the DNS lookups too (UDP, DNATed to a CoreDNS pod, one request and answer: 30 s, not ASSURED) and filters like nfct_filter', () => {
    const dns = lines(runCommand(lab, 'node1', 'conntrack -L -p udp --orig-dst 10.96.0.10 --dport 53').output);
    expect(dns.at(-1)).toBe(TRAILER(dns.length - 1));
    expect(dns.length - 1).toBeGreaterThan(0);
    for (const l of dns.slice(0, -1))
      expect(l).toMatch(
        /^udp {6}17 (29|30) src=10\.244\.1\.2 dst=10\.96\.0\.10 sport=\d+ dport=53 src=10\.244\.(1\.4|2\.3) dst=10\.244\.1\.2 sport=53 dport=\d+ mark=0 use=1$/,
      );
    expect(runCommand(lab, 'node1', 'conntrack -L -d 10.96.0.0/12 -p tcp').output).toContain('dport=80');
    expect(runCommand(lab, 'node1', 'conntrack -L -r 10.244.1.4').output).not.toContain('dst=10.98.0.69');
    // -g: entries with a DNAT binding (all of them go to Services here); -n: none were source-NATed
    expect(
      lines(runCommand(lab, 'node1', 'conntrack -L -g').output).every(
        (l) => l.includes('dst=10.96.0.10') || l.includes('dst=10.98.0.69') || l.startsWith('conntrack v'),
      ),
    ).toBe(true);
    expect(runCommand(lab, 'node1', 'conntrack -L -n').output).toBe(TRAILER(0));
  });

  it('prints only the trailer for an empty list, still exit 0, and counts with -C', () => {
    expect(runCommand(lab, 'node1', 'conntrack -L -p icmp')).toMatchObject({ exitCode: 0, output: TRAILER(0) });
    const total = lines(runCommand(lab, 'node1', 'conntrack -L').output).length - 1;
    expect(runCommand(lab, 'node1', 'conntrack -C').output).toBe(String(total));
    expect(runCommand(servicesLab(), 'node2', 'conntrack -L')).toMatchObject({ exitCode: 0, output: TRAILER(0) });
  });

  it('leaves out entries that expired on the lab clock', () => {
    const later = { ...lab, kernel: { ...lab.kernel, now: lab.kernel.now + 121_000 } };
    expect(runCommand(later, 'node1', 'conntrack -L').output).toBe(TRAILER(0));
  });

  it('runs on a node only, like iptables', () => {
    expect(runCommand(lab, 'client', 'conntrack -L')).toMatchObject({ exitCode: 1, output: expect.stringMatching(/^podpath: conntrack runs on a node/) });
  });

  it('answers bad arguments in conntrack’s words (PARAMETER_PROBLEM, exit 2) and says what is not modelled', () => {
    const tryHelp = "Try `conntrack -h' or 'conntrack --help' for more information.";
    expect(runCommand(lab, 'node1', 'conntrack -L -p foo')).toMatchObject({
      exitCode: 2,
      output: `conntrack v1.4.7 (conntrack-tools): \`foo' unsupported protocol\n${tryHelp}`,
    });
    expect(runCommand(lab, 'node1', 'conntrack -L --dport 80').output).toBe(`conntrack v1.4.7 (conntrack-tools): unknown option \`--dport'\n${tryHelp}`);
    expect(runCommand(lab, 'node1', 'conntrack -L -C').output).toBe(`conntrack v1.4.7 (conntrack-tools): Invalid commands combination\n${tryHelp}`);
    expect(runCommand(lab, 'node1', 'conntrack -L -s nope').output).toBe(`conntrack v1.4.7 (conntrack-tools): Invalid IP address \`nope'.\n${tryHelp}`);
    expect(runCommand(lab, 'node1', 'conntrack -C -p tcp').output).toBe(
      `conntrack v1.4.7 (conntrack-tools): Illegal option \`--protonum' with this command\n${tryHelp}`,
    );
    expect(runCommand(lab, 'node1', 'conntrack -L conntrack -p 6').output).toContain(TRAILER(1));
    expect(runCommand(lab, 'node1', 'conntrack -L expect').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'conntrack -E').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'conntrack').exitCode).toBe(127);
  });
});

describe('conntrack -D and -F', () => {
  const lab = afterHttp();

  it('deletes the matching entries, prints them, and returns the lab without them', () => {
    const r = runCommand(lab, 'node1', 'conntrack -D -p tcp');
    expect(r.exitCode).toBe(0);
    expect(lines(r.output)).toEqual([expect.stringMatching(/^tcp {6}6 1(19|20) TIME_WAIT /), TRAILER(1, 'deleted')]);
    expect(runCommand(r.lab, 'node1', 'conntrack -L -p tcp').output).toBe(TRAILER(0));
    expect(runCommand(r.lab, 'node1', 'conntrack -L -p udp').output).toBe(runCommand(lab, 'node1', 'conntrack -L -p udp').output);
    // nothing matched: conntrack exits 1 (print_stats)
    expect(runCommand(r.lab, 'node1', 'conntrack -D -p tcp')).toMatchObject({ exitCode: 1, output: TRAILER(0, 'deleted') });
  });

  it('flushes the table', () => {
    const r = runCommand(lab, 'node1', 'conntrack -F');
    expect(r.output).toBe('conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.');
    expect(runCommand(r.lab, 'node1', 'conntrack -C').output).toBe('0');
  });
});

describe('kube-proxy’s conntrack timeouts', () => {
  it('are written to the nodes it runs on (established 86400, close_wait 3600) and not where none runs', () => {
    expect(servicesLab().cluster.netns.node1.sysctl.nfConntrackTcpTimeouts).toEqual(KUBE_PROXY_TCP_TIMEOUTS);
    expect(servicesLab({ kubeProxy: 'none' }).cluster.netns.node1.sysctl.nfConntrackTcpTimeouts).toBeUndefined();
  });

  it('are what the walk gives an ESTABLISHED flow (the hop rows of an HTTP request through a Service)', () => {
    const t = runProbe(servicesLab(), { from: 'client', to: '10.98.0.69:80', protocol: 'http' }).trace;
    const rows = t.hops.map((h) => h.conntrack).filter((c): c is string => !!c);
    expect(rows.some((c) => / 86400 ESTABLISHED /.test(c))).toBe(true);
    expect(rows.some((c) => / 43(1999|2000) ESTABLISHED /.test(c))).toBe(false);
  });

  it('show in conntrack -L as 86399 ESTABLISHED a moment after the last packet, and CLOSE_WAIT as 3600', () => {
    const lab = servicesLab();
    const timeouts = lab.cluster.netns.node1.sysctl.nfConntrackTcpTimeouts;
    const flags = (f: string) => ({ syn: f.includes('S'), ack: f.includes('A'), fin: f.includes('F'), rst: false });
    const t = { src: '10.244.1.2', dst: '10.244.2.2', sport: 40000, dport: 8080 };
    let e = newEntry(1, 'tcp', t, 0, flags('S'), timeouts);
    e = advance(e, 'reply', 1, flags('SA'), timeouts);
    e = advance(e, 'orig', 2, flags('A'), timeouts);
    expect(formatConntrack(e, 500)).toMatch(/^tcp {6}6 86399 ESTABLISHED .* \[ASSURED\] mark=0 use=1$/);
    const closing = advance(advance(e, 'orig', 3, flags('FA'), timeouts), 'reply', 4, flags('A'), timeouts);
    expect(formatConntrack(closing, 4)).toMatch(/^tcp {6}6 3600 CLOSE_WAIT /);
    // the kernel default without kube-proxy
    expect(formatConntrack(advance(advance(newEntry(1, 'tcp', t, 0, flags('S')), 'reply', 1, flags('SA')), 'orig', 2, flags('A')), 500)).toMatch(
      / 431999 ESTABLISHED /,
    );
  });
});
