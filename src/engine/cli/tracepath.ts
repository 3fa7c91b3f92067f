/**
 * `tracepath [-n] [-m HOPS] DST` (iputils 20221126 tracepath.c) from a `tracepath` probe's Trace
 * (trace/tracepath.ts; traceroute has its own probe and printer, traceroute.ts). Layout from
 * the kernel oracle:
 *
 *    1?: [LOCALHOST]                      pmtu 1500
 *    1:  10.244.1.1                                            0.081ms ⎵
 *    1:  10.244.1.1                                            0.010ms ⎵
 *    2:  10.244.1.1                                            0.014ms pmtu 1400
 *    2:  192.168.50.2                                          0.026ms ⎵
 *    3:  10.244.2.2                                            0.031ms reached
 *        Resume: pmtu 1400 hops 3 back 3 ⎵
 *
 * Each line comes from the walk's `trace.tracepath` answers (one per probe that got an
 * answer or none): a frag-needed prints `pmtu N` and the same TTL is probed again, the
 * destination's port unreachable prints `reached`, net/host unreachable `!N`/`!H`. The first
 * TTL is printed twice, as on every oracle run: tracepath.c probes TTL 1 again after the
 * first probe also reported the LOCALHOST MTU. `back` is 65 − reply TTL (tracepath's rethops
 * for a Linux sender's 64). Times are simulated (send.ts).
 * Not modelled: `asymm` (lab paths are symmetric) and reverse DNS (output is numeric with or without -n).
 * A name is resolved first with getaddrinfo (resolve.ts, every query walked); a failed lookup
 * ends the tool with gai_strerror: `tracepath: NAME: …` exit 1 (tracepath.c `error(1, 0, "%s: %s")`),
 * traceroute's `NAME: …` and its usage complaint, exit 2.
 */
import type { Lab } from '../lab';
import type { Trace, TracepathLine } from '../model/trace';
import { isIpv4 } from '../wire/ipv4';
import { type CommandResult, done, NOT_MODELLED_EXIT, notModelled, type Shell } from './context';
import { gaiText, getaddrinfo } from './resolve';
import { cachedPmtu } from './ip-route';
import { lookupRoute } from '../tables/route';
import { sendProbes, unsent } from './send';

export interface PathOptions {
  readonly target: string;
  readonly maxHops: number;
  readonly numeric: boolean;
}

export function parsePathArgs(tool: string, argv: readonly string[]): PathOptions | { error: string } {
  let maxHops = 30;
  let numeric = false;
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n') numeric = true;
    else if (a === '-m' || (a.startsWith('-m') && a.length > 2)) {
      const v = Number(a === '-m' ? argv[++i] : a.slice(2));
      if (!Number.isInteger(v) || v < 1 || v > 255) return { error: `${tool}: invalid max hops value` };
      maxHops = v;
    } else if (a.startsWith('-')) return { error: `podpath: ${tool} ${a} is not modelled yet in this lab` };
    else targets.push(a);
  }
  if (targets.length !== 1)
    return {
      error: tool === 'tracepath' ? 'Usage: tracepath [-4] [-6] [-n] [-b] [-l <len>] [-p port] <destination>' : 'Usage: traceroute [ -n ] [ -m max_ttl ] host',
    };
  return { target: targets[0], maxHops, numeric };
}

/** Simulated per-TTL time in ms; the first reply from hop 1 is the cold one. */
function simTime(ttl: number, first = false): number {
  return first ? 0.045 : 0.01 + 0.012 * (ttl - 1);
}

function ms(t: number): string {
  const us = Math.round(t * 1000);
  return `${String(Math.floor(us / 1000)).padStart(3)}.${String(us % 1000).padStart(3, '0')}ms`;
}

function hopLine(ttl: number, addr: string, t: number, suffix: string): string {
  return `${String(ttl).padStart(2)}:  ${addr.padEnd(52)}${ms(t)} ${suffix}`;
}

/** ICMP errors that end a trace, as tracepath marks them. */
function unreachMark(u: TracepathLine['unreachable']): string {
  return u === 'net' ? '!N' : u === 'host' ? '!H' : '';
}

/** The walk's per-TTL answers; from `path` alone when an older trace lacks them. */
function answers(t: Trace): readonly TracepathLine[] {
  if (t.tracepath) return t.tracepath;
  const path = t.path ?? [];
  return path.map((from, i) => ({ ttl: i + 1, from, t: 0, reached: i === path.length - 1 && t.verdict === 'delivered' }));
}

/** tracepath's lines for one trace; `localMtu` is the sender's first-hop MTU (or cached PMTU). */
export function formatTracepath(o: PathOptions, localMtu: number, t: Trace): string[] {
  // No route: every sendto() fails before a LOCALHOST MTU is known (tracepath.c probe_ttl;
  // the initial probe size of 65535 is unverified against a real run).
  if (t.localError === 'ENETUNREACH') return [' 1:  send failed', '     Resume: pmtu 65535 '];
  const out = [` 1?: ${'[LOCALHOST]'.padEnd(32)} pmtu ${localMtu}`];
  const lines = answers(t).filter((l) => l.ttl <= o.maxHops);
  let pmtu = localMtu;
  lines.forEach((l, i) => {
    if (l.from === null) {
      out.push(`${String(l.ttl).padStart(2)}:  no reply`);
      return;
    }
    if (l.pmtu !== undefined) pmtu = l.pmtu;
    const suffix = l.pmtu !== undefined ? `pmtu ${l.pmtu}` : l.reached ? 'reached' : unreachMark(l.unreachable);
    // The first probe at TTL 1 also carried the LOCALHOST discovery, so tracepath probes TTL 1 again.
    if (i === 0 && l.ttl === 1 && !l.reached && !l.unreachable) out.push(hopLine(1, l.from, simTime(1, true), suffix));
    out.push(hopLine(l.ttl, l.from, simTime(l.ttl), suffix));
  });
  pmtu = t.pmtu ?? pmtu;
  const last = lines[lines.length - 1];
  if (last?.reached) {
    const rt = last.replyTtl ?? t.replyTtl;
    return [...out, `     Resume: pmtu ${pmtu} hops ${last.ttl} back ${rt !== undefined ? 65 - rt : last.ttl} `];
  }
  if (last?.unreachable) return [...out, `     Resume: pmtu ${pmtu} `];
  return [...out, `     Too many hops: pmtu ${pmtu}`, `     Resume: pmtu ${pmtu} `];
}

/** The MTU tracepath starts from: a cached PMTU, else the route's MTU, else its device's. */
export function localPathMtu(shell: Shell, dst: string): number {
  const cached = cachedPmtu(shell.lab, shell.netns.id, dst);
  if (cached) return cached.mtu;
  const r = lookupRoute(shell.netns, dst)?.route;
  return r?.mtu ?? shell.netns.interfaces.find((d) => d.name === r?.dev)?.mtu ?? 1500;
}

/**
 * A path tool's target as the IPv4 address it probes: a literal as given, else getaddrinfo's
 * first address (its DNS lookup kept as a trace). A lookup that fails gives gai_strerror's text
 * for the tool's own message; an IPv6 answer is not modelled.
 */
export function resolvePathTarget(
  shell: Shell,
  tool: string,
  target: string,
): { lab: Lab; traces: Trace[]; dst: string } | { lab: Lab; traces: Trace[]; gaiError: string } | { result: CommandResult } {
  if (isIpv4(target)) return { lab: shell.lab, traces: [], dst: target };
  const g = getaddrinfo(shell, target);
  const traces = g.trace ? [g.trace] : [];
  if (g.error) return { lab: g.lab, traces, gaiError: gaiText(shell, g.error) };
  if (g.addresses6.length) return { result: { ...notModelled({ ...shell, lab: g.lab }, `${tool} ${target}: IPv6 (${g.addresses6[0]})`), traces } };
  return { lab: g.lab, traces, dst: g.addresses[0] };
}

export function tracepathCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const tool = 'tracepath';
  const o = parsePathArgs(tool, argv);
  if ('error' in o) return done(shell, o.error, 2);
  const r = resolvePathTarget(shell, tool, o.target);
  if ('result' in r) return r.result;
  const traces = r.traces;
  if ('gaiError' in r) return { lab: r.lab, output: `tracepath: ${o.target}: ${r.gaiError}`, exitCode: 1, traces };
  const dst = r.dst;
  let lab = r.lab;
  const localMtu = localPathMtu({ ...shell, lab }, dst);
  const sent = sendProbes(lab, [{ id: tool, from: shell.from, to: dst, protocol: 'tracepath', ttl: o.maxHops }]);
  lab = sent.lab;
  traces.push(...sent.traces);
  const t = sent.traces[0];
  const bad = t && unsent(t);
  if (bad?.kind === 'not-modelled') return { lab, output: `podpath: ${bad.note}`, exitCode: NOT_MODELLED_EXIT, traces };
  if (bad || sent.error || !t) return { lab, output: `podpath: ${tool} could not be sent: ${sent.error ?? 'no trace'}`, exitCode: 2, traces };
  return { lab, output: formatTracepath(o, localMtu, t).join('\n'), exitCode: 0, traces };
}
