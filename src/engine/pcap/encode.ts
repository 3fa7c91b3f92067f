/**
 * One frame's bytes from a hop's header stack (outermost first, wire/packet.ts headersOf).
 *
 * Lengths come from the trace, not from the bytes: each IPv4 header's total length fixes how
 * many bytes follow it, and the layers inside fill exactly that many. That is what makes an
 * ICMP error right: its stack lists the offending packet's headers, which are written in full
 * (the offending packet's own total length, its checksums as they were) and then cut to what
 * the error quotes. A fragment's bytes are its slice of the whole datagram (RFC 791), so
 * Wireshark can reassemble the fragments and check the L4 checksum of the whole.
 */
import { concat, fit, counting, hash32, noise } from './bytes';
import { ethernetFrame } from './ethernet';
import { ipv4Header } from './ipv4';
import { icmpMessage, tcpSegment, udpDatagram, type TcpNumbers } from './l4';
import { geneveHeader, vxlanHeader, wireguardHeader } from './tunnels';
import { appDataBytes, pingData } from './app-bytes';
import { IPV4_HLEN, ICMP_HLEN, UDP_HLEN, headerSize, type Header, type Ipv4Header, type TcpHeader, type UdpHeader } from '../wire/headers';
import type { AppData } from '../wire/app-data';

export interface EncodeEnv {
  /** the application data in the innermost payload (Hop.data) */
  readonly data?: AppData;
  /** µs since the Unix epoch when ping sent its request: the timeval in its data */
  readonly pingSentUs: number;
  /** sequence numbers and payload bytes of a TCP segment (tcp-seq.ts) */
  readonly tcp?: (ip: Ipv4Header, h: TcpHeader, payloadLen: number) => { readonly numbers: TcpNumbers; readonly payload?: Uint8Array };
  /** the whole datagram a fragment was cut from: its header stack, unfragmented (frames.ts) */
  readonly datagram?: (ip: Ipv4Header) => readonly Header[] | undefined;
  /** true when this UDP header's sender leaves the checksum 0 (tunnel-checksum.ts) */
  readonly zeroUdpChecksum?: (ip: Ipv4Header, h: UdpHeader, next: Header | undefined) => boolean;
}

interface Under {
  readonly ip?: Ipv4Header;
  readonly l4?: 'icmp' | 'udp' | 'tcp';
}

const EMPTY = new Uint8Array(0);

export function encodeFrame(stack: readonly Header[], env: EncodeEnv): Uint8Array {
  return encodeFrom(stack, 0, env, undefined, {});
}

function isFragment(h: Ipv4Header): boolean {
  return h.fragOffset > 0 || h.mf;
}

function encodeFrom(stack: readonly Header[], i: number, env: EncodeEnv, budget: number | undefined, under: Under): Uint8Array {
  const h = stack[i];
  const sized = (b: Uint8Array) => (budget === undefined ? b : fit(b, budget));
  if (!h) return sized(EMPTY);
  switch (h.kind) {
    case 'eth':
      return ethernetFrame(h, encodeFrom(stack, i + 1, env, undefined, {}));
    case 'ipv4': {
      const n = Math.max(0, h.totalLength - IPV4_HLEN);
      const body = isFragment(h) ? fragmentBody(h, stack, i, env, n) : encodeFrom(stack, i + 1, env, n, { ip: h });
      return sized(concat([ipv4Header(h), fit(body, n)]));
    }
    case 'icmp': {
      const n = budget === undefined ? undefined : Math.max(0, budget - ICMP_HLEN);
      const echo = h.type === 0 || h.type === 8;
      const natural = echo ? pingData(n ?? payloadAfter(stack, i), env.pingSentUs) : encodeFrom(stack, i + 1, env, undefined, {});
      return icmpMessage(h, n === undefined ? natural : fit(natural, n));
    }
    case 'udp': {
      const n = budget === undefined ? undefined : Math.max(0, budget - UDP_HLEN);
      const body = encodeFrom(stack, i + 1, env, n, { ip: under.ip, l4: 'udp' });
      const ip = under.ip;
      return ip ? udpDatagram(ip, h, body, !env.zeroUdpChecksum?.(ip, h, stack[i + 1])) : udpDatagram(fakeIp, h, body, false);
    }
    case 'tcp': {
      // The trace sizes TCP at headerSize (20: no options, simplified in wire/headers.ts); what the
      // IPv4 length leaves after that is payload, also in a quote whose payload record is cut short.
      const room = headerSize(h);
      const payloadLen = budget === undefined ? payloadAfter(stack, i) : Math.max(0, budget - room);
      const ip = under.ip ?? fakeIp;
      const t = env.tcp?.(ip, h, payloadLen) ?? { numbers: { seq: 0, ack: 0, window: 0 } };
      const payload = t.payload ?? encodeFrom(stack, i + 1, env, payloadLen, { ip, l4: 'tcp' });
      return tcpSegment(ip, h, t.numbers, fit(payload, payloadLen), room);
    }
    case 'vxlan':
      return sized(concat([vxlanHeader(h), encodeFrom(stack, i + 1, env, undefined, {})]));
    case 'geneve':
      return sized(concat([geneveHeader(h), encodeFrom(stack, i + 1, env, undefined, {})]));
    case 'wireguard':
      return sized(concat([wireguardHeader(h), encodeFrom(stack, i + 1, env, undefined, {})]));
    case 'encrypted':
      // No plaintext leaves a WireGuard tunnel: noise seeded by what it hides, so a frame is reproducible.
      return concat([noise(h.bytes, hash32(`${h.what}/${i}/${h.bytes}`)), encodeFrom(stack, i + 1, env, undefined, {})]);
    case 'payload': {
      const n = budget ?? h.bytes;
      const last = i === stack.length - 1;
      if (last && env.data && (under.l4 === 'udp' || under.l4 === 'tcp')) return fit(appDataBytes(env.data), n);
      return counting(n);
    }
  }
}

/** Bytes of the payload record right after stack[i] (0 when there is none). */
function payloadAfter(stack: readonly Header[], i: number): number {
  const next = stack[i + 1];
  return next?.kind === 'payload' ? next.bytes : 0;
}

/** A fragment's data: its slice of the whole datagram's bytes after the IPv4 header. */
function fragmentBody(h: Ipv4Header, stack: readonly Header[], i: number, env: EncodeEnv, n: number): Uint8Array {
  const whole = env.datagram?.(h);
  if (!whole) return encodeFrom(stack, i + 1, env, n, { ip: h });
  const bytes = encodeFrom(whole, 0, env, undefined, {});
  return fit(bytes.slice(IPV4_HLEN + h.fragOffset, IPV4_HLEN + h.fragOffset + n), n);
}

/** A UDP/TCP header outside any IPv4 header cannot be checksummed; never happens in a trace. */
const fakeIp: Ipv4Header = { kind: 'ipv4', src: '0.0.0.0', dst: '0.0.0.0', ttl: 0, df: false, proto: 'udp', id: 0, totalLength: 0, fragOffset: 0, mf: false };
