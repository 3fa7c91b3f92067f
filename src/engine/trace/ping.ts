/**
 * ICMP echo (ping) and UDP datagrams. `df` as `ping -M do` / `-M dont` (SCENARIOS.md: ICMP
 * defaults to no DF). The answer must reach the sender before `timeout` (ping -W) or the
 * sender reports a loss, whatever arrives later.
 */
import type { ProbeSpec } from '../model/scenario-schema';
import { makePkt } from '../wire/packet';
import type { Endpoint } from './endpoints';
import { errorsFor, localFailure, rejectedBy, silentLoss, type Partial } from './outcome';
import type { Walker } from './walker';
import { lookupRoute } from '../tables/route';

/**
 * The DF bit a datagram socket sets (LNX ip_dont_fragment): `do` always, `dont` never, `want` when
 * the datagram fits the path MTU the sender knows (cached PMTU, route or device MTU).
 */
export function dfFor(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, ipBytes: number): boolean {
  if (spec.pmtudisc === 'do') return true;
  if (spec.pmtudisc === 'dont') return false;
  if (spec.pmtudisc !== 'want') return spec.df ?? false;
  const ns = w.ns(from.netns!);
  const r = lookupRoute(ns, to.ip)?.route;
  const mtu = w.k.pmtuOf(ns.id, to.ip, w.now()) ?? r?.mtu ?? ns.interfaces.find((d) => d.name === r?.dev)?.mtu ?? 1500;
  return ipBytes <= mtu;
}

export function ping(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, timeoutMs: number): Partial {
  const size = spec.size ?? 56;
  const df = dfFor(w, from, to, spec, size + 28);
  const pkt = makePkt(
    { src: w.sourceTowards(from.netns!, to.ip), dst: to.ip, ttl: spec.ttl ?? 64, df, proto: 'icmp', id: w.k.nextIpId() },
    { kind: 'icmp', type: 8, code: 0, id: w.k.nextPort(), seq: 1 },
    size,
  );
  const ns = w.ns(from.netns!);
  w.hop(
    { dir: 'request', quiet: false },
    { ns, kind: 'send', note: `${ns.name} sends an ICMP echo request to ${to.ip}: ${size} bytes of data, ${size + 28} bytes IP${df ? ', DF set' : ''}`, pkt },
  );
  const status = w.output(ns.id, pkt, { dir: 'request', quiet: false });
  const srcIp = w.chosenSrc ?? from.ip;
  const sent = { src: srcIp, dst: to.ip, size, df, protocol: 'icmp' };
  const local = localFailure(w, status, timeoutMs);
  if (local) return { ...local, sent };
  const replies = w.arrivals.filter((a) => a.ns === ns.id && a.pkt.l4?.kind === 'icmp' && a.pkt.l4.type === 0);
  const errors = errorsFor(w, ns.id, 0, srcIp);
  const first = [...replies, ...errors].sort((a, b) => a.t - b.t)[0];
  if (first && first.t <= timeoutMs) {
    if (replies.includes(first)) return { verdict: 'delivered', reason: 'DELIVERED', replyTtl: first.pkt.ip.ttl, replyBytes: size + 8, elapsed: first.t, sent };
    return rejectedBy(first, sent);
  }
  return { ...silentLoss(w, timeoutMs, !!first), sent };
}

/** The server-side socket that took the probe's first packet (the backend behind a Service address). */
export function backendOf(w: Walker, proto: 'tcp' | 'udp', sport: number): string | undefined {
  const a = w.arrivals.find((x) => x.sock?.role === 'server' && x.pkt.l4?.kind === proto && x.pkt.l4.srcPort === sport);
  return a?.sock ? `${a.sock.localIp ?? a.pkt.ip.dst}:${a.sock.localPort}` : undefined;
}

/**
 * A UDP datagram to a port; the application behind it answers (the lab's echo server, or
 * CoreDNS). Delivered when the answer reaches the sender's connected socket.
 */
export function udpSend(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, timeoutMs: number): Partial {
  const size = spec.size ?? 64;
  const df = dfFor(w, from, to, spec, size + 28);
  const target = to.netns ? w.cluster.pods.find((p) => p.netns === to.netns) : undefined;
  const asked = to.port ?? target?.ports.find((p) => p.protocol === 'UDP')?.containerPort ?? 53;
  // a connected UDP socket: connect4 (socket load balancing) may pick another destination first
  const lb = w.sockConnect(from.netns!, 'udp', to.ip, asked, { dir: 'request', quiet: false });
  const dport = lb.dport;
  const dst = lb.dst;
  const sport = w.k.nextPort();
  const pkt = makePkt(
    { src: w.sourceTowards(from.netns!, dst), dst, ttl: spec.ttl ?? 64, df, proto: 'udp', id: w.k.nextIpId() },
    { kind: 'udp', srcPort: sport, dstPort: dport },
    size,
  );
  const ns = w.ns(from.netns!);
  w.clientSockets.push({ ns: ns.id, proto: 'udp', localPort: sport, remote: { ip: dst, port: dport }, role: 'client' });
  w.hop(
    { dir: 'request', quiet: false },
    { ns, kind: 'send', note: `${ns.name} sends a ${size}-byte UDP datagram to ${dst}:${dport}`, pkt: { ...pkt, data: { app: 'echo', bytes: size } } },
  );
  const status = w.output(ns.id, { ...pkt, data: { app: 'echo', bytes: size } }, { dir: 'request', quiet: false });
  const srcIp = w.chosenSrc ?? from.ip;
  const sent = { src: srcIp, dst: to.ip, sport, dport: asked, size, df, protocol: 'udp' };
  const local = localFailure(w, status, timeoutMs);
  if (local) return { ...local, sent };
  const backend = backendOf(w, 'udp', sport);
  const got = w.arrivals.find((a) => a.ns === ns.id && a.sock?.role === 'client' && a.pkt.l4?.kind === 'udp' && a.pkt.l4.dstPort === sport);
  const err = errorsFor(w, ns.id, 0, srcIp)[0];
  const first = [got, err].filter((a) => a !== undefined).sort((a, b) => a.t - b.t)[0];
  if (first && first.t <= timeoutMs) {
    if (first === got) return { verdict: 'delivered', reason: 'DELIVERED', elapsed: got.t, sent, ...(backend ? { backend } : {}) };
    return { ...rejectedBy(err, sent), ...(backend ? { backend } : {}) };
  }
  return { ...silentLoss(w, timeoutMs, !!(got || err)), sent, ...(backend ? { backend } : {}) };
}
