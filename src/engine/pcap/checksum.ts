/**
 * The Internet checksum (RFC 1071): the ones'-complement of the ones'-complement sum of
 * 16-bit words, an odd last byte padded with zero. IPv4 covers its header; ICMP its message;
 * UDP and TCP add the RFC 768 / RFC 793 pseudo-header (source, destination, zero, protocol,
 * length) in front of the segment.
 */
import { concat, ipBytes, u16 } from './bytes';
import type { Ipv4 } from '../wire/ipv4';

function sum(b: Uint8Array, acc = 0): number {
  let s = acc;
  for (let i = 0; i + 1 < b.length; i += 2) s += (b[i] << 8) | b[i + 1];
  if (b.length % 2) s += b[b.length - 1] << 8;
  return s;
}

function fold(s: number): number {
  let x = s;
  while (x > 0xffff) x = (x & 0xffff) + Math.floor(x / 0x10000);
  return x;
}

export function inetChecksum(b: Uint8Array): number {
  return ~fold(sum(b)) & 0xffff;
}

/** UDP/TCP checksum with the IPv4 pseudo-header. A UDP sum of 0 is sent as 0xffff (RFC 768: 0 means "none"). */
export function l4Checksum(src: Ipv4, dst: Ipv4, proto: number, segment: Uint8Array): number {
  const pseudo = concat([ipBytes(src), ipBytes(dst), Uint8Array.of(0, proto), u16(segment.length)]);
  const c = ~fold(sum(segment, sum(pseudo))) & 0xffff;
  return proto === 17 && c === 0 ? 0xffff : c;
}

/** Writes a 16-bit checksum into `b` at `at` (the field must be zero while summing). */
export function putChecksum(b: Uint8Array, at: number, c: number): Uint8Array {
  b[at] = (c >>> 8) & 0xff;
  b[at + 1] = c & 0xff;
  return b;
}
