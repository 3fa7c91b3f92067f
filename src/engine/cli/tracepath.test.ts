import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { formatTracepath, parsePathArgs } from './tracepath';
import { oracleLab, trace } from './test-helpers';
import { dnsLab } from './dns-test-helpers';

/** Times are simulated; compare everything else. */
const untimed = (s: string) => s.replace(/ {0,2}\d+\.\d{3}ms/g, '   T.TTTms');

const ORACLE = {
  // kernel oracle mtu/<case>/tracepath/output (tracepath -n -m 5 10.244.2.2 from pod-a)
  vxlan_pod1500_ul1500:
    ' 1?: [LOCALHOST]                      pmtu 1500\n 1:  10.244.1.1                                            0.047ms \n 1:  10.244.1.1                                            0.010ms \n 2:  10.244.1.1                                            0.012ms pmtu 1450\n 2:  10.244.2.0                                            0.042ms \n 3:  10.244.2.2                                            0.034ms reached\n     Resume: pmtu 1450 hops 3 back 3 ',
  vxlan_pod1450_ul1500:
    ' 1?: [LOCALHOST]                      pmtu 1450\n 1:  10.244.1.1                                            0.048ms \n 1:  10.244.1.1                                            0.010ms \n 2:  10.244.2.0                                            0.072ms \n 3:  10.244.2.2                                            0.033ms reached\n     Resume: pmtu 1450 hops 3 back 3 ',
  hostgw_pod1500_ul1500:
    ' 1?: [LOCALHOST]                      pmtu 1500\n 1:  10.244.1.1                                            0.099ms \n 1:  10.244.1.1                                            0.011ms \n 2:  192.168.50.2                                          0.028ms \n 3:  10.244.2.2                                            0.036ms reached\n     Resume: pmtu 1500 hops 3 back 3 ',
  hostgw_pod1500_ul1400:
    ' 1?: [LOCALHOST]                      pmtu 1500\n 1:  10.244.1.1                                            0.081ms \n 1:  10.244.1.1                                            0.010ms \n 2:  10.244.1.1                                            0.014ms pmtu 1400\n 2:  192.168.50.2                                          0.026ms \n 3:  10.244.2.2                                            0.031ms reached\n     Resume: pmtu 1400 hops 3 back 3 ',
};

describe('formatTracepath (hand-built answers)', () => {
  it('reproduces the oracle layout: LOCALHOST line, hop 1 twice, a pmtu line, reached, Resume', () => {
    const t = trace({
      tracepath: [
        { ttl: 1, from: '10.244.1.1', replyTtl: 64, t: 0.02 },
        { ttl: 2, from: '10.244.1.1', pmtu: 1400, replyTtl: 64, t: 0.05 },
        { ttl: 2, from: '192.168.50.2', replyTtl: 63, t: 0.08 },
        { ttl: 3, from: '10.244.2.2', reached: true, replyTtl: 62, t: 0.1 },
      ],
      pmtu: 1400,
      replyTtl: 62,
    });
    expect(untimed(formatTracepath({ target: '10.244.2.2', maxHops: 30, numeric: true }, 1500, t).join('\n'))).toBe(untimed(ORACLE.hostgw_pod1500_ul1400));
  });

  it('prints no reply per TTL, then Too many hops (the black-hole cases)', () => {
    const t = trace({
      verdict: 'dropped',
      reason: 'TIMEOUT',
      tracepath: [{ ttl: 1, from: '10.244.1.1', t: 0 }, ...[2, 3, 4, 5].map((ttl) => ({ ttl, from: null, t: 0 }))],
      pmtu: 1500,
    });
    const out = formatTracepath({ target: '10.244.2.2', maxHops: 5, numeric: true }, 1500, t);
    expect(out.slice(3)).toEqual([
      ' 2:  no reply',
      ' 3:  no reply',
      ' 4:  no reply',
      ' 5:  no reply',
      '     Too many hops: pmtu 1500',
      '     Resume: pmtu 1500 ',
    ]);
  });

  it('marks net unreachable with !N and resumes without hops', () => {
    const t = trace({
      verdict: 'rejected',
      reason: 'NET_UNREACHABLE',
      tracepath: [
        { ttl: 1, from: '10.244.1.1', t: 0 },
        { ttl: 2, from: '10.244.1.1', unreachable: 'net', t: 0 },
      ],
      pmtu: 1450,
    });
    const out = formatTracepath({ target: '10.244.2.2', maxHops: 30, numeric: true }, 1450, t).map(untimed);
    expect(out.slice(3)).toEqual([` 2:  ${'10.244.1.1'.padEnd(52)}   T.TTTms !N`, '     Resume: pmtu 1450 ']);
  });
});

describe('tracepath through the walk, against the kernel oracle', () => {
  const cases: [keyof typeof ORACLE, Parameters<typeof oracleLab>[0]][] = [
    ['vxlan_pod1500_ul1500', { podMTU: 1500 }],
    ['vxlan_pod1450_ul1500', { podMTU: 1450 }],
    ['hostgw_pod1500_ul1500', { mode: 'host-gw', podMTU: 1500 }],
    ['hostgw_pod1500_ul1400', { mode: 'host-gw', podMTU: 1500, nicMtu: 1400 }],
  ];
  for (const [name, opts] of cases) {
    it(name, () => {
      const r = runCommand(oracleLab(opts), 'pod-a', 'tracepath -n -m 5 10.244.2.2');
      expect(r.exitCode).toBe(0);
      expect(untimed(r.output)).toBe(untimed(ORACLE[name]));
    });
  }

  it('starts from a cached PMTU on the second run', () => {
    const first = runCommand(oracleLab({ podMTU: 1500 }), 'pod-a', 'tracepath -n 10.244.2.2');
    expect(runCommand(first.lab, 'pod-a', 'tracepath -n 10.244.2.2').output.split('\n')[0]).toBe(' 1?: [LOCALHOST]                      pmtu 1450');
  });
});

describe('parsePathArgs', () => {
  it('parses -n and -m and refuses what it does not model', () => {
    expect(parsePathArgs('tracepath', ['-n', '-m', '5', 'x'])).toEqual({ target: 'x', maxHops: 5, numeric: true });
    expect(parsePathArgs('tracepath', ['-l', '1400', 'x'])).toHaveProperty('error');
    expect(parsePathArgs('traceroute', [])).toHaveProperty('error');
  });
});

describe('tracepath / traceroute NAME: getaddrinfo first', () => {
  const lab = dnsLab();

  it('resolves through the search list and traces to the address', () => {
    const r = runCommand(lab, 'client', 'traceroute -n web-hl.prod');
    expect(r.output.split('\n')[0]).toBe('traceroute to web-hl.prod (10.244.1.4), 30 hops max, 60 byte packets');
    expect(r.traces[0].lookup?.addresses).toEqual(['10.244.1.4', '10.244.2.2']);
    expect(runCommand(lab, 'client', 'tracepath -n web-hl.prod').output).toContain('reached');
  });

  it('a failed lookup: gai_strerror in the libc’s words; tracepath exit 1, traceroute exit 2', () => {
    expect(runCommand(lab, 'client', 'tracepath web-1')).toMatchObject({ exitCode: 1, output: 'tracepath: web-1: Name or service not known' });
    expect(runCommand(lab, 'alpine', 'tracepath web-1').output).toBe('tracepath: web-1: Name does not resolve');
    expect(runCommand(lab, 'client', 'traceroute web-1')).toMatchObject({
      exitCode: 2,
      output: 'web-1: Name or service not known\nCannot handle "host" cmdline arg `web-1\' on position 1 (argc 1)',
    });
    const gone = dnsLab('[{ type: coredns-scale, replicas: 0 }]');
    expect(runCommand(gone, 'client', 'tracepath web.prod').output).toBe('tracepath: web.prod: Temporary failure in name resolution');
  });
});
