/**
 * `traceroute [-n] [-m HOPS] DST` (Butskoy traceroute 2.1, the default UDP method) from a
 * `traceroute` probe's Trace (trace/traceroute.ts: UDP to 33434 and up, 3 probes per TTL).
 * Layout from traceroute.c print_header / print_probe / print_addr:
 *
 *   traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 60 byte packets
 *    1  10.244.1.1 (10.244.1.1)  0.048 ms  0.040 ms  0.040 ms
 *    2  * * *
 *    3  10.244.2.2 (10.244.2.2)  0.164 ms !H  0.156 ms !H  0.156 ms !H
 *
 * `%2u ` per TTL; per probe ` *` when nothing answered, else the address (only when it differs
 * from the probe before it on the line), `  %.3f ms` and ` !X` flags. Without -n each address
 * is shown as `name (address)`: getnameinfo asks the sender's resolver for a PTR (each distinct
 * address once here; a name it does not find prints the address twice). The times are the
 * lab clock's round trips of each probe, never a real clock.
 */
import type { Trace, TracerouteProbe } from '../model/trace';
import type { Lab } from '../lab';
import { type CommandResult, done, NOT_MODELLED_EXIT, type Shell } from './context';
import { reverseLookup } from './resolve';
import { destinationIp, sendProbes, unsent } from './send';
import { TRACEROUTE_DATA_BYTES } from '../model/shapes';
import { TRACEROUTE_PROBES_PER_HOP } from '../trace/traceroute';
import { parsePathArgs, resolvePathTarget, type PathOptions } from './tracepath';

function addr(ip: string, o: PathOptions, names: ReadonlyMap<string, string>): string {
  return o.numeric ? ` ${ip}` : ` ${names.get(ip) ?? ip} (${ip})`;
}

/** One line per TTL, as print_probe writes it. */
function hopLine(ttl: number, probes: readonly TracerouteProbe[], o: PathOptions, names: ReadonlyMap<string, string>): string {
  let line = `${String(ttl).padStart(2)} `;
  let prev: string | null = null;
  for (const p of probes) {
    if (!p.from) {
      line += ' *';
      continue;
    }
    if (p.from !== prev) line += addr(p.from, o, names);
    prev = p.from;
    line += `  ${(p.rtt ?? 0).toFixed(3)} ms${p.mark ? ` ${p.mark}` : ''}`;
  }
  return line;
}

/** traceroute's lines for one trace (the header, then a line per TTL probed). */
export function formatTraceroute(o: PathOptions, dst: string, t: Trace, names: ReadonlyMap<string, string> = new Map()): string[] {
  const bytes = (t.sent?.size ?? TRACEROUTE_DATA_BYTES) + 28;
  const out = [`traceroute to ${o.target} (${dst}), ${o.maxHops} hops max, ${bytes} byte packets`];
  if (t.localError === 'ENETUNREACH') return [...out, 'connect: Network is unreachable'];
  const probes = t.traceroute ?? [];
  const ttls = [...new Set(probes.map((p) => p.ttl))].sort((a, b) => a - b);
  for (const ttl of ttls) out.push(hopLine(ttl, probes.filter((p) => p.ttl === ttl).slice(0, TRACEROUTE_PROBES_PER_HOP), o, names));
  return out;
}

/** getnameinfo for every distinct address traceroute prints, through the sender's resolver. */
function reverseNames(shell: Shell, lab: Lab, t: Trace, traces: Trace[]): { lab: Lab; names: Map<string, string> } {
  const names = new Map<string, string>();
  for (const ip of new Set((t.traceroute ?? []).flatMap((p) => (p.from ? [p.from] : [])))) {
    const r = reverseLookup(shell, lab, ip);
    lab = r.lab;
    if (r.trace) traces.push(r.trace);
    if (r.name) names.set(ip, r.name);
  }
  return { lab, names };
}

export function tracerouteCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const o = parsePathArgs('traceroute', argv);
  if ('error' in o) return done(shell, o.error, 2);
  const r = resolvePathTarget(shell, 'traceroute', o.target);
  if ('result' in r) return r.result;
  const traces = r.traces;
  if ('gaiError' in r) {
    // traceroute.c getaddr: "%s: %s" with gai_strerror, then CLIF's complaint about the argument; exit 2
    const msg = [`${o.target}: ${r.gaiError}`, `Cannot handle "host" cmdline arg \`${o.target}' on position 1 (argc ${argv.length})`];
    return { lab: r.lab, output: msg.join('\n'), exitCode: 2, traces };
  }
  const dst = r.dst;
  let lab = r.lab;
  const sent = sendProbes(lab, [{ id: 'traceroute', from: shell.from, to: dst, protocol: 'traceroute', ttl: o.maxHops }]);
  lab = sent.lab;
  traces.push(...sent.traces);
  const t = sent.traces[0];
  const bad = t && unsent(t);
  if (bad?.kind === 'not-modelled') return { lab, output: `podpath: ${bad.note}`, exitCode: NOT_MODELLED_EXIT, traces };
  if (bad || sent.error || !t) return { lab, output: `podpath: traceroute could not be sent: ${sent.error ?? 'no trace'}`, exitCode: 2, traces };
  let names = new Map<string, string>();
  if (!o.numeric) ({ lab, names } = reverseNames({ ...shell, lab }, lab, t, traces));
  const lines = formatTraceroute(o, destinationIp(dst, sent.traces) ?? dst, t, names);
  // connect() failing is error("connect"): perror and exit 1
  return { lab, output: lines.join('\n'), exitCode: t.localError === 'ENETUNREACH' ? 1 : 0, traces };
}
