/**
 * `ping [-c N] [-s SIZE] [-M do|dont|want|probe] [-W SECS] [-t TTL] [-i SECS] [-n] [-q] DST`,
 * printed as iputils 20221126 prints it (ping/ping.c, ping/ping_common.c), wording checked
 * against the kernel oracle:
 *
 *   PING 10.244.2.2 (10.244.2.2) 56(84) bytes of data.
 *   64 bytes from 10.244.2.2: icmp_seq=1 ttl=62 time=0.079 ms
 *   From 10.244.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)
 *   ping: local error: message too long, mtu=1450
 *
 *   --- 10.244.2.2 ping statistics ---
 *   1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms
 *
 * `ping: connect: Network is unreachable` (no route at the sender) ends ping before it
 * sends anything: no header, no statistics, exit 2. Silent loss and ENOBUFS add no `+N errors`.
 * Without -c ping runs until Ctrl-C; the lab sends 4 and shows the `^C` a learner would type.
 * Times are simulated (send.ts): deterministic, never measured.
 *
 * A name is resolved first with getaddrinfo (resolve.ts: /etc/hosts, then DNS, every query
 * walked); ping prints the canonical name (ai_canonname) and, unless -n, the reverse name of
 * each answering address (pr_addr → getnameinfo: hosts file, then a PTR query), as
 * `64 bytes from web-0.web.prod.svc.cluster.local (10.244.1.10)`. A literal address is never
 * looked up (ping.c: an IPv4 literal sets opt_numeric). A failed lookup ends ping with
 * `ping: NAME: <gai_strerror>`, exit 2, in the pod's libc's words (glibc `Name or service not
 * known`, musl `Name does not resolve`). Simplified: the reverse lookups run after the echoes,
 * so their time does not delay the replies' lines.
 */
import type { ProbeSpec } from '../model/scenario-schema';
import type { Trace } from '../model/trace';
import { MAX_PROBE_PAYLOAD } from '../model/shapes';
import { isIpv4 } from '../wire/ipv4';
import { type CommandResult, done, NOT_MODELLED_EXIT, notModelled, type Shell } from './context';
import { gaiText, getaddrinfo, reverseLookup } from './resolve';
import { requestIp, sendProbes, simulatedRtt, unsent } from './send';

export interface PingOptions {
  readonly target: string;
  readonly count?: number;
  readonly size: number;
  readonly pmtudisc?: 'do' | 'dont' | 'want' | 'probe';
  readonly timeoutSec?: number;
  readonly ttl?: number;
  readonly intervalSec: number;
  readonly quiet: boolean;
  /** -n: no reverse lookups */
  readonly numeric?: boolean;
}

const SENDMSG_ERRNO = { ENOBUFS: 'No buffer space available', EPERM: 'Operation not permitted', ENETUNREACH: 'Network is unreachable' } as const;

const WITH_ARG = new Set(['c', 's', 'M', 'W', 't', 'i', 'w', 'I']);

export function parsePingArgs(argv: readonly string[]): PingOptions | { error: string } {
  const o: { -readonly [K in keyof PingOptions]: PingOptions[K] } = { target: '', size: 56, intervalSec: 1, quiet: false };
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') {
      targets.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (!WITH_ARG.has(f)) {
        if (f === 'q') o.quiet = true;
        else if (f === 'n') o.numeric = true;
        else if (!'v4DOU'.includes(f)) return { error: `ping: invalid option -- '${f}'` };
        continue;
      }
      const v = a.length > j + 1 ? a.slice(j + 1) : argv[++i];
      if (v === undefined) return { error: `ping: option requires an argument -- '${f}'` };
      const n = Number(v);
      const bad = (range: string) => ({ error: `ping: invalid argument: '${v}': out of range: ${range}` });
      if (f === 'c') {
        if (!Number.isInteger(n) || n < 1) return bad('1 <= value <= 9223372036854775807');
        o.count = n;
      } else if (f === 's') {
        if (!Number.isInteger(n) || n < 0 || n > MAX_PROBE_PAYLOAD) return bad(`0 <= value <= ${MAX_PROBE_PAYLOAD}`);
        o.size = n;
      } else if (f === 'M') {
        if (v !== 'do' && v !== 'dont' && v !== 'want' && v !== 'probe') return { error: `ping: invalid -M argument: ${v}` };
        o.pmtudisc = v;
      } else if (f === 'W') {
        if (!(n >= 0)) return { error: `ping: bad linger time: ${v}` };
        o.timeoutSec = n;
      } else if (f === 't') {
        if (!Number.isInteger(n) || n < 1 || n > 255) return bad('0 <= value <= 255');
        o.ttl = n;
      } else if (f === 'i') {
        if (!(n >= 0)) return { error: `ping: bad timing interval: ${v}` };
        o.intervalSec = n;
      } else return { error: `podpath: ping -${f} is not modelled yet in this lab` };
      break;
    }
  }
  if (targets.length === 0) return { error: 'ping: usage error: Destination address required' };
  if (targets.length > 1) return { error: `podpath: ping to several destinations (${targets.join(' ')}) is not modelled` };
  return { ...o, target: targets[0] };
}

/** iputils pr_icmph wording for the errors a lab produces. */
export function icmpText(type: number, code: number, mtu?: number): string {
  if (type === 3) {
    const text = [
      'Destination Net Unreachable',
      'Destination Host Unreachable',
      'Destination Protocol Unreachable',
      'Destination Port Unreachable',
      `Frag needed and DF set (mtu = ${mtu ?? 0})`,
      'Source Route Failed',
      'Destination Net Unknown',
      'Destination Host Unknown',
      'Source Host Isolated',
      'Destination Net Prohibited',
      'Destination Host Prohibited',
      'Destination Net Unreachable for Type of Service',
      'Destination Host Unreachable for Type of Service',
      'Packet filtered',
      'Precedence Violation',
      'Precedence Cutoff',
    ][code];
    return text ?? `Dest Unreachable, Bad Code: ${code}`;
  }
  if (type === 11) return code === 0 ? 'Time to live exceeded' : code === 1 ? 'Frag reassembly time exceeded' : `Time exceeded, Bad Code: ${code}`;
  return `Bad ICMP type: ${type}`;
}

/** iputils time=… (ping_common.c): 3 decimals under 1 ms, 2 under 10, 1 under 100, none above, in integer µs. */
export function formatRtt(ms: number): string {
  const us = Math.round(ms * 1000);
  const div = (a: number, b: number) => Math.floor(a / b);
  if (us >= 100000 - 50) return String(div(us + 500, 1000));
  if (us >= 10000 - 5) return `${div(us + 50, 1000)}.${div((us + 50) % 1000, 100)}`;
  if (us >= 1000) return `${div(us + 5, 1000)}.${String(div((us + 5) % 1000, 10)).padStart(2, '0')}`;
  return `${div(us, 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

function usec(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** The statistics block's `%g` loss: 6 significant digits, no trailing zeros. */
function percent(tx: number, rx: number): string {
  return String(Number((((tx - rx) * 100) / tx).toPrecision(6)));
}

/**
 * Formats a ping run from its traces (one per packet). Pure: used by the command and by tests.
 * `names`: what pr_addr found for an address (its reverse name), printed as `name (ip)`.
 */
export function formatPing(
  o: PingOptions,
  ip: string,
  traces: readonly Trace[],
  names: ReadonlyMap<string, string> = new Map(),
): { lines: string[]; exitCode: number } {
  const addr = (a: string) => (names.get(a) && names.get(a) !== a ? `${names.get(a)} (${a})` : a);
  if (traces[0]?.localError === 'ENETUNREACH') return { lines: ['ping: connect: Network is unreachable'], exitCode: 2 };
  // ping's connect() does the route lookup first (iputils ping4_run); a blackhole route fails it with EINVAL
  if (traces[0]?.localError === 'EINVAL') return { lines: ['ping: connect: Invalid argument'], exitCode: 2 };
  const lines = [`PING ${o.target} (${ip}) ${o.size}(${o.size + 28}) bytes of data.`];
  const timing = o.size >= 16; // iputils needs room for a struct timeval in the payload to time replies
  const rtts: number[] = [];
  let errors = 0;
  traces.forEach((t, i) => {
    const seq = i + 1;
    let line: string | undefined;
    if (t.verdict === 'delivered') {
      const us = Math.round(simulatedRtt(t) * 1000);
      rtts.push(us);
      line = `${t.replyBytes ?? o.size + 8} bytes from ${addr(ip)}: icmp_seq=${seq} ttl=${t.replyTtl ?? 64}${timing ? ` time=${formatRtt(us / 1000)} ms` : ''}`;
    } else if (t.localError === 'EMSGSIZE') {
      errors++;
      line = `ping: local error: message too long, mtu=${t.localMtu ?? 0}`;
    } else if (t.localError === 'ENOBUFS' || t.localError === 'EPERM' || t.localError === 'ENETUNREACH') {
      // A hard send error: ping counts the packet as sent, prints sendmsg's errno, adds no error.
      line = `ping: sendmsg: ${SENDMSG_ERRNO[t.localError]}`;
    } else if (t.icmp) {
      errors++;
      line = `From ${addr(t.icmp.from)} icmp_seq=${seq} ${icmpText(t.icmp.type, t.icmp.code, t.icmp.mtu)}`;
    } else if (t.localError === 'EHOSTUNREACH') {
      // The sender's own ARP failed: the kernel reports host unreachable from the sender's address.
      errors++;
      line = `From ${addr(t.sent?.src ?? requestIp(t)?.src ?? ip)} icmp_seq=${seq} Destination Host Unreachable`;
    }
    if (line !== undefined && !o.quiet) lines.push(line);
  });
  const tx = traces.length;
  const rx = rtts.length;
  lines.push(o.count === undefined ? '^C' : '');
  lines.push(`--- ${o.target} ping statistics ---`);
  const time = Math.round((tx - 1) * o.intervalSec * 1000 + (tx - 1));
  lines.push(`${tx} packets transmitted, ${rx} received${errors ? `, +${errors} errors` : ''}, ${percent(tx, rx)}% packet loss, time ${time}ms`);
  if (rx > 0 && timing) {
    const sum = rtts.reduce((a, b) => a + b, 0);
    const avg = Math.floor(sum / rx);
    const sum2 = rtts.reduce((a, b) => a + b * b, 0);
    const mdev = Math.floor(Math.sqrt(Math.max(0, sum2 / rx - avg * avg)));
    lines.push(`rtt min/avg/max/mdev = ${usec(Math.min(...rtts))}/${usec(avg)}/${usec(Math.max(...rtts))}/${usec(mdev)} ms`);
  }
  return { lines, exitCode: rx > 0 ? 0 : 1 };
}

/** The addresses pr_addr would print, in order, for the lines formatPing writes. */
function printedAddresses(ip: string, traces: readonly Trace[]): string[] {
  return traces.flatMap((t) =>
    t.verdict === 'delivered' ? [ip] : t.icmp ? [t.icmp.from] : t.localError === 'EHOSTUNREACH' ? [t.sent?.src ?? requestIp(t)?.src ?? ip] : [],
  );
}

export function pingCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const o = parsePingArgs(argv);
  if ('error' in o) return done(shell, o.error, 2);
  const count = o.count ?? 4;
  let lab = shell.lab;
  const traces: Trace[] = [];
  let ip = o.target;
  let shown = o.target;
  const numeric = o.numeric || isIpv4(o.target);
  if (!isIpv4(o.target)) {
    const g = getaddrinfo(shell, o.target);
    lab = g.lab;
    if (g.trace) traces.push(g.trace);
    if (g.error) return { lab, output: `ping: ${o.target}: ${gaiText(shell, g.error)}`, exitCode: 2, traces };
    // RFC 6724 puts ::1 before 127.0.0.1: ping would send ICMPv6, which the lab does not model
    if (g.addresses6.length) return { ...notModelled({ ...shell, lab }, `ping ${o.target}: IPv6 (${g.addresses6[0]})`), traces };
    ip = g.addresses[0];
    shown = g.canonical ?? o.target;
  }
  // Without -M, ping keeps the kernel default IP_PMTUDISC_WANT; -M probe sets DF like do.
  const pmtudisc = o.pmtudisc === 'do' || o.pmtudisc === 'probe' ? 'do' : o.pmtudisc === 'dont' ? 'dont' : 'want';
  const spec: ProbeSpec = { from: shell.from, to: ip, protocol: 'icmp', size: o.size, pmtudisc, timeout: o.timeoutSec, ttl: o.ttl };
  const specs = Array.from({ length: count }, (_, i) => ({ ...spec, id: `ping-${i + 1}` }));
  // ENETUNREACH at connect(): ping stops before its first packet, so nothing more is sent.
  const sent = sendProbes(lab, specs, o.intervalSec * 1000, (t) => t.localError === 'ENETUNREACH' || t.localError === 'EINVAL' || !!unsent(t));
  lab = sent.lab;
  traces.push(...sent.traces);
  const bad = sent.traces.map(unsent).find(Boolean);
  if (bad?.kind === 'not-modelled') return { lab, output: `podpath: ${bad.note}`, exitCode: NOT_MODELLED_EXIT, traces };
  if (bad || sent.error) return { lab, output: `podpath: ping could not be sent: ${sent.error ?? 'no such address'}`, exitCode: 2, traces };
  const names = new Map<string, string>();
  if (!numeric && !o.quiet) {
    let last: string | undefined;
    for (const a of printedAddresses(ip, sent.traces)) {
      if (a === last) continue; // pr_addr remembers only the last address it printed
      last = a;
      const r = reverseLookup(shell, lab, a);
      lab = r.lab;
      if (r.trace) traces.push(r.trace);
      if (r.name) names.set(a, r.name);
    }
  }
  const r = formatPing({ ...o, target: shown }, ip, sent.traces, names);
  return { lab, output: r.lines.join('\n'), exitCode: r.exitCode, traces };
}
