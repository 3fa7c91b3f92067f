/**
 * The IPv4 header (RFC 791 §3.1), 20 bytes, no options: version 4 and IHL 5, TOS 0, total
 * length, identification, flags (DF 0x4000, MF 0x2000) with the fragment offset in 8-byte
 * units, TTL, protocol (1 ICMP, 4 IP-in-IP, 6 TCP, 17 UDP), header checksum, addresses.
 */
import { concat, ipBytes, u16 } from './bytes';
import { inetChecksum, putChecksum } from './checksum';
import { IP_PROTO_NUMBER, type Ipv4Header } from '../wire/headers';

export function ipv4Header(h: Ipv4Header): Uint8Array {
  const flags = (h.df ? 0x4000 : 0) | (h.mf ? 0x2000 : 0) | ((h.fragOffset / 8) & 0x1fff);
  const b = concat([
    Uint8Array.of(0x45, 0),
    u16(h.totalLength),
    u16(h.id & 0xffff),
    u16(flags),
    Uint8Array.of(h.ttl & 0xff, IP_PROTO_NUMBER[h.proto]),
    u16(0),
    ipBytes(h.src),
    ipBytes(h.dst),
  ]);
  return putChecksum(b, 10, inetChecksum(b));
}
