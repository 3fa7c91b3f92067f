/**
 * Tunnel headers as they sit after the outer UDP header.
 *
 * VXLAN (RFC 7348 §5): flags 0x08 (the I bit: VNI valid), 24 reserved bits, the 24-bit VNI,
 * 8 reserved bits. Geneve (RFC 8926 §3.4): version 0 and option length 0 (the lab's tunnels
 * carry no options), O and C clear, protocol type 0x6558 (an Ethernet frame follows), VNI,
 * reserved. WireGuard transport data (LNX drivers/net/wireguard/messages.h struct
 * message_data): type 4 and three reserved bytes, then the receiver index and the counter in
 * little-endian (__le32, __le64), then the ciphertext and the 16-byte Poly1305 tag. The lab
 * encrypts nothing: the ciphertext and tag are deterministic noise of the right length.
 */
import { concat, u16, u32 } from './bytes';
import { ETHERTYPE_TEB } from './ethernet';
import type { GeneveHeader, VxlanHeader, WireguardHeader } from '../wire/headers';

export const VXLAN_FLAG_I = 0x08;

export function vxlanHeader(h: VxlanHeader): Uint8Array {
  return concat([Uint8Array.of(VXLAN_FLAG_I, 0, 0, 0), u32((h.vni & 0xffffff) << 8)]);
}

export function geneveHeader(h: GeneveHeader): Uint8Array {
  return concat([Uint8Array.of(0, 0), u16(ETHERTYPE_TEB), u32((h.vni & 0xffffff) << 8)]);
}

export const WG_MESSAGE_DATA = 4;

export function wireguardHeader(h: WireguardHeader): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  b[0] = WG_MESSAGE_DATA;
  v.setUint32(4, h.receiver >>> 0, true);
  // counters stay far below 2^53 in a lab; split into two little-endian 32-bit halves
  v.setUint32(8, h.counter % 0x100000000, true);
  v.setUint32(12, Math.floor(h.counter / 0x100000000), true);
  return b;
}
