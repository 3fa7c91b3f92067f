import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { formatPing, formatRtt, icmpText, parsePingArgs, type PingOptions } from './ping';
import { oracleLab, trace } from './test-helpers';
import { dnsLab } from './dns-test-helpers';

const opts = (over: Partial<PingOptions> = {}): PingOptions => ({ target: '10.244.2.2', count: 1, size: 56, intervalSec: 1, quiet: false, ...over });

describe('formatPing (iputils 20221126 wording)', () => {
  it('prints a reply with header, statistics and rtt', () => {
    const r = formatPing(opts(), '10.244.2.2', [trace({ replyTtl: 62, replyBytes: 64, elapsed: 0.079 })]);
    expect(r).toEqual({
      exitCode: 0,
      lines: [
        'PING 10.244.2.2 (10.244.2.2) 56(84) bytes of data.',
        '64 bytes from 10.244.2.2: icmp_seq=1 ttl=62 time=0.079 ms',
        '',
        '--- 10.244.2.2 ping statistics ---',
        '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
        'rtt min/avg/max/mdev = 0.079/0.079/0.079/0.000 ms',
      ],
    });
  });

  it('prints the oracle lines for frag-needed, then EMSGSIZE once the PMTU is cached', () => {
    const frag = trace({ verdict: 'rejected', reason: 'FRAG_NEEDED', icmp: { type: 3, code: 4, mtu: 1450, from: '10.244.1.1' } });
    const local = trace({ verdict: 'rejected', reason: 'LOCAL_EMSGSIZE', localError: 'EMSGSIZE', localMtu: 1450 });
    expect(formatPing(opts({ size: 1472, count: 2 }), '10.244.2.2', [frag, local]).lines).toEqual([
      'PING 10.244.2.2 (10.244.2.2) 1472(1500) bytes of data.',
      'From 10.244.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)',
      'ping: local error: message too long, mtu=1450',
      '',
      '--- 10.244.2.2 ping statistics ---',
      '2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms',
    ]);
  });

  it('prints net and host unreachable, and a silent loss without +errors', () => {
    const net = trace({ verdict: 'rejected', reason: 'NET_UNREACHABLE', icmp: { type: 3, code: 0, from: '10.244.1.1' } });
    const host = trace({ verdict: 'rejected', reason: 'HOST_UNREACHABLE', icmp: { type: 3, code: 1, from: '10.244.1.1' } });
    const lost = trace({ verdict: 'dropped', reason: 'TIMEOUT', elapsed: 1000 });
    expect(formatPing(opts({ count: 3 }), '10.244.2.2', [net, host, lost]).lines.slice(1)).toEqual([
      'From 10.244.1.1 icmp_seq=1 Destination Net Unreachable',
      'From 10.244.1.1 icmp_seq=2 Destination Host Unreachable',
      '',
      '--- 10.244.2.2 ping statistics ---',
      '3 packets transmitted, 0 received, +2 errors, 100% packet loss, time 2002ms',
    ]);
    expect(formatPing(opts(), '10.244.2.2', [lost])).toEqual({
      exitCode: 1,
      lines: [
        'PING 10.244.2.2 (10.244.2.2) 56(84) bytes of data.',
        '',
        '--- 10.244.2.2 ping statistics ---',
        '1 packets transmitted, 0 received, 100% packet loss, time 0ms',
      ],
    });
  });

  it('stops at connect() with no route: one line, no statistics, exit 2', () => {
    const r = formatPing(opts(), '10.244.2.2', [trace({ verdict: 'rejected', reason: 'NO_ROUTE', localError: 'ENETUNREACH', elapsed: 0 })]);
    expect(r).toEqual({ lines: ['ping: connect: Network is unreachable'], exitCode: 2 });
  });

  it('reports ENOBUFS and EPERM as sendmsg errors that add no +errors, and local ARP failure from the sender', () => {
    const nobufs = trace({ verdict: 'rejected', reason: 'LOCAL_ENOBUFS', localError: 'ENOBUFS' });
    const eperm = trace({ verdict: 'rejected', reason: 'LOCAL_EPERM', localError: 'EPERM' });
    const arp = trace({
      verdict: 'rejected',
      reason: 'LOCAL_EHOSTUNREACH',
      localError: 'EHOSTUNREACH',
      sent: { src: '192.168.50.1', dst: '192.168.50.9', size: 56, df: false, protocol: 'icmp' },
    });
    expect(formatPing(opts({ count: 3, target: '192.168.50.9' }), '192.168.50.9', [nobufs, eperm, arp]).lines.slice(1)).toEqual([
      'ping: sendmsg: No buffer space available',
      'ping: sendmsg: Operation not permitted',
      'From 192.168.50.1 icmp_seq=3 Destination Host Unreachable',
      '',
      '--- 192.168.50.9 ping statistics ---',
      '3 packets transmitted, 0 received, +1 errors, 100% packet loss, time 2002ms',
    ]);
  });

  it('computes %g loss and min/avg/max/mdev over several replies, and shows ^C without -c', () => {
    const a = trace({ replyTtl: 62, replyBytes: 64, elapsed: 0.1 });
    const b = trace({ replyTtl: 62, replyBytes: 64, elapsed: 0.3 });
    const lost = trace({ verdict: 'dropped', reason: 'TIMEOUT' });
    const r = formatPing(opts({ count: undefined }), '10.244.2.2', [a, b, lost]);
    expect(r.lines.slice(-4)).toEqual([
      '^C',
      '--- 10.244.2.2 ping statistics ---',
      '3 packets transmitted, 2 received, 33.3333% packet loss, time 2002ms',
      'rtt min/avg/max/mdev = 0.100/0.200/0.300/0.100 ms',
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('prints no time= for payloads too small to carry a timestamp, and nothing per packet with -q', () => {
    expect(formatPing(opts({ size: 8 }), '10.244.2.2', [trace({ replyTtl: 64, replyBytes: 16 })]).lines[1]).toBe('16 bytes from 10.244.2.2: icmp_seq=1 ttl=64');
    expect(formatPing(opts({ quiet: true }), '10.244.2.2', [trace({ replyTtl: 64 })]).lines[1]).toBe('');
  });

  it('formats times and ICMP texts as iputils does', () => {
    expect([0.079, 1.234, 1.005, 12.345, 99.96, 123.4].map(formatRtt)).toEqual(['0.079', '1.23', '1.01', '12.3', '100', '123']);
    expect(icmpText(11, 0)).toBe('Time to live exceeded');
    expect(icmpText(3, 3)).toBe('Destination Port Unreachable');
    expect(icmpText(3, 13)).toBe('Packet filtered');
  });
});

describe('parsePingArgs', () => {
  it('reads separate, attached and combined options', () => {
    expect(parsePingArgs(['-n', '-c1', '-W0.5', '-M', 'do', '-s', '1472', '10.244.2.2'])).toMatchObject({
      count: 1,
      timeoutSec: 0.5,
      pmtudisc: 'do',
      size: 1472,
      target: '10.244.2.2',
    });
    expect(parsePingArgs(['-nqc', '3', 'pod-c'])).toMatchObject({ count: 3, quiet: true, target: 'pod-c' });
  });

  it('refuses bad input with iputils-style messages', () => {
    expect(parsePingArgs([])).toEqual({ error: 'ping: usage error: Destination address required' });
    expect(parsePingArgs(['-z', 'x'])).toEqual({ error: "ping: invalid option -- 'z'" });
    expect(parsePingArgs(['-M', 'maybe', 'x'])).toEqual({ error: 'ping: invalid -M argument: maybe' });
    expect(parsePingArgs(['-s', '70000', 'x'])).toEqual({ error: "ping: invalid argument: '70000': out of range: 0 <= value <= 65507" });
  });
});

/** The oracle recorded ping output without the PING header, blank, `---` and rtt lines (run.sh rec_ping). */
function asRecorded(output: string): string {
  return output
    .split('\n')
    .filter((l) => l && !l.startsWith('PING ') && !l.startsWith('---') && !l.startsWith('rtt '))
    .join('\n')
    .replace(/time=\d+\.\d+ ms/g, 'time=T ms');
}

describe('ping through the walk, against the kernel oracle', () => {
  it('mtu/vxlan_pod1500_ul1500: frag-needed first, EMSGSIZE after, each ping seeing what the previous learned', () => {
    let lab = oracleLab({ podMTU: 1500 });
    const first = runCommand(lab, 'pod-a', 'ping -n -c1 -W0.5 -M do -s 1472 10.244.2.2');
    expect(asRecorded(first.output)).toBe(
      'From 10.244.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms',
    );
    expect(first.exitCode).toBe(1);
    lab = first.lab;
    const second = runCommand(lab, 'pod-a', 'ping -n -c1 -W0.5 -M do -s 1472 10.244.2.2');
    expect(asRecorded(second.output)).toBe(
      'ping: local error: message too long, mtu=1450\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms',
    );
    const max = runCommand(second.lab, 'pod-a', 'ping -n -c1 -W0.5 -M do -s 1422 10.244.2.2');
    expect(asRecorded(max.output)).toBe('1430 bytes from 10.244.2.2: icmp_seq=1 ttl=62 time=T ms\n1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('one ping -c 3 run sends three probes in sequence against the evolving state', () => {
    const r = runCommand(oracleLab({ podMTU: 1500 }), 'pod-a', 'ping -c 3 -W 0.5 -M do -s 1472 10.244.2.2');
    expect(r.traces).toHaveLength(3);
    expect(r.output).toBe(
      [
        'PING 10.244.2.2 (10.244.2.2) 1472(1500) bytes of data.',
        'From 10.244.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)',
        'ping: local error: message too long, mtu=1450',
        'ping: local error: message too long, mtu=1450',
        '',
        '--- 10.244.2.2 ping statistics ---',
        '3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2002ms',
      ].join('\n'),
    );
    expect(r.lab.kernel.now).toBeGreaterThanOrEqual(2000);
  });

  it('modes/vxlan reachability: reply TTLs 62 / 64 / 63', () => {
    const lab = oracleLab({ podMTU: 1450 });
    expect(asRecorded(runCommand(lab, 'pod-a', 'ping -n -c1 -W1 10.244.2.2').output)).toBe(
      '64 bytes from 10.244.2.2: icmp_seq=1 ttl=62 time=T ms\n1 packets transmitted, 1 received, 0% packet loss, time 0ms',
    );
    expect(runCommand(lab, 'pod-a', 'ping -c1 10.244.1.3').output).toContain('ttl=64');
    expect(runCommand(lab, 'node1', 'ping -c1 10.244.2.2').output).toContain('ttl=63');
  });

  it('faults/route_deleted_vxlan: net unreachable from the gateway; connect() fails on the node', () => {
    const lab = oracleLab({ podMTU: 1450, faults: '[{ type: delete-route, node: node1, dst: 10.244.2.0/24 }]' });
    expect(asRecorded(runCommand(lab, 'pod-a', 'ping -n -c1 -W1 10.244.2.2').output)).toBe(
      'From 10.244.1.1 icmp_seq=1 Destination Net Unreachable\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms',
    );
    const node = runCommand(lab, 'node1', 'ping -n -c1 -W1 10.244.2.2');
    expect(node).toMatchObject({ output: 'ping: connect: Network is unreachable', exitCode: 2 });
    expect(node.traces).toHaveLength(1);
    expect(asRecorded(runCommand(lab, 'pod-c', 'ping -n -c1 -W1 10.244.1.2').output)).toBe('1 packets transmitted, 0 received, 100% packet loss, time 0ms');
  });

  it('faults/vxlan_neigh_deleted: host unreachable after ARP gives up (-W5)', () => {
    const lab = oracleLab({ podMTU: 1450, faults: '[{ type: delete-neigh, node: node1, device: flannel.1, peer: node2 }]' });
    expect(asRecorded(runCommand(lab, 'pod-a', 'ping -n -c1 -W5 10.244.2.2').output)).toBe(
      'From 10.244.1.1 icmp_seq=1 Destination Host Unreachable\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms',
    );
  });

  it('a name needs DNS: the oracle has no kube-proxy and no gateway, so 10.96.0.10 is unreachable (EAI_AGAIN)', () => {
    expect(runCommand(oracleLab(), 'pod-a', 'ping -c1 nosuchthing')).toMatchObject({
      output: 'ping: nosuchthing: Temporary failure in name resolution',
      exitCode: 2,
    });
  });
});

describe('ping NAME: getaddrinfo first (/etc/hosts, then DNS), pr_addr for the replies', () => {
  const lab = dnsLab();

  it('the search list finds web.prod; PING shows the canonical name and the address', () => {
    const r = runCommand(lab, 'client', 'ping -c1 -W1 web.prod');
    expect(r.output.split('\n')[0]).toBe('PING web.prod.svc.cluster.local (10.96.100.10) 56(84) bytes of data.');
    expect(r.output).toContain('--- web.prod.svc.cluster.local ping statistics ---');
    // kube-proxy's iptables rules DNAT only the Service's TCP port: the echo to a ClusterIP goes unanswered
    expect(r.exitCode).toBe(1);
    expect(r.traces[0].lookup?.queries.map((q) => `${q.name} ${q.type} ${q.rcode}`)).toEqual([
      'web.prod.default.svc.cluster.local. A NXDOMAIN',
      'web.prod.default.svc.cluster.local. AAAA NXDOMAIN',
      'web.prod.svc.cluster.local. A NOERROR',
      'web.prod.svc.cluster.local. AAAA NOERROR',
    ]);
  });

  it('a pod name is no DNS name: ping web-1 fails, in the libc’s words (glibc, musl)', () => {
    expect(runCommand(lab, 'client', 'ping -c1 web-1')).toMatchObject({ output: 'ping: web-1: Name or service not known', exitCode: 2 });
    expect(runCommand(lab, 'alpine', 'ping -c1 web-1')).toMatchObject({ output: 'ping: web-1: Name does not resolve', exitCode: 2 });
  });

  it("the pod's own hostname resolves from /etc/hosts, without a query, and so does its reverse", () => {
    const r = runCommand(lab, 'prod/web-0', 'ping -c1 web-0');
    expect(r.traces[0].lookup).toMatchObject({ source: 'files', queries: [], canonical: 'web-0.web-hl.prod.svc.cluster.local' });
    expect(r.output.split('\n').slice(0, 2)).toEqual([
      'PING web-0.web-hl.prod.svc.cluster.local (10.244.1.4) 56(84) bytes of data.',
      '64 bytes from web-0.web-hl.prod.svc.cluster.local (10.244.1.4): icmp_seq=1 ttl=64 time=0.020 ms',
    ]);
  });

  it('the reply line names the address by its PTR (a headless endpoint), unless -n', () => {
    const r = runCommand(lab, 'client', 'ping -c1 web-1.web-hl.prod');
    expect(r).toMatchObject({ exitCode: 2, output: 'ping: web-1.web-hl.prod: Name or service not known' });
    const hl = runCommand(lab, 'client', 'ping -c1 web-hl.prod').output.split('\n');
    expect(hl[1]).toMatch(/^64 bytes from 10-244-1-4\.web\.prod\.svc\.cluster\.local \(10\.244\.1\.4\): icmp_seq=1 ttl=64 time=/);
    expect(runCommand(lab, 'client', 'ping -n -c1 web-hl.prod').output.split('\n')[1]).toMatch(/^64 bytes from 10\.244\.1\.4: icmp_seq=1/);
    expect(runCommand(lab, 'client', 'ping -c1 10.244.1.4').traces).toHaveLength(1);
  });

  it('NODATA: a name that exists without an address (a namespace); musl stops at the first NODATA', () => {
    const glibc = runCommand(lab, 'client', 'ping -c1 prod');
    expect(glibc.output).toBe('ping: prod: No address associated with hostname');
    const musl = runCommand(lab, 'alpine', 'ping -c1 prod');
    expect(musl.output).toBe('ping: prod: Name has no usable address');
    expect(musl.traces[0].dns!.length).toBeLessThan(glibc.traces[0].dns!.length);
  });

  it('ndots:1 — glibc tries web.prod as-is first and then the search list; musl never searches it', () => {
    const tuned = dnsLab(
      '[]',
      `    - { name: g1, node: node1, dnsConfig: { options: [{ name: ndots, value: '1' }] } }
    - { name: m1, node: node1, libc: musl, dnsConfig: { options: [{ name: ndots, value: '1' }] } }`,
    );
    expect(runCommand(tuned, 'g1', 'ping -c1 -W1 web.prod').output.split('\n')[0]).toBe('PING web.prod.svc.cluster.local (10.96.100.10) 56(84) bytes of data.');
    expect(runCommand(tuned, 'm1', 'ping -c1 -W1 web.prod').output).toBe('ping: web.prod: Name does not resolve');
  });

  it('CoreDNS scaled to 0: REJECTed queries; glibc gives up at once, musl waits out its 5 s', () => {
    const broken = dnsLab('[{ type: coredns-scale, replicas: 0 }]');
    const g = runCommand(broken, 'client', 'ping -c1 web.prod');
    expect(g.output).toBe('ping: web.prod: Temporary failure in name resolution');
    expect(g.lab.kernel.now).toBeLessThan(100);
    const m = runCommand(broken, 'alpine', 'ping -c1 web.prod');
    expect(m.output).toBe('ping: web.prod: Try again');
    expect(m.lab.kernel.now).toBe(5000);
  });

  it("upstream down: an outside name fails after the search list and two SERVFAIL tries of forward's 4 s", () => {
    const r = runCommand(dnsLab('[{ type: upstream-dns-down }]'), 'client', 'ping -c1 example.com');
    expect(r.output).toBe('ping: example.com: Temporary failure in name resolution');
    expect(r.lab.kernel.now).toBeGreaterThanOrEqual(8000);
  });

  it('localhost is ::1 first: IPv6 is not modelled', () => {
    expect(runCommand(lab, 'client', 'ping -c1 localhost').exitCode).toBe(127);
  });
});
