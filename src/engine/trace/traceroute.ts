/**
 * traceroute(8) as Linux ships it (Butskoy traceroute 2.1, the "default" UDP method, as an
 * unprivileged user): per probe a new UDP socket, connect()ed to the destination, TTL set with
 * IP_TTL, DF clear (IP_PMTUDISC_DONT unless -F), 32 bytes of data (60-byte packets), the
 * destination port 33434 for the first probe and one more for every probe sent (mod-udp.c
 * curr_port++), 3 probes per TTL (DEF_NUM_PROBES), up to 30 TTLs (DEF_HOPS).
 *
 * Answers come back on the socket's error queue (IP_RECVERR): ICMP time exceeded names a hop
 * and is not final; any other ICMP error is final and flagged (!N, !H, !X, !P, !F-mtu, …;
 * port unreachable means the destination was reached and gets no flag); a UDP datagram back
 * (a server listening on that port) is final too (udp_check_reply: `if (!err) pb->final = 1`).
 * The trace ends after the TTL whose probes held a final answer.
 *
 * Simplification (named in the trace note): probes go one at a time. traceroute keeps up to 16
 * in flight (-N 16) and shortens a wait once a later hop answered (near_factor), so a real run
 * with silent hops ends sooner than the lab clock says; here a silent probe waits the full
 * 5 s (-w 5) unless another probe of its TTL answered (here_factor 3: 3 × that round trip).
 */
import type { ProbeSpec } from '../model/scenario-schema';
import type { TracerouteProbe } from '../model/trace';
import { TRACEROUTE_DATA_BYTES } from '../model/shapes';
import { makePkt } from '../wire/packet';
import type { Endpoint } from './endpoints';
import { localFailure, type Partial } from './outcome';
import type { Arrival, Walker } from './walker';

/** traceroute.h DEF_START_PORT */
export const TRACEROUTE_BASE_PORT = 33434;
/** traceroute.h DEF_NUM_PROBES */
export const TRACEROUTE_PROBES_PER_HOP = 3;
/** traceroute.c DEF_WAIT_SECS 5.0 and DEF_HERE_FACTOR 3 */
const WAIT_MS = 5000;
const HERE_FACTOR = 3;

export const TRACEROUTE_NOTE =
  'traceroute sends its probes one at a time here; the real one keeps up to 16 in flight (-N 16), so with silent hops it finishes sooner than the lab clock shows';

/** The flag traceroute prints for an ICMP destination unreachable code (traceroute.c recv_reply). */
function unreachMark(code: number, mtu?: number): string | undefined {
  if (code === 3) return undefined; // port unreachable: the destination itself answered
  if (code === 0 || code === 6 || code === 8 || code === 11) return '!N';
  if (code === 1 || code === 7 || code === 12) return '!H';
  if (code === 9 || code === 10 || code === 13) return '!X';
  if (code === 2) return '!P';
  if (code === 4) return `!F-${mtu ?? 0}`;
  if (code === 5) return '!S';
  if (code === 14) return '!V';
  if (code === 15) return '!C';
  return `!<${code}>`;
}

/** What reached this probe's socket: an ICMP error quoting it, or a datagram to its port. */
function answerOf(w: Walker, nsId: string, since: number, src: string, sport: number, dport: number): Arrival | undefined {
  return w.arrivals.slice(since).find((a) => {
    if (a.ns !== nsId) return false;
    const l4 = a.pkt.l4;
    if (l4?.kind === 'udp') return a.sock?.role === 'client' && l4.dstPort === sport;
    if (l4?.kind !== 'icmp' || l4.type === 0 || l4.type === 8) return false;
    const q = a.pkt.quote;
    const ql4 = q?.l4;
    return q?.ip.src === src && ql4?.kind === 'udp' && ql4.srcPort === sport && ql4.dstPort === dport;
  });
}

export function traceroute(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec): Partial {
  const ns = w.ns(from.netns!);
  const maxHops = spec.ttl ?? 30;
  const size = spec.size ?? TRACEROUTE_DATA_BYTES;
  const waitMs = spec.timeout !== undefined ? spec.timeout * 1000 : WAIT_MS;
  const probes: TracerouteProbe[] = [];
  let port = TRACEROUTE_BASE_PORT;
  let firstSport: number | undefined;
  let src = from.ip;
  let final = false;
  for (let ttl = 1; ttl <= maxHops && !final; ttl++) {
    const answeredRtts: number[] = [];
    for (let q = 0; q < TRACEROUTE_PROBES_PER_HOP; q++, port++) {
      const quiet = q > 0;
      const ctx = { dir: 'request' as const, quiet };
      // udp_send_probe: socket(), connect() — a cgroup connect4 program (socket LB) sees it — then send()
      const lb = w.sockConnect(ns.id, 'udp', to.ip, port, ctx);
      const sport = w.k.nextPort();
      firstSport ??= sport;
      const start = w.arrivals.length;
      const sendT = w.t;
      w.clientSockets.push({ ns: ns.id, proto: 'udp', localPort: sport, remote: { ip: lb.dst, port: lb.dport }, role: 'client' });
      const pkt = makePkt(
        { src: w.sourceTowards(ns.id, lb.dst), dst: lb.dst, ttl, df: false, proto: 'udp', id: w.k.nextIpId() },
        { kind: 'udp', srcPort: sport, dstPort: lb.dport },
        size,
      );
      const note =
        `traceroute probe ${q + 1} of ${TRACEROUTE_PROBES_PER_HOP} for TTL ${ttl}: UDP to port ${port}, ${size + 28} bytes, DF clear` +
        (q === 0 ? ' (probes 2 and 3 of this TTL are walked too, not shown)' : '');
      w.hop(ctx, { ns, kind: 'send', note, pkt });
      const status = lb.error ?? w.output(ns.id, pkt, ctx);
      src = w.chosenSrc ?? src;
      const fail = localFailure(w, status, waitMs);
      // connect()/send() failing ends traceroute at once (error("connect") / a send error), before any line
      if (fail && status !== 'EHOSTUNREACH') return { ...fail, traceroute: probes, path: pathOf(probes), note: TRACEROUTE_NOTE };
      const here = answeredRtts.length ? Math.min(waitMs, HERE_FACTOR * answeredRtts[0]) : waitMs;
      const a = status === 'EHOSTUNREACH' ? undefined : answerOf(w, ns.id, start, src, sport, lb.dport);
      if (!a || a.t - sendT > here) {
        probes.push({ ttl, port, from: null });
        w.t = Math.max(w.t, sendT + here);
        continue;
      }
      const rtt = Math.round((a.t - sendT) * 1000) / 1000;
      answeredRtts.push(rtt);
      const l4 = a.pkt.l4;
      if (l4?.kind !== 'icmp') {
        probes.push({ ttl, port, from: a.pkt.ip.src, rtt, final: true });
        final = true;
        continue;
      }
      const icmp = { type: l4.type, code: l4.code };
      if (l4.type === 11) probes.push({ ttl, port, from: a.pkt.ip.src, rtt, icmp });
      else {
        const mark = l4.type === 3 ? unreachMark(l4.code, l4.mtu) : `!<${l4.type}>`;
        probes.push({ ttl, port, from: a.pkt.ip.src, rtt, icmp, final: true, ...(mark ? { mark } : {}) });
        final = true;
      }
    }
  }
  const sent = { src, dst: to.ip, sport: firstSport, dport: TRACEROUTE_BASE_PORT, size, df: false, protocol: 'traceroute' };
  const base = { traceroute: probes, path: pathOf(probes), sent, note: TRACEROUTE_NOTE, elapsed: w.t };
  const last = probes.filter((p) => p.final);
  const reached = last.find((p) => !p.mark);
  if (reached) return { ...base, verdict: 'delivered', reason: 'DELIVERED' };
  const flagged = last[0];
  if (flagged?.icmp) {
    const c = flagged.icmp.code;
    const reason = c === 0 ? 'NET_UNREACHABLE' : c === 1 ? 'HOST_UNREACHABLE' : c === 13 ? 'ADMIN_PROHIBITED' : c === 4 ? 'FRAG_NEEDED' : 'HOST_UNREACHABLE';
    return { ...base, verdict: 'rejected', reason, icmp: { ...flagged.icmp, from: flagged.from! } };
  }
  return { ...base, verdict: 'dropped', reason: 'TIMEOUT' };
}

/** The addresses traceroute prints, in order, each once where it repeats. */
export function pathOf(probes: readonly TracerouteProbe[]): string[] {
  const out: string[] = [];
  for (const p of probes) if (p.from && out[out.length - 1] !== p.from) out.push(p.from);
  return out;
}
