import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { formatTraceroute } from './traceroute';
import { oracleLab, trace } from './test-helpers';
import { dnsLab } from './dns-test-helpers';

const ms = (x: number | undefined) => `${(x ?? 0).toFixed(3)} ms`;

describe('traceroute (traceroute 2.1 output)', () => {
  it('prints a line per TTL with each probe’s lab-clock round trip, numeric with -n', () => {
    const r = runCommand(oracleLab(), 'pod-a', 'traceroute -n 10.244.2.2');
    const probes = r.traces[0].traceroute!;
    const lines = r.output.split('\n');
    expect(lines[0]).toBe('traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 60 byte packets');
    // kernel oracle modes/vxlan traceroute_hops_pod-a->pod-c: 10.244.1.1 10.244.2.0 10.244.2.2
    expect(lines.slice(1)).toEqual([
      ` 1  10.244.1.1  ${ms(probes[0].rtt)}  ${ms(probes[1].rtt)}  ${ms(probes[2].rtt)}`,
      ` 2  10.244.2.0  ${ms(probes[3].rtt)}  ${ms(probes[4].rtt)}  ${ms(probes[5].rtt)}`,
      ` 3  10.244.2.2  ${ms(probes[6].rtt)}  ${ms(probes[7].rtt)}  ${ms(probes[8].rtt)}`,
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('without -n: name (address), the address twice when no PTR names it', () => {
    const r = runCommand(oracleLab(), 'pod-a', 'traceroute 10.244.2.2');
    expect(r.output.split('\n')[1]).toMatch(/^ 1 {2}10\.244\.1\.1 \(10\.244\.1\.1\) {2}\d+\.\d{3} ms {2}\d+\.\d{3} ms {2}\d+\.\d{3} ms$/);
  });

  it('flags !N after each time and stops at that TTL', () => {
    const r = runCommand(oracleLab(), 'pod-a', 'traceroute -n 10.244.9.9');
    expect(r.output.split('\n').slice(1)).toEqual([expect.stringMatching(/^ 1 {2}10\.244\.1\.1( {2}\d+\.\d{3} ms !N){3}$/)]);
  });

  it('prints * for silent probes and an address again only where it changes', () => {
    const t = trace({
      verdict: 'dropped',
      reason: 'TIMEOUT',
      traceroute: [
        { ttl: 1, port: 33434, from: '10.244.1.1', rtt: 0.05 },
        { ttl: 1, port: 33435, from: null },
        { ttl: 1, port: 33436, from: '10.244.1.1', rtt: 0.04 },
        { ttl: 2, port: 33437, from: '10.0.0.1', rtt: 0.2 },
        { ttl: 2, port: 33438, from: '10.0.0.2', rtt: 0.3 },
        { ttl: 2, port: 33439, from: '10.0.0.2', rtt: 0.31 },
        { ttl: 3, port: 33440, from: null },
        { ttl: 3, port: 33441, from: null },
        { ttl: 3, port: 33442, from: null },
      ],
    });
    expect(formatTraceroute({ target: 'x', maxHops: 3, numeric: true }, '10.244.2.2', t)).toEqual([
      'traceroute to x (10.244.2.2), 3 hops max, 60 byte packets',
      ' 1  10.244.1.1  0.050 ms *  0.040 ms',
      ' 2  10.0.0.1  0.200 ms 10.0.0.2  0.300 ms  0.310 ms',
      ' 3  * * *',
    ]);
  });

  it('connect() without a route: perror and exit 1', () => {
    const out = formatTraceroute(
      { target: 'x', maxHops: 30, numeric: true },
      '10.1.1.1',
      trace({ verdict: 'rejected', reason: 'NO_ROUTE', localError: 'ENETUNREACH' }),
    );
    expect(out).toEqual(['traceroute to x (10.1.1.1), 30 hops max, 60 byte packets', 'connect: Network is unreachable']);
  });

  it('names hops through the sender’s resolver (a PTR query per address)', () => {
    const r = runCommand(dnsLab(), 'client', 'traceroute web-hl.prod');
    const ptrs = r.traces.filter((t) => t.lookup?.queries.some((q) => q.type === 'PTR'));
    expect(ptrs.length).toBeGreaterThan(0);
    expect(r.output.split('\n')[1]).toMatch(/^ 1 {2}\S+ \(10\.244\.1\.4\) {2}/);
  });

  it('advances the lab clock by what it waited', () => {
    const l = oracleLab({ faults: '[{ type: block, node: node2, protocol: udp, chain: FORWARD }]' });
    const r = runCommand(l, 'pod-a', 'traceroute -n -m 3 10.244.2.2');
    expect(r.output.split('\n')[3]).toBe(' 3  * * *');
    expect(r.lab.kernel.now - l.kernel.now).toBeGreaterThanOrEqual(15000);
  });
});
