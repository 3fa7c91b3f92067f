/**
 * Ethernet II (IEEE 802.3 clause 3.2.6 "Length/Type" ≥ 0x0600): destination, source, EtherType.
 * Every wire the lab models carries Ethernet: a veth pair, the underlay segment, and the outer
 * frame of every tunnel (flannel.1, tunl0, wg devices are not wires; their packets cross the
 * underlay inside an Ethernet frame). Frames are written as the sending kernel hands them to
 * the device: no padding to the 60-byte minimum and no FCS, as tcpdump sees them on a veth.
 */
import { concat, macBytes, u16 } from './bytes';
import type { EthHeader } from '../wire/headers';

export const ETHERTYPE_IPV4 = 0x0800;
/** Transparent Ethernet bridging: what Geneve carries (RFC 8926 §3.4). */
export const ETHERTYPE_TEB = 0x6558;

export function ethernetFrame(h: EthHeader, payload: Uint8Array): Uint8Array {
  return concat([macBytes(h.dst), macBytes(h.src), u16(ETHERTYPE_IPV4), payload]);
}
