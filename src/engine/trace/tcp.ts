/**
 * A TCP connection: handshake (SYN with MSS = route MTU − 40, SYN-ACK, ACK), then the payload
 * in segments of min(peer MSS, path MTU − 40) with DF set (Linux TCP always does PMTU
 * discovery, ip_no_pmtu_disc=0), then the close (FIN, FIN-ACK, ACK) so conntrack ends in
 * TIME_WAIT as on a real node. A frag-needed lowers the sender's path MTU and the segment is
 * resent smaller (RFC 1191); a segment lost silently is retransmitted at the same size until
 * the sender gives up — the PMTU black hole (RFC 2923 §2.1). The final ACK of the handshake,
 * later segments and the close are walked without being shown (their path is the first's);
 * ACKs of data are not walked (simplified). `httpGet` sends one GET and reads the response.
 */
import type { ProbeSpec } from '../model/scenario-schema';
import { lookupRoute } from '../tables/route';
import type { HttpRequestData, HttpResponseData } from '../wire/app-data';
import { appBytes } from '../wire/app-size';
import { makePkt, type Pkt } from '../wire/packet';
import type { Endpoint } from './endpoints';
import { errorsFor, localFailure, rejectedBy, silentLoss, type Partial } from './outcome';
import { backendOf } from './ping';
import type { Walker } from './walker';
import type { TcpFlag } from '../wire/headers';

const TCPIP_HLEN = 40;
export const CURL_USER_AGENT = 'curl/8.14.1';

interface Conn {
  readonly w: Walker;
  readonly nsId: string;
  readonly to: Endpoint;
  readonly sport: number;
  readonly dport: number;
  readonly df: boolean;
  readonly ttl: number;
  readonly ownMss: number;
  readonly sent: NonNullable<Partial['sent']>;
  /** connect() itself failed in a cgroup program (Cilium: a Service without backends) */
  readonly refused?: 'EHOSTUNREACH';
}

function segment(c: Conn, flags: TcpFlag[], payload: number, extra: Partial_<Pkt> = {}): Pkt {
  const w = c.w;
  const ip = { src: w.sourceTowards(c.nsId, c.to.ip), dst: c.to.ip, ttl: c.ttl, df: c.df, proto: 'tcp' as const, id: w.k.nextIpId() };
  return { ...makePkt(ip, { kind: 'tcp', srcPort: c.sport, dstPort: c.dport, flags, ...(flags.includes('SYN') ? { mss: c.ownMss } : {}) }, payload), ...extra };
}

type Partial_<T> = { -readonly [K in keyof T]?: T[K] };

/** The connect() part: SYN until SYN-ACK, RST or an ICMP error; then the ACK. Returns the failure, or the peer's MSS. */
function handshake(c: Conn, timeoutMs: number): { fail: Partial } | { peerMss: number } {
  const { w } = c;
  const ns = w.ns(c.nsId);
  w.clientSockets.push({ ns: c.nsId, proto: 'tcp', localPort: c.sport, remote: { ip: c.to.ip, port: c.dport }, role: 'client' });
  if (c.refused) return { fail: { verdict: 'rejected', reason: 'SERVICE_NO_BACKEND', localError: c.refused, elapsed: 0, sent: c.sent, decidedAt: w.lastSeq } };
  const syn = segment(c, ['SYN'], 0);
  w.hop({ dir: 'request', quiet: false }, { ns, kind: 'send', note: `${ns.name} connects to ${c.to.ip}:${c.dport}: SYN (mss ${c.ownMss})`, pkt: syn });
  const status = w.output(c.nsId, syn, { dir: 'request', quiet: false });
  const local = localFailure(w, status, timeoutMs);
  if (local) return { fail: { ...local, sent: c.sent } };
  const src = w.chosenSrc ?? '';
  const answer = w.arrivals.find((a) => a.ns === c.nsId && a.sock?.role === 'client' && a.pkt.l4?.kind === 'tcp' && a.pkt.l4.dstPort === c.sport);
  const err = errorsFor(w, c.nsId, 0, src)[0];
  const first = [answer, err].filter((a) => a !== undefined).sort((a, b) => a.t - b.t)[0];
  const backend = backendOf(w, 'tcp', c.sport);
  const withBackend = (p: Partial): Partial => (backend ? { ...p, backend } : p);
  if (!first || first.t > timeoutMs) return { fail: withBackend({ ...silentLoss(w, timeoutMs, !!first), sent: c.sent }) };
  if (first === err) return { fail: withBackend(rejectedBy(err, c.sent)) };
  const synAck = answer!.pkt.l4!;
  if (synAck.kind === 'tcp' && synAck.flags.includes('RST'))
    return { fail: withBackend({ verdict: 'rejected', reason: 'CONNECTION_REFUSED', elapsed: answer!.t, sent: c.sent, decidedAt: answer!.pkt.origin }) };
  w.output(c.nsId, segment(c, ['ACK'], 0), { dir: 'request', quiet: true });
  return { peerMss: synAck.kind === 'tcp' ? (synAck.mss ?? 536) : 536 };
}

/** Data from the client, segment by segment, with PMTU discovery and the black hole. */
function sendData(c: Conn, bytes: number, peerMss: number, timeoutMs: number, data?: Pkt['data']): Partial | undefined {
  const { w } = c;
  const ns = w.ns(c.nsId);
  const src = w.chosenSrc ?? '';
  let remaining = bytes;
  let segments = 0;
  let firstShown = false;
  let lastProgress = w.t;
  while (remaining > 0) {
    const pmtu = w.k.pmtuOf(c.nsId, c.to.ip, w.now());
    const seg = Math.min(remaining, peerMss, c.ownMss, (pmtu ?? Infinity) - TCPIP_HLEN);
    const before = w.arrivals.length;
    const dropsBefore = w.drops.length;
    const quiet = firstShown && w.drops.length === 0;
    const pkt = segment(c, ['ACK', 'PSH'], seg, data && segments === 0 ? { data } : {});
    w.hop({ dir: 'request', quiet }, { ns, kind: 'send', note: `segment ${segments + 1}: ${seg} bytes of data (${seg + TCPIP_HLEN} bytes IP, DF)`, pkt });
    w.output(c.nsId, pkt, { dir: 'request', quiet });
    firstShown = true;
    const arrived = w.arrivals
      .slice(before)
      .some((a) => a.sock?.role === 'server' && a.pkt.l4?.kind === 'tcp' && a.pkt.l4.srcPort === c.sport && a.pkt.payload > 0);
    // a transparent proxy on the path (Cilium's Envoy) took the segment and answered on the connection itself
    const answered = w.arrivals
      .slice(before)
      .some((a) => a.ns === c.nsId && a.sock?.role === 'client' && a.pkt.l4?.kind === 'tcp' && a.pkt.l4.dstPort === c.sport && a.pkt.payload > 0);
    if (arrived || answered) {
      remaining -= seg;
      segments += 1;
      lastProgress = w.t;
      continue;
    }
    const fragNeeded = errorsFor(w, c.nsId, before, src).find((a) => a.pkt.l4?.kind === 'icmp' && a.pkt.l4.code === 4);
    const newPmtu = w.k.pmtuOf(c.nsId, c.to.ip, w.now());
    if (fragNeeded && newPmtu !== undefined && newPmtu - TCPIP_HLEN < seg) continue; // resend smaller
    const other = errorsFor(w, c.nsId, before, src)[0];
    if (other) return rejectedBy(other, c.sent);
    // Silent loss: TCP retransmits the same segment (RFC 6298) until the sender gives up.
    w.t = Math.max(w.t, lastProgress + timeoutMs);
    const loss = silentLoss(w, timeoutMs, false);
    const hole = blackHole(w, dropsBefore, segments + 1, seg, timeoutMs);
    return { ...loss, ...hole, elapsed: Math.max(timeoutMs, loss.elapsed ?? 0), sent: c.sent };
  }
  return undefined;
}

/** Linux TCP_RTO_MIN: with lab round trips of microseconds the retransmission timer starts here and doubles (tcp_retransmit_timer). */
const RTO_MIN_MS = 200;

/** How many retransmissions fit before the sender gives up at `timeoutMs`. */
export function retransmissions(timeoutMs: number): number {
  // the k-th retransmission leaves at 200 · (2^k − 1) ms: 200, 600, 1400, 3000, 6200 …
  let n = 0;
  while (RTO_MIN_MS * (2 ** (n + 1) - 1) < timeoutMs) n++;
  return n;
}

/**
 * RFC 2923 §2.1: the connection is up, a segment was dropped for its size with a
 * frag-needed sent back (FRAG_NEEDED on the way out), and no such ICMP reached the sender —
 * something on the way back ate it. The retransmissions take the same path to the same fate,
 * so they are counted, not walked.
 */
function blackHole(w: Walker, dropsBefore: number, n: number, seg: number, timeoutMs: number): Partial_<Partial> {
  const drops = w.drops.slice(dropsBefore);
  const tooBig = drops.find((d) => d.dir === 'request' && d.reason === 'FRAG_NEEDED');
  if (!tooBig) return {};
  const icmpLost = drops.find((d) => d.dir !== 'request');
  const at = w.ns(tooBig.ns);

  const where = icmpLost ? `, but that ICMP was dropped on ${w.where(w.ns(icmpLost.ns))} (${icmpLost.note})` : ', but that ICMP never reached the sender';
  const r = retransmissions(timeoutMs);
  return {
    reason: 'PMTUD_BLACK_HOLE',
    decidedAt: tooBig.seq,
    note:
      `the handshake completed; segment ${n} (${seg} bytes of data, ${seg + TCPIP_HLEN} bytes IP, DF) was refused on ${w.where(at)} (${tooBig.note}), ` +
      `which answered ICMP fragmentation needed${where}. ` +
      `TCP retransmitted it ${r} time${r === 1 ? '' : 's'} (RTO ${RTO_MIN_MS} ms, doubling) with no answer until the ${timeoutMs / 1000} s timeout: a PMTU black hole`,
  };
}

/** close(): FIN from the client, the server's FIN-ACK, the last ACK. */
function close(c: Conn): void {
  c.w.output(c.nsId, segment(c, ['FIN', 'ACK'], 0), { dir: 'request', quiet: true });
  c.w.output(c.nsId, segment(c, ['ACK'], 0), { dir: 'request', quiet: true });
}

function open(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, defaultPort: number, size: number): Conn {
  const ns = w.ns(from.netns!);
  const target = to.netns ? w.cluster.pods.find((p) => p.netns === to.netns) : undefined;
  const asked = to.port ?? target?.ports.find((p) => p.protocol === 'TCP')?.containerPort ?? defaultPort;
  // connect(): a cgroup connect4 program (socket load balancing) may pick another destination before the SYN exists
  const lb = w.sockConnect(ns.id, 'tcp', to.ip, asked, { dir: 'request', quiet: false });
  const dport = lb.dport;
  const dest: Endpoint = lb.dst === to.ip ? to : { ...to, ip: lb.dst, port: lb.dport };
  const sport = w.k.nextPort();
  const df = spec.df ?? true;
  const r = lookupRoute(ns, dest.ip);
  const ownMss = (ns.interfaces.find((d) => d.name === r?.route.dev)?.mtu ?? 1500) - TCPIP_HLEN;
  return {
    w,
    nsId: ns.id,
    to: dest,
    sport,
    dport,
    df,
    ttl: spec.ttl ?? 64,
    ownMss,
    sent: { src: w.sourceTowards(ns.id, dest.ip), dst: to.ip, sport, dport: asked, size, df, protocol: spec.protocol },
    ...(lb.error ? { refused: lb.error } : {}),
  };
}

export function tcpConnect(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, timeoutMs: number): Partial {
  const size = spec.size ?? 0;
  const c = open(w, from, to, spec, 80, size);
  const hs = handshake(c, timeoutMs);
  if ('fail' in hs) return hs.fail;
  const backend = backendOf(w, 'tcp', c.sport);
  const failed = sendData(c, size, hs.peerMss, timeoutMs);
  if (failed) return { ...failed, ...(backend ? { backend } : {}) };
  const answered = w.t;
  close(c);
  return {
    verdict: 'delivered',
    reason: 'DELIVERED',
    elapsed: answered,
    busyUntil: w.t,
    sent: { ...c.sent, src: w.chosenSrc ?? c.sent.src },
    ...(backend ? { backend } : {}),
  };
}

/** The GET curl sends for http://host[:port]/ (the Host header names the port unless it is 80). The CLI prints the same request. */
export function curlGetRequest(host: string, port?: number): HttpRequestData {
  return { app: 'http-request', method: 'GET', host: port && port !== 80 ? `${host}:${port}` : host, path: '/', userAgent: CURL_USER_AGENT };
}

/** curl http://to/: connect, send one GET, read the response, close. Delivered when the response arrived. */
export function httpGet(w: Walker, from: Endpoint, to: Endpoint, spec: ProbeSpec, timeoutMs: number): Partial {
  const req = curlGetRequest(to.label.replace(/:\d+$/, ''), to.port);
  const bytes = appBytes(req);
  const c = open(w, from, to, spec, 80, bytes);
  const hs = handshake(c, timeoutMs);
  if ('fail' in hs) return hs.fail;
  const backend = backendOf(w, 'tcp', c.sport);
  const before = w.arrivals.length;
  const failed = sendData(c, bytes, hs.peerMss, timeoutMs, req);
  if (failed) return { ...failed, ...(backend ? { backend } : {}) };
  const resp = w.arrivals.slice(before).find((a) => a.ns === c.nsId && a.sock?.role === 'client' && a.pkt.data?.app === 'http-response');
  close(c);
  const sent = { ...c.sent, src: w.chosenSrc ?? c.sent.src };
  if (!resp || resp.pkt.data?.app !== 'http-response') {
    // the socket took the request but nothing answered it: curl waits for its -m timeout
    w.t = Math.max(w.t, timeoutMs);
    return {
      verdict: 'dropped',
      reason: 'TIMEOUT',
      elapsed: timeoutMs,
      sent,
      note: 'the connection was accepted but no HTTP response came back',
      ...(backend ? { backend } : {}),
    };
  }
  const r: HttpResponseData = resp.pkt.data;
  // curl reads a response either way; when a policy proxy wrote it, the request never reached the server
  const refused = r.refusedBy !== undefined;
  return {
    verdict: refused ? 'rejected' : 'delivered',
    reason: refused ? 'L7_POLICY_DENIED' : 'DELIVERED',
    ...(refused ? { note: `${r.refusedBy}; it answered ${r.status} ${r.reason} in the server's place` } : {}),
    elapsed: resp.t,
    sent,
    http: { status: r.status, body: r.body, server: r.server },
    ...(backend ? { backend } : {}),
  };
}
