import { describe, expect, it } from 'vitest';
import { formatCurl, parseCurlArgs, requestBytes, type CurlOptions } from './curl';
import { runCommand } from './dispatch';
import { hop, oracleLab, trace } from './test-helpers';
import { dnsLab } from './dns-test-helpers';
import { curlGetRequest } from '../trace/tcp';
import { httpRequestText } from '../wire/app-size';

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
    // the same request the engine's http probe sends (trace/tcp.ts curlGetRequest, curl/8.14.1)
    expect(requestBytes(opts())).toBe('GET / HTTP/1.1\r\nHost: 10.244.2.2:8080\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\r\n'.length);
  });
});

describe('formatCurl (curl 8 wording)', () => {
  it('refused: (7) Failed to connect … Could not connect to server (8.14.1 lib/strerror.c)', () => {
    expect(formatCurl(opts(), trace({ verdict: 'rejected', reason: 'CONNECTION_REFUSED', elapsed: 0.2 }))).toEqual({
      lines: ['curl: (7) Failed to connect to 10.244.2.2 port 8080 after 0 ms: Could not connect to server'],
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
      lines: ['curl: (28) Failed to connect to 10.244.2.2 port 8080 after 127000 ms: Could not connect to server'],
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
      output: 'curl: (7) Failed to connect to 10.244.2.2 port 8080 after 0 ms: Could not connect to server',
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

describe('curl NAME: the pod’s getaddrinfo inside the http probe, curl 8.14.1 -v', () => {
  const lab = dnsLab();

  it('finds web.prod through the search list and prints the simulated server’s body (trace.http)', () => {
    const r = runCommand(lab, 'client', 'curl web.prod');
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(r.traces[0].http!.body.trimEnd());
    expect(r.output).toMatch(/^web-[01] client=10\.244\.1\.2:\d+$/);
    expect(r.traces[0].target).toMatchObject({ name: 'web.prod', ip: '10.96.100.10', how: 'dns' });
  });

  it('-v: resolve, connect, the request the probe sent (> ), the response (< ), the body, left intact', () => {
    const r = runCommand(lab, 'client', 'curl -v web.prod');
    const t = r.traces[0];
    const req = curlGetRequest('web.prod', 80);
    const lines = r.output.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '* Host web.prod:80 was resolved.',
      '* IPv6: (none)',
      '* IPv4: 10.96.100.10',
      '*   Trying 10.96.100.10:80...',
      '* Connected to web.prod (10.96.100.10) port 80',
      '* using HTTP/1.x',
    ]);
    expect(lines.slice(6, 11)).toEqual(['> GET / HTTP/1.1', '> Host: web.prod', '> User-Agent: curl/8.14.1', '> Accept: */*', '> ']);
    // the request bytes the walk carried are the ones printed
    expect(t.sent?.size).toBe(httpRequestText(req).length);
    expect(lines.slice(11, 16)).toEqual([
      '* Request completely sent off',
      '< HTTP/1.1 200 OK',
      '< Content-Type: text/plain',
      `< Content-Length: ${t.http!.body.length}`,
      '< ',
    ]);
    expect(lines.slice(16)).toEqual([t.http!.body.trimEnd(), '* Connection #0 to host web.prod left intact']);
  });

  it('(6) for a name that does not resolve: NXDOMAIN, another pod’s name, CoreDNS gone', () => {
    expect(runCommand(lab, 'client', 'curl nosuch')).toMatchObject({ exitCode: 6, output: 'curl: (6) Could not resolve host: nosuch' });
    expect(runCommand(lab, 'client', 'curl http://web-1:8080/')).toMatchObject({ exitCode: 6, output: 'curl: (6) Could not resolve host: web-1' });
    expect(runCommand(lab, 'client', 'curl -v nosuch').output).toBe(
      '* Could not resolve host: nosuch\n* closing connection #0\ncurl: (6) Could not resolve host: nosuch',
    );
    const gone = dnsLab('[{ type: coredns-scale, replicas: 0 }]');
    expect(runCommand(gone, 'client', 'curl -s web.prod')).toMatchObject({ exitCode: 6, output: '' });
  });

  it("the pod's own hostname comes from /etc/hosts", () => {
    const r = runCommand(lab, 'prod/web-0', 'curl http://web-0:8080/');
    expect(r.output).toMatch(/^web-0 client=10\.244\.1\.4:\d+$/);
    expect(r.traces[0].lookup).toMatchObject({ source: 'files' });
  });

  it('-v refused: the connect() errno, then (7)', () => {
    expect(runCommand(lab, 'client', 'curl -v http://10.244.2.2:9999/').output.split('\n')).toEqual([
      '*   Trying 10.244.2.2:9999...',
      expect.stringMatching(/^\* connect to 10\.244\.2\.2 port 9999 from 10\.244\.1\.2 port \d+ failed: Connection refused$/),
      '* Failed to connect to 10.244.2.2 port 9999 after 0 ms: Could not connect to server',
      '* closing connection #0',
      'curl: (7) Failed to connect to 10.244.2.2 port 9999 after 0 ms: Could not connect to server',
    ]);
  });

  it("-s -o /dev/null -w '%{http_code}\\n'", () => {
    expect(runCommand(lab, 'client', "curl -s -o /dev/null -w '%{http_code}\\n' web.prod").output).toBe('200');
    expect(runCommand(lab, 'client', "curl -s -w '%{http_code}' http://10.244.2.2:9999/")).toMatchObject({ output: '000', exitCode: 7 });
  });

  it('what the probe cannot send is not modelled: other paths, IPv6 localhost, -o without -s', () => {
    expect(runCommand(lab, 'client', 'curl http://web.prod/healthz').exitCode).toBe(127);
    expect(runCommand(lab, 'client', 'curl localhost').exitCode).toBe(127);
    expect(runCommand(lab, 'client', 'curl -o /dev/null web.prod').exitCode).toBe(127);
  });
});
