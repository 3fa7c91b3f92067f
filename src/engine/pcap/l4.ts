/**
 * ICMP (RFC 792), UDP (RFC 768) and TCP (RFC 9293) headers with their checksums.
 *
 * ICMP: type, code, checksum, then 4 bytes that depend on the type: echo identifier and
 * sequence (types 0 and 8); for destination unreachable "fragmentation needed" (type 3 code 4)
 * an unused 16 bits and the next-hop MTU (RFC 1191 §4); zero otherwise. An error's body is the
 * offending packet as the kernel quotes it (LNX net/ipv4/icmp.c icmp_send: as much as fits in
 * 576 bytes), written by the caller.
 * UDP: the length covers header and data; a checksum of 0 means "not computed" (RFC 768).
 * TCP: sequence and acknowledgement numbers, data offset, flags, window; an MSS option (kind 2,
 * length 4, RFC 9293 §3.2) is written only when the trace left room for it in the segment.
 */
import { concat, u16, u32 } from './bytes';
import { inetChecksum, l4Checksum, putChecksum } from './checksum';
import type { IcmpHeader, Ipv4Header, TcpFlag, TcpHeader, UdpHeader } from '../wire/headers';

export function icmpMessage(h: IcmpHeader, body: Uint8Array): Uint8Array {
  const echo = h.type === 0 || h.type === 8;
  const rest = echo ? concat([u16(h.id ?? 0), u16(h.seq ?? 0)]) : h.type === 3 && h.code === 4 ? concat([u16(0), u16(h.mtu ?? 0)]) : u32(0);
  const b = concat([Uint8Array.of(h.type, h.code), u16(0), rest, body]);
  return putChecksum(b, 2, inetChecksum(b));
}

/** @param checksum false: send 0 (a tunnel socket configured without UDP checksums) */
export function udpDatagram(ip: Ipv4Header, h: UdpHeader, body: Uint8Array, checksum = true): Uint8Array {
  const b = concat([u16(h.srcPort), u16(h.dstPort), u16(8 + body.length), u16(0), body]);
  return checksum ? putChecksum(b, 6, l4Checksum(ip.src, ip.dst, 17, b)) : b;
}

const FLAG_BITS: Record<TcpFlag, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };

export interface TcpNumbers {
  readonly seq: number;
  readonly ack: number;
  readonly window: number;
}

export const TCP_MSS_OPTION_LEN = 4;

/** @param room bytes the trace allotted to the TCP header (20, or 24 when an MSS option fits) */
export function tcpSegment(ip: Ipv4Header, h: TcpHeader, n: TcpNumbers, payload: Uint8Array, room = 20): Uint8Array {
  const options = h.mss !== undefined && room >= 20 + TCP_MSS_OPTION_LEN ? concat([Uint8Array.of(2, 4), u16(h.mss)]) : new Uint8Array(0);
  const flags = h.flags.reduce((f, x) => f | FLAG_BITS[x], 0);
  const hasAck = h.flags.includes('ACK');
  const b = concat([
    u16(h.srcPort),
    u16(h.dstPort),
    u32(n.seq >>> 0),
    u32(hasAck ? n.ack >>> 0 : 0),
    Uint8Array.of(((20 + options.length) / 4) << 4, flags),
    u16(n.window),
    u16(0),
    u16(0),
    options,
    payload,
  ]);
  return putChecksum(b, 16, l4Checksum(ip.src, ip.dst, 6, b));
}
