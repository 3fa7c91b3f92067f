/**
 * `curl [-s] [-S] [-m SECS] [--connect-timeout SECS] [-o FILE] http://HOST[:PORT][/PATH]` as a
 * TCP probe. Error wording is curl 8's (lib/connect.c, lib/multi.c):
 *
 *   curl: (7) Failed to connect to 10.244.2.2 port 8080 after 0 ms: Couldn't connect to server
 *   curl: (28) Connection timed out after 10001 milliseconds            (-m, still connecting)
 *   curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received   (connected)
 *   curl: (28) Failed to connect to … after 127000 ms: Couldn't connect to server   (no -m: the
 *        kernel gives up the SYN after tcp_syn_retries = 6, 1+2+…+64 = 127 s)
 *
 * The answer is simulated: every listening container in the lab runs a stand-in HTTP server
 * that replies with its pod name and the client address it saw, like the kernel oracle's
 * backend.py (`pod-b client=10.244.1.2:57944`) — so SNAT and DNAT are visible.
 */
import type { Trace } from '../trace/types';
import { type CommandResult, done, NOT_MODELLED_EXIT, type Shell } from './context';
import { l4Of, sendProbes, unsent } from './send';

const SYN_GIVE_UP_MS = 127_000;

export interface CurlOptions {
  readonly host: string;
  readonly port: number;
  readonly maxTimeSec?: number;
  readonly silent: boolean;
  readonly showErrors: boolean;
  /** the request line's path, for the request curl sends */
  readonly path: string;
}

/** The bytes of curl's GET request (curl 7.88.1, Debian 12), the TCP payload the probe carries. */
export function requestBytes(o: CurlOptions): number {
  const host = o.port === 80 ? o.host : `${o.host}:${o.port}`;
  return `GET ${o.path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n`.length;
}

export function parseCurlArgs(argv: readonly string[]): CurlOptions | { error: string; exitCode: number } {
  let url: string | undefined;
  let maxTimeSec: number | undefined;
  let silent = false;
  let showErrors = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-m' || a === '--max-time' || a === '--connect-timeout') {
      const v = Number(argv[++i]);
      if (!(v > 0)) return { error: `curl: option ${a}: expected a proper numerical parameter`, exitCode: 2 };
      maxTimeSec = maxTimeSec === undefined ? v : Math.min(maxTimeSec, v);
    } else if (a === '-o' || a === '--output') i++;
    else if (/^-[sSfLv]+$/.test(a)) {
      if (a.includes('s')) silent = true;
      if (a.includes('S')) showErrors = true;
    } else if (a === '--silent') silent = true;
    else if (a === '--show-error') showErrors = true;
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
  };
}

/** Did the handshake complete? The walk shows a SYN-ACK coming back to the client. */
function connected(t: Trace): boolean {
  return t.hops.some((h) => {
    const l4 = l4Of(h);
    return h.dir === 'reply' && l4?.kind === 'tcp' && l4.flags.includes('SYN') && l4.flags.includes('ACK');
  });
}

/** What the simulated server answers: which pod took the request and which client it saw. */
function body(t: Trace): string {
  const at = [...t.hops].reverse().find((h) => h.kind === 'deliver' && h.dir === 'request');
  if (!at) return 'podpath: the server answered (simulated)';
  const ip = at.headers.find((x) => x.kind === 'ipv4');
  const l4 = l4Of(at);
  const who = at.netns === 'host' ? at.node : at.netns;
  return `${who} client=${ip && ip.kind === 'ipv4' ? ip.src : '?'}:${l4?.srcPort ?? '?'}`;
}

/** The lines and exit code curl gives for a finished probe. Pure. */
export function formatCurl(o: CurlOptions, t: Trace): { lines: string[]; exitCode: number } {
  const bad = unsent(t);
  if (bad?.kind === 'not-modelled') return { lines: [`podpath: ${bad.note}`], exitCode: NOT_MODELLED_EXIT };
  if (bad) return { lines: o.silent && !o.showErrors ? [] : [`curl: (6) Could not resolve host: ${o.host}`], exitCode: 6 };
  if (t.verdict === 'delivered') return { lines: [body(t)], exitCode: 0 };
  const quiet = o.silent && !o.showErrors;
  let line: string;
  let code: number;
  if (t.verdict === 'rejected') {
    code = 7;
    line = `curl: (7) Failed to connect to ${o.host} port ${o.port} after ${Math.round(t.elapsed)} ms: Couldn't connect to server`;
  } else if (o.maxTimeSec !== undefined) {
    code = 28;
    const waited = Math.round(o.maxTimeSec * 1000) + 1;
    line = connected(t)
      ? `curl: (28) Operation timed out after ${waited} milliseconds with 0 bytes received`
      : `curl: (28) Connection timed out after ${waited} milliseconds`;
  } else if (connected(t)) {
    // No -m and the data never arrives: TCP retransmits until tcp_retries2 gives up.
    code = 56;
    line = 'curl: (56) Recv failure: Connection timed out';
  } else {
    code = 28;
    line = `curl: (28) Failed to connect to ${o.host} port ${o.port} after ${SYN_GIVE_UP_MS} ms: Couldn't connect to server`;
  }
  return { lines: quiet ? [] : [line], exitCode: code };
}

export function curlCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const o = parseCurlArgs(argv);
  if ('error' in o) return done(shell, o.error, o.exitCode);
  const timeout = o.maxTimeSec ?? SYN_GIVE_UP_MS / 1000;
  const sent = sendProbes(shell.lab, [{ id: 'curl', from: shell.from, to: `${o.host}:${o.port}`, protocol: 'tcp', size: requestBytes(o), timeout }]);
  const t = sent.traces[0];
  if (sent.error || !t) return { lab: sent.lab, output: `podpath: curl could not be sent: ${sent.error ?? 'no trace'}`, exitCode: 2, traces: sent.traces };
  const r = formatCurl(o, t);
  return { lab: sent.lab, output: r.lines.join('\n'), exitCode: r.exitCode, traces: sent.traces };
}
