/**
 * tracepath (iputils): UDP probes with DF at the current path MTU and growing TTL. A time
 * exceeded names a hop; a frag-needed lowers the MTU and the same TTL is tried again; the
 * destination's port unreachable ends it ("reached"). `back` comes from the reply TTL.
 */
import type { ProbeSpec } from '../model/scenario-schema';
import { lookupRoute } from '../tables/route';
import { makePkt } from '../wire/packet';
import type { Endpoint } from './endpoints';
import { errorsFor, localFailure, type Partial } from './outcome';
import type { Walker } from './walker';
import type { TracepathLine } from '../model/trace';

const TRACEPATH_PORT = 44444;

export function tracepath(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, timeoutMs: number): Partial {
  const ns = w.ns(from.netns!);
  const r = lookupRoute(ns, to.ip);
  let mtu = w.k.pmtuOf(ns.id, to.ip, w.now()) ?? r?.route.mtu ?? ns.interfaces.find((d) => d.name === r?.route.dev)?.mtu ?? 1500;
  const maxHops = spec.ttl ?? 30;
  const lines: TracepathLine[] = [];
  let reached = false;
  for (let ttl = 1; ttl <= maxHops && !reached; ttl++) {
    let tries = 0;
    while (tries++ < 8) {
      const start = w.arrivals.length;
      const pkt = makePkt(
        { src: w.sourceTowards(from.netns!, to.ip), dst: to.ip, ttl, df: true, proto: 'udp', id: w.k.nextIpId() },
        { kind: 'udp', srcPort: w.k.nextPort(), dstPort: TRACEPATH_PORT + ttl - 1 },
        Math.max(0, mtu - 28),
      );
      w.hop({ dir: 'request', quiet: false }, { ns, kind: 'send', note: `tracepath probe: TTL ${ttl}, ${mtu} bytes with DF`, pkt });
      const status = w.output(ns.id, pkt, { dir: 'request', quiet: false });
      if (status === 'EMSGSIZE') {
        const e = w.localErrors[w.localErrors.length - 1];
        if (e?.mtu && e.mtu < mtu) {
          mtu = e.mtu;
          continue;
        }
      }
      const fail = localFailure(w, status, timeoutMs);
      if (fail && status !== 'EMSGSIZE') return { ...fail, tracepath: lines, path: pathOf(lines), pmtu: mtu };
      const src = w.chosenSrc ?? from.ip;
      const answer = errorsFor(w, ns.id, start, src).find((a) => a.pkt.quote?.ip.ttl !== undefined && a.t <= w.t);
      if (!answer) {
        lines.push({ ttl, from: null, t: w.t });
        break;
      }
      const l4 = answer.pkt.l4!.kind === 'icmp' ? answer.pkt.l4 : undefined;
      const line = { ttl, from: answer.pkt.ip.src, replyTtl: answer.pkt.ip.ttl, t: answer.t };
      if (l4?.type === 3 && l4.code === 4 && l4.mtu) {
        lines.push({ ...line, pmtu: l4.mtu });
        mtu = l4.mtu;
        continue;
      }
      if (l4?.type === 3 && l4.code === 3) {
        lines.push({ ...line, reached: true });
        reached = true;
      } else if (l4?.type === 3) {
        lines.push({ ...line, unreachable: l4.code === 0 ? 'net' : 'host' });
        return {
          verdict: 'rejected',
          reason: l4.code === 0 ? 'NET_UNREACHABLE' : 'HOST_UNREACHABLE',
          tracepath: lines,
          path: pathOf(lines),
          pmtu: mtu,
          elapsed: w.t,
        };
      } else lines.push(line);
      break;
    }
  }
  const last = lines[lines.length - 1];
  if (reached) return { verdict: 'delivered', reason: 'DELIVERED', tracepath: lines, path: pathOf(lines), pmtu: mtu, replyTtl: last.replyTtl, elapsed: w.t };
  return { verdict: 'dropped', reason: 'TIMEOUT', tracepath: lines, path: pathOf(lines), pmtu: mtu, elapsed: w.t };
}

/** The addresses traceroute prints, in order, each once where it repeats. */
function pathOf(lines: readonly TracepathLine[]): string[] {
  const out: string[] = [];
  for (const l of lines) if (l.from && out[out.length - 1] !== l.from) out.push(l.from);
  return out;
}
