/**
 * `curl [-s] [-S] [-v] [-m SECS] [--connect-timeout SECS] [-o /dev/null] [-w FORMAT] http://HOST[:PORT]/`
 * as curl 8.14.1 (the engine's http probe: trace/tcp.ts httpGet sends this curl's GET, and the
 * body is what the lab's simulated server answered, trace.http). Wording from curl-8_14_1
 * lib/strerror.c, lib/connect.c, lib/multi.c, lib/hostip.c, lib/url.c, src/tool_operate.c:
 *
 *   curl: (6) Could not resolve host: web.prod           (getaddrinfo failed, any reason)
 *   curl: (7) Failed to connect to 10.244.2.2 port 8080 after 0 ms: Could not connect to server
 *   curl: (28) Connection timed out after 10001 milliseconds            (-m, still connecting)
 *   curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received   (connected)
 *   curl: (28) Failed to connect to … after 127000 ms: Could not connect to server   (no -m: the
 *        kernel gives up the SYN after tcp_syn_retries = 6, 1+2+…+64 = 127 s)
 *
 * A name goes through the pod's getaddrinfo inside the probe (/etc/hosts, then DNS, every query
 * walked; a pod name is no hostname). `-v` prints curl's own lines (`* `, `> ` request,
 * `< ` response) as on a terminal (no `{ [N bytes data]`, which needs stdout not to be a tty).
 * The "after N ms" counts from the start of the transfer, name resolution included.
 * Not modelled: paths other than `/` (the probe sends `GET /`), IPv6 (`localhost` is ::1 first),
 * the progress meter (so -o needs -s), other schemes and options.
 */
import type { Trace } from '../model/trace';
import { hostsFor, hostsLookup } from '../dns/hosts';
import { curlGetRequest } from '../trace/tcp';
import { httpRequestText, httpResponseHead } from '../wire/app-size';
import { isIpv4 } from '../wire/ipv4';
import { type CommandResult, done, NOT_MODELLED_EXIT, notModelled, type Shell } from './context';
import { l4Of, lookupError, sendProbes, unsent } from './send';

const SYN_GIVE_UP_MS = 127_000;

export interface CurlOptions {
  readonly host: string;
  readonly port: number;
  readonly maxTimeSec?: number;
  readonly silent: boolean;
  readonly showErrors: boolean;
  /** the request line's path, for the request curl sends */
  readonly path: string;
  readonly verbose?: boolean;
  /** -o: where the body goes (only /dev/null is modelled) */
  readonly output?: string;
  /** -w: the write-out format */
  readonly writeOut?: string;
}

/** The bytes of curl's GET request, the TCP payload the probe carries (the same text httpGet sends). */
export function requestBytes(o: CurlOptions): number {
  return httpRequestText(curlGetRequest(o.host, o.port)).length;
}

export function parseCurlArgs(argv: readonly string[]): CurlOptions | { error: string; exitCode: number } {
  let url: string | undefined;
  let maxTimeSec: number | undefined;
  let silent = false;
  let showErrors = false;
  let verbose = false;
  let output: string | undefined;
  let writeOut: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-m' || a === '--max-time' || a === '--connect-timeout') {
      const v = Number(argv[++i]);
      if (!(v > 0)) return { error: `curl: option ${a}: expected a proper numerical parameter`, exitCode: 2 };
      maxTimeSec = maxTimeSec === undefined ? v : Math.min(maxTimeSec, v);
    } else if (a === '-o' || a === '--output') output = argv[++i] ?? '';
    else if (a === '-w' || a === '--write-out') writeOut = argv[++i] ?? '';
    else if (/^-[sSfLv]+$/.test(a)) {
      if (a.includes('s')) silent = true;
      if (a.includes('S')) showErrors = true;
      if (a.includes('v')) verbose = true;
    } else if (a === '--silent') silent = true;
    else if (a === '--show-error') showErrors = true;
    else if (a === '--verbose') verbose = true;
    else if (a.startsWith('-')) return { error: `podpath: curl ${a} is not modelled yet in this lab`, exitCode: 127 };
    else url = a;
  }
  if (!url) return { error: "curl: try 'curl --help' or 'curl --manual' for more information", exitCode: 2 };
  const m = /^(?:(\w+):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(url);
  if (!m) return { error: `curl: (3) URL rejected: Malformed input to a URL function`, exitCode: 3 };
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http') return { error: `podpath: curl ${scheme}:// is not modelled yet in this lab (TLS and other protocols); use http://`, exitCode: 127 };
  const port = m[3] !== undefined ? Number(m[3]) : 80;
  if (port < 1 || port > 65535) return { error: `curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535`, exitCode: 3 };
  return {
    host: m[2],
    port,
    maxTimeSec,
    silent,
    showErrors,
    path: m[4] && m[4].startsWith('/') ? m[4].replace(/#.*$/, '') : `/${(m[4] ?? '').replace(/#.*$/, '')}`,
    ...(verbose ? { verbose } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(writeOut !== undefined ? { writeOut } : {}),
  };
}

/** Did the handshake complete? The walk shows a SYN-ACK coming back to the client. */
function connected(t: Trace): boolean {
  return t.hops.some((h) => {
    const l4 = l4Of(h);
    return h.dir === 'reply' && l4?.kind === 'tcp' && l4.flags.includes('SYN') && l4.flags.includes('ACK');
  });
}

/** connect()'s errno text (strerror) for how the SYN failed: RST or ICMP (LNX net/ipv4/icmp.c icmp_err_convert). */
function connectErrno(t: Trace): string {
  if (t.localError === 'ENETUNREACH' || t.icmp?.code === 0) return 'Network is unreachable';
  if (t.localError === 'EHOSTUNREACH' || (t.icmp && t.icmp.code !== 3)) return 'No route to host';
  return 'Connection refused';
}

/** The reason phrases of the statuses the lab's servers and proxies send (RFC 9110 §15). */
const STATUS_TEXT: Readonly<Record<number, string>> = { 200: 'OK', 403: 'Forbidden' };

/** -w: %{http_code} and the backslash escapes curl's write-out knows (src/tool_writeout.c). */
function writeOutText(fmt: string, t: Trace): string {
  const code = t.http ? String(t.http.status).padStart(3, '0') : '000';
  return fmt
    .replace(/%\{http_code\}|%\{response_code\}/g, code)
    .replace(/%\{remote_ip\}/g, t.verdict === 'delivered' || t.http ? (t.sent?.dst ?? '') : '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\r/g, '\r');
}

/** The lines and exit code curl gives for a finished http probe. Pure. */
export function formatCurl(o: CurlOptions, t: Trace): { lines: string[]; exitCode: number } {
  const bad = unsent(t);
  if (bad?.kind === 'not-modelled') return { lines: [`podpath: ${bad.note}`], exitCode: NOT_MODELLED_EXIT };
  const quiet = o.silent && !o.showErrors;
  const v: string[] = [];
  const verbose = (...lines: string[]) => {
    if (o.verbose) v.push(...lines.map((l) => `* ${l}`));
  };
  const finish = (code: number, error?: string, body?: string): { lines: string[]; exitCode: number } => {
    if (error) verbose(error, 'closing connection #0');
    const lines = [...v];
    if (body !== undefined && o.output !== '/dev/null') lines.push(...body.replace(/\n$/, '').split('\n'));
    if (code === 0 && o.verbose) lines.push(`* Connection #0 to host ${o.host} left intact`);
    if (error && !quiet) lines.push(`curl: (${code}) ${error}`);
    if (o.writeOut !== undefined) lines.push(...writeOutText(o.writeOut, t).replace(/\n$/, '').split('\n'));
    return { lines, exitCode: code };
  };
  if (bad || lookupError(t)) return finish(6, `Could not resolve host: ${o.host}`);
  const ip = t.target?.ip ?? t.sent?.dst ?? o.host;
  if (!isIpv4(o.host) && t.lookup) {
    verbose(`Host ${o.host}:${o.port} was resolved.`, `IPv6: ${t.lookup.addresses6?.join(', ') || '(none)'}`, `IPv4: ${t.lookup.addresses.join(', ')}`);
  }
  verbose(`  Trying ${ip}:${o.port}...`);
  const elapsed = Math.round(t.elapsed);
  const failedConnect = `Failed to connect to ${o.host} port ${o.port} after`;
  // a response was read (the server's, or a policy proxy's refusal in its place): curl prints it and exits 0
  if (t.verdict === 'rejected' && !t.http) {
    verbose(`connect to ${ip} port ${o.port} from ${t.sent?.src ?? '?'} port ${t.sent?.sport ?? 0} failed: ${connectErrno(t)}`);
    return finish(7, `${failedConnect} ${elapsed} ms: Could not connect to server`);
  }
  const up = connected(t) || t.verdict === 'delivered' || !!t.http;
  if (up) {
    verbose(`Connected to ${o.host} (${ip}) port ${o.port}`, 'using HTTP/1.x');
    if (o.verbose)
      v.push(
        ...httpRequestText(curlGetRequest(o.host, o.port))
          .split('\r\n')
          .slice(0, -1)
          .map((l) => `> ${l}`),
      );
    verbose('Request completely sent off');
  }
  if (t.http) {
    // the lab's server always answers 200 OK (trace/tcp-server.ts); Cilium's L7 proxy refuses with 403 Forbidden
    const head = httpResponseHead({ status: t.http.status, reason: STATUS_TEXT[t.http.status] ?? '', body: t.http.body });
    if (o.verbose) v.push(...head.map((l) => `< ${l}`), '< ');
    return finish(0, undefined, t.http.body);
  }
  if (o.maxTimeSec !== undefined) {
    const waited = Math.round(o.maxTimeSec * 1000) + 1;
    return finish(28, up ? `Operation timed out after ${waited} milliseconds with 0 bytes received` : `Connection timed out after ${waited} milliseconds`);
  }
  // No -m and the data never arrives: TCP retransmits until tcp_retries2 gives up.
  if (up) return finish(56, 'Recv failure: Connection timed out');
  verbose(`connect to ${ip} port ${o.port} from ${t.sent?.src ?? '?'} port ${t.sent?.sport ?? 0} failed: Connection timed out`);
  return finish(28, `${failedConnect} ${SYN_GIVE_UP_MS} ms: Could not connect to server`);
}

export function curlCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const o = parseCurlArgs(argv);
  if ('error' in o) return done(shell, o.error, o.exitCode);
  if (o.path !== '/') return notModelled(shell, `curl ${o.host}${o.path} (the lab's HTTP probe sends GET /; other paths)`);
  if (o.output !== undefined && o.output !== '/dev/null' && o.output !== '-') return notModelled(shell, `curl -o ${o.output} (the lab has no filesystem)`);
  if (o.output === '/dev/null' && !o.silent) return notModelled(shell, 'curl -o without -s (the progress meter)');
  const v6 = isIpv4(o.host) ? undefined : hostsLookup(hostsFor(shell.lab.cluster, shell.netns.id), o.host, 6);
  if (v6 || o.host === 'localhost') return notModelled(shell, `curl ${o.host}: IPv6 (::1 is tried first)`);
  const timeout = o.maxTimeSec ?? SYN_GIVE_UP_MS / 1000;
  const spec = { id: 'curl', from: shell.from, to: `${o.host}:${o.port}`, protocol: 'http' as const, timeout };
  const sent = sendProbes(shell.lab, [spec], 0, undefined, { toIsHostname: true });
  const t = sent.traces[0];
  if (sent.error || !t) return { lab: sent.lab, output: `podpath: curl could not be sent: ${sent.error ?? 'no trace'}`, exitCode: 2, traces: sent.traces };
  const r = formatCurl(o, t);
  return { lab: sent.lab, output: r.lines.join('\n'), exitCode: r.exitCode, traces: sent.traces };
}
