/**
 * TCP numbers for the segments of a trace. The trace records flags and sizes but not sequence
 * numbers, so the export keeps each connection's byte count the way the two ends would:
 * each side starts at its own initial sequence number, SYN and FIN count one, data its length,
 * and a side moves on only when its segment was delivered (a segment lost to a frag-needed is
 * resent with the same sequence number, RFC 1191 / RFC 6298). ACK numbers are the other side's
 * next expected byte. Linux picks the ISN with secure_tcp_seq (a keyed hash of the 4-tuple,
 * LNX net/core/secure_seq.c); here it is an FNV hash of the connection, so every export of a
 * trace is the same file.
 *
 * One connection has several tuples on its way (DNAT to the backend, SNAT at a node): the NAT
 * hops' rewrites (Hop.rewrite before → after) join them. The client is the side that sent the
 * SYN (on each tuple, as each wire saw it).
 *
 * Window: 65535 rounded down to a multiple of the sender's MSS (LNX net/ipv4/tcp_output.c
 * tcp_select_initial_window; 64240 for MSS 1460), unscaled, on every segment (simplified: no
 * window scale option, no receive-buffer growth).
 */
import { fit, hash32 } from './bytes';
import { appDataBytes } from './app-bytes';
import type { TcpNumbers } from './l4';
import type { Hop, Direction } from '../model/trace';
import type { AppData } from '../wire/app-data';
import { IPV4_HLEN, TCP_HLEN, type Header, type Ipv4Header, type TcpHeader } from '../wire/headers';

export const DEFAULT_WINDOW = 64240;

interface Side {
  readonly isn: number;
  next: number;
  window: number;
  stream?: { readonly start: number; readonly bytes: Uint8Array };
}

function endpointPair(src: string, sport: number | undefined, dst: string, dport: number | undefined): string {
  const a = `${src}:${sport ?? 0}`;
  const b = `${dst}:${dport ?? 0}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The innermost IPv4 header directly followed by a TCP header, with that header. */
function innerTcp(stack: readonly Header[]): { ip: Ipv4Header; tcp: TcpHeader } | undefined {
  let found: { ip: Ipv4Header; tcp: TcpHeader } | undefined;
  for (let i = 0; i + 1 < stack.length; i++) {
    const a = stack[i];
    const b = stack[i + 1];
    if (a.kind === 'ipv4' && b.kind === 'tcp') found = { ip: a, tcp: b };
    if (a.kind === 'icmp') break; // a quote is the sender's segment, not a new one
  }
  return found;
}

function segmentId(ip: Ipv4Header, h: TcpHeader, len: number): string {
  return `${ip.id}|${h.flags.join(',')}|${len}`;
}

export class TcpStreams {
  private readonly parent = new Map<string, string>();
  private readonly delivered = new Set<string>();
  private readonly conns = new Map<string, [Side, Side]>();
  private readonly memo = new Map<string, { numbers: TcpNumbers; payload?: Uint8Array }>();
  /** per tuple: the endpoint that sent the SYN there (the client, as that wire saw it) */
  private readonly synFrom = new Map<string, string>();

  constructor(
    hops: readonly Hop[],
    private readonly seed: string,
  ) {
    for (const h of hops) {
      if (h.rewrite) {
        const { before: b, after: a } = h.rewrite;
        this.union(endpointPair(b.src, b.sport, b.dst, b.dport), endpointPair(a.src, a.sport, a.dst, a.dport));
      }
      const any = innerTcp(h.headers);
      if (any && any.tcp.flags.includes('SYN') && !any.tcp.flags.includes('ACK')) {
        const key = endpointPair(any.ip.src, any.tcp.srcPort, any.ip.dst, any.tcp.dstPort);
        if (!this.synFrom.has(key)) this.synFrom.set(key, `${any.ip.src}:${any.tcp.srcPort}`);
      }
      if (h.kind === 'deliver') {
        const seg = any;
        if (seg) this.delivered.add(segmentId(seg.ip, seg.tcp, seg.ip.totalLength - IPV4_HLEN - TCP_HLEN));
      }
    }
  }

  private find(k: string): string {
    let r = k;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    return r;
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  }

  private conn(key: string): [Side, Side] {
    let c = this.conns.get(key);
    if (!c) {
      const side = (n: number): Side => {
        const isn = hash32(`${this.seed}|${key}|${n}`);
        return { isn, next: isn, window: DEFAULT_WINDOW };
      };
      c = [side(0), side(1)];
      this.conns.set(key, c);
    }
    return c;
  }

  /** The numbers of a segment seen on a wire; the same segment seen again (another wire, a quote) gets the same. */
  numbers(ip: Ipv4Header, h: TcpHeader, len: number, dir: Direction, data?: AppData): { numbers: TcpNumbers; payload?: Uint8Array } {
    const id = segmentId(ip, h, len);
    const memo = this.memo.get(id);
    if (memo) return memo;
    const key = endpointPair(ip.src, h.srcPort, ip.dst, h.dstPort);
    const [client, server] = this.conn(this.find(key));
    // The side is the SYN's sender on this tuple; a tuple without a SYN on any wire falls back on the hop's direction.
    const synFrom = this.synFrom.get(key);
    const fromClient = synFrom !== undefined ? synFrom === `${ip.src}:${h.srcPort}` : dir === 'request';
    const [me, peer] = fromClient ? [client, server] : [server, client];
    if (h.flags.includes('SYN') && h.mss) me.window = Math.floor(65535 / h.mss) * h.mss;
    // A reset from a side that never sent (answering a SYN) has sequence 0 (LNX net/ipv4/tcp_ipv4.c tcp_v4_send_reset).
    const seq = h.flags.includes('RST') && me.next === me.isn ? 0 : me.next;
    if (len > 0 && data && (data.app === 'http-request' || data.app === 'http-response') && !me.stream) me.stream = { start: seq, bytes: appDataBytes(data) };
    const payload = me.stream && len > 0 ? fit(me.stream.bytes.slice(seq - me.stream.start, seq - me.stream.start + len), len) : undefined;
    const out = { numbers: { seq: seq >>> 0, ack: peer.next >>> 0, window: me.window }, ...(payload ? { payload } : {}) };
    if (this.delivered.has(id)) me.next = me.next + len + (h.flags.includes('SYN') ? 1 : 0) + (h.flags.includes('FIN') ? 1 : 0);
    this.memo.set(id, out);
    return out;
  }
}
