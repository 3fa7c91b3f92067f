/**
 * A TCP connection: handshake (SYN with MSS = route MTU − 40, SYN-ACK), then the payload
 * in segments of min(peer MSS, path MTU − 40) with DF set (Linux TCP always does PMTU
 * discovery, ip_no_pmtu_disc=0). A frag-needed lowers the sender's path MTU and the segment
 * is resent smaller (RFC 1191); a segment lost silently is retransmitted at the same size
 * until the sender gives up — the PMTU black hole (RFC 2923 §2.1). ACKs are not walked
 * (simplified: they are small and follow the reply path the SYN-ACK proved).
 */
import type { ProbeSpec } from '../model/scenario-schema';
import { lookupRoute } from '../tables/route';
import { makePkt } from './packet';
import type { Endpoint } from './endpoints';
import { errorsFor, localFailure, rejectedBy, silentLoss, type Partial } from './outcome';
import type { Walker } from './walker';

const TCPIP_HLEN = 40;

export function tcpConnect(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, timeoutMs: number): Partial {
  const ns = w.ns(from.netns!);
  const target = to.netns ? w.cluster.pods.find((p) => p.netns === to.netns) : undefined;
  const dport = to.port ?? target?.ports.find((p) => p.protocol === 'TCP')?.containerPort ?? 80;
  const sport = w.k.nextPort();
  const df = spec.df ?? true;
  const size = spec.size ?? 0;
  const r = lookupRoute(ns, to.ip);
  const ownMss = (ns.interfaces.find((d) => d.name === r?.route.dev)?.mtu ?? 1500) - TCPIP_HLEN;
  const ip = (n: number) => ({ src: w.sourceTowards(from.netns!, to.ip), dst: to.ip, ttl: spec.ttl ?? 64, df, proto: 'tcp' as const, id: n });
  const syn = makePkt(ip(w.k.nextIpId()), { kind: 'tcp', srcPort: sport, dstPort: dport, flags: ['SYN'], mss: ownMss }, 0);
  w.hop({ dir: 'request', quiet: false }, { ns, kind: 'send', note: `${ns.name} connects to ${to.ip}:${dport}: SYN (mss ${ownMss})`, pkt: syn });
  const status = w.output(ns.id, syn, { dir: 'request', quiet: false });
  const src = w.chosenSrc ?? from.ip;
  const sent = { src, dst: to.ip, sport, dport, size, df, protocol: 'tcp' };
  const local = localFailure(w, status, timeoutMs);
  if (local) return { ...local, sent };
  const answer = w.arrivals.find((a) => a.ns === ns.id && a.pkt.l4?.kind === 'tcp' && a.pkt.l4.dstPort === sport);
  const err = errorsFor(w, ns.id, 0, src)[0];
  const first = [answer, err].filter((a) => a !== undefined).sort((a, b) => a.t - b.t)[0];
  if (!first || first.t > timeoutMs) return { ...silentLoss(w, timeoutMs, !!first), sent };
  if (first === err) return rejectedBy(err, sent);
  const synAck = answer!.pkt.l4!;
  if (synAck.kind === 'tcp' && synAck.flags.includes('RST'))
    return { verdict: 'rejected', reason: 'CONNECTION_REFUSED', elapsed: answer!.t, sent, decidedAt: answer!.pkt.origin };
  const peerMss = synAck.kind === 'tcp' ? (synAck.mss ?? 536) : 536;
  let remaining = size;
  let segments = 0;
  let firstShown = false;
  let lastProgress = w.t;
  while (remaining > 0) {
    const pmtu = w.k.pmtuOf(ns.id, to.ip, w.now());
    const seg = Math.min(remaining, peerMss, ownMss, (pmtu ?? Infinity) - TCPIP_HLEN);
    const before = w.arrivals.length;
    const errBefore = w.arrivals.length;
    const quiet = firstShown && w.drops.length === 0;
    const pkt = makePkt(ip(w.k.nextIpId()), { kind: 'tcp', srcPort: sport, dstPort: dport, flags: ['ACK', 'PSH'] }, seg);
    w.hop({ dir: 'request', quiet }, { ns, kind: 'send', note: `segment ${segments + 1}: ${seg} bytes of data (${seg + TCPIP_HLEN} bytes IP, DF)`, pkt });
    w.output(ns.id, pkt, { dir: 'request', quiet });
    firstShown = true;
    const arrived = w.arrivals.slice(before).some((a) => a.ns === to.netns && a.pkt.l4?.kind === 'tcp' && a.pkt.l4.dstPort === dport);
    if (arrived) {
      remaining -= seg;
      segments += 1;
      lastProgress = w.t;
      continue;
    }
    const fragNeeded = errorsFor(w, ns.id, errBefore, src).find((a) => a.pkt.l4?.kind === 'icmp' && a.pkt.l4.code === 4);
    const newPmtu = w.k.pmtuOf(ns.id, to.ip, w.now());
    if (fragNeeded && newPmtu !== undefined && newPmtu - TCPIP_HLEN < seg) continue; // resend smaller
    const other = errorsFor(w, ns.id, errBefore, src)[0];
    if (other) return rejectedBy(other, sent);
    // Silent loss: TCP retransmits the same segment (RFC 6298) until the sender gives up.
    w.t = Math.max(w.t, lastProgress + timeoutMs);
    const loss = silentLoss(w, timeoutMs, false);
    return { ...loss, elapsed: Math.max(timeoutMs, loss.elapsed ?? 0), sent };
  }
  return { verdict: 'delivered', reason: 'DELIVERED', elapsed: w.t, sent };
}
