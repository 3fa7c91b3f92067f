import { describe, expect, it } from 'vitest';
import { formatCurl, parseCurlArgs, requestBytes, type CurlOptions } from './curl';
import { runCommand } from './dispatch';
import { hop, oracleLab, trace } from './test-helpers';

const opts = (over: Partial<CurlOptions> = {}): CurlOptions => ({ host: '10.244.2.2', port: 8080, silent: false, showErrors: false, path: '/', ...over });

describe('parseCurlArgs', () => {
  it('reads host, port, path and -m', () => {
    expect(parseCurlArgs(['-s', '-m', '5', 'http://10.244.2.2:8080/healthz'])).toEqual(opts({ silent: true, maxTimeSec: 5, path: '/healthz' }));
    expect(parseCurlArgs(['pod-c'])).toEqual(opts({ host: 'pod-c', port: 80 }));
  });

  it('refuses what it does not model, and bad URLs with curl’s own errors', () => {
    expect(parseCurlArgs(['https://x/'])).toMatchObject({ exitCode: 127 });
    expect(parseCurlArgs(['--resolve', 'a', 'http://x/'])).toMatchObject({ exitCode: 127 });
    expect(parseCurlArgs([])).toMatchObject({ exitCode: 2 });
    expect(parseCurlArgs(['http://x:99999/'])).toMatchObject({ exitCode: 3 });
  });

  it('counts the bytes of the GET request curl sends', () => {
    expect(requestBytes(opts())).toBe('GET / HTTP/1.1\r\nHost: 10.244.2.2:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n'.length);
  });
});

describe('formatCurl (curl 8 wording)', () => {
  it('refused: (7) Failed to connect … Couldn’t connect to server', () => {
    expect(formatCurl(opts(), trace({ verdict: 'rejected', reason: 'CONNECTION_REFUSED', elapsed: 0.2 }))).toEqual({
      lines: ["curl: (7) Failed to connect to 10.244.2.2 port 8080 after 0 ms: Couldn't connect to server"],
      exitCode: 7,
    });
  });

  it('timeouts: connect phase with -m, after the handshake, and without -m (SYN retries give up)', () => {
    const lost = trace({ verdict: 'dropped', reason: 'TIMEOUT', elapsed: 10000 });
    expect(formatCurl(opts({ maxTimeSec: 10 }), lost).lines).toEqual(['curl: (28) Connection timed out after 10001 milliseconds']);
    const synAck = hop({ dir: 'reply', kind: 'deliver', headers: [{ kind: 'tcp', srcPort: 8080, dstPort: 40000, flags: ['SYN', 'ACK'] }] });
    const hung = trace({ verdict: 'dropped', reason: 'TIMEOUT', hops: [hop(), synAck] });
    expect(formatCurl(opts({ maxTimeSec: 10 }), hung).lines).toEqual(['curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received']);
    expect(formatCurl(opts(), lost)).toEqual({
      lines: ["curl: (28) Failed to connect to 10.244.2.2 port 8080 after 127000 ms: Couldn't connect to server"],
      exitCode: 28,
    });
  });

  it('-s hides errors unless -S', () => {
    const refused = trace({ verdict: 'rejected', reason: 'CONNECTION_REFUSED' });
    expect(formatCurl(opts({ silent: true }), refused)).toEqual({ lines: [], exitCode: 7 });
    expect(formatCurl(opts({ silent: true, showErrors: true }), refused).lines).toHaveLength(1);
  });
});

describe('curl through the walk', () => {
  it('gets the simulated answer: which pod served and which client address it saw', () => {
    const r = runCommand(oracleLab({ ports: true }), 'pod-a', 'curl -s http://10.244.2.2:8080/');
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^pod-c client=10\.244\.1\.2:\d+$/);
    expect(r.traces).toHaveLength(1);
  });

  it('is refused on a closed port', () => {
    expect(runCommand(oracleLab(), 'pod-a', 'curl http://10.244.2.2:8080/')).toMatchObject({
      exitCode: 7,
      output: "curl: (7) Failed to connect to 10.244.2.2 port 8080 after 0 ms: Couldn't connect to server",
    });
  });

  it('times out when the tunnel is blocked', () => {
    const lab = oracleLab({ ports: true, faults: '[{ type: block, node: node2, protocol: udp, port: 8472 }]' });
    expect(runCommand(lab, 'pod-a', 'curl -m 2 http://10.244.2.2:8080/')).toMatchObject({
      exitCode: 28,
      output: 'curl: (28) Connection timed out after 2001 milliseconds',
    });
  });
});
