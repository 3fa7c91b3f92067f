/**
 * Header records: the fields a learner needs to read and the byte size each header adds.
 * Like smoltcp's `Repr`: no byte buffers, no checksums — we need sizes for MTU arithmetic.
 *
 * Sizes (REFERENCE.md §1.1): Ethernet 14, IPv4 20 (no options), ICMP 8, UDP 8,
 * TCP 20 (no options; simplified — Linux adds 12 bytes of timestamps to data segments),
 * VXLAN 8 (RFC 7348 §5). VXLAN overhead on the MTU = 20 + 8 + 8 + 14 = 50
 * (LNX include/net/vxlan.h VXLAN_HEADROOM). Geneve without options is 8 as well (RFC 8926
 * §3.4), so its overhead is also 50. IP-in-IP adds only the outer IPv4 header (20). A
 * WireGuard data message (LNX drivers/net/wireguard/messages.h) is a 16-byte header — type
 * and reserved 4, receiver index 4, counter 8 — then the encrypted inner packet, padded to a
 * multiple of 16, then the 16-byte Poly1305 tag: 20 + 8 + 32 = 60 bytes over IPv4 before
 * padding (REFERENCE.md §1.1).
 */
import type { Ipv4 } from './ipv4';
import type { Mac } from './mac';

export const ETH_HLEN = 14;
export const IPV4_HLEN = 20;
export const ICMP_HLEN = 8;
export const UDP_HLEN = 8;
export const TCP_HLEN = 20;
export const VXLAN_HLEN = 8;
/** L3 bytes a VXLAN tunnel adds to every inner frame: outer IPv4 + UDP + VXLAN + inner Ethernet. */
export const VXLAN_OVERHEAD = IPV4_HLEN + UDP_HLEN + VXLAN_HLEN + ETH_HLEN;
export const GENEVE_HLEN = 8;
/** Geneve without options: outer IPv4 + UDP + Geneve + inner Ethernet (Cilium's TunnelOverheadIPv4 = 50). */
export const GENEVE_OVERHEAD = IPV4_HLEN + UDP_HLEN + GENEVE_HLEN + ETH_HLEN;
/** IP-in-IP: the outer IPv4 header only (tunl0, flannel.ipip: mtu 1480 on a 1500 underlay). */
export const IPIP_OVERHEAD = IPV4_HLEN;
/** WireGuard data message header (type/reserved, receiver index, counter) and Poly1305 tag. */
export const WG_HLEN = 16;
export const WG_TAG_LEN = 16;
/** The plaintext is padded to a multiple of 16 (MESSAGE_PADDING_MULTIPLE), never beyond the device MTU. */
export const WG_PADDING_MULTIPLE = 16;
/** WireGuard over IPv4 before padding: outer IPv4 + UDP + header + tag (Calico's 60). */
export const WG_OVERHEAD_IPV4 = IPV4_HLEN + UDP_HLEN + WG_HLEN + WG_TAG_LEN;
/** The 802.1Q tag a receiving device tolerates beyond its MTU (kernel is_skb_forwardable: VLAN_HLEN). */
export const VLAN_HLEN = 4;
/** RFC 791 / RFC 1191: the smallest MTU an IPv4 path may have. */
export const IPV4_MIN_MTU = 68;

export type IpProto = 'icmp' | 'udp' | 'tcp' | 'ipip';
/** IANA protocol numbers; `ipip` is IP-in-IP (RFC 2003, protocol 4). */
export const IP_PROTO_NUMBER: Record<IpProto, number> = { icmp: 1, ipip: 4, tcp: 6, udp: 17 };

export interface EthHeader {
  readonly kind: 'eth';
  readonly src: Mac;
  readonly dst: Mac;
}

export interface Ipv4Header {
  readonly kind: 'ipv4';
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly ttl: number;
  readonly df: boolean;
  readonly proto: IpProto;
  /** IP identification, shared by all fragments of one datagram */
  readonly id: number;
  /** total length of this IP packet (header + everything inside) */
  readonly totalLength: number;
  /** fragment offset in bytes (a multiple of 8) and more-fragments flag */
  readonly fragOffset: number;
  readonly mf: boolean;
}

export interface IcmpHeader {
  readonly kind: 'icmp';
  /** 0 echo reply, 3 destination unreachable, 8 echo request, 11 time exceeded */
  readonly type: number;
  readonly code: number;
  /** echo identifier (the ping socket's id; conntrack keys ICMP echo by it) */
  readonly id?: number;
  readonly seq?: number;
  /** RFC 1191 next-hop MTU, for type 3 code 4 */
  readonly mtu?: number;
}

export interface UdpHeader {
  readonly kind: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
}

export type TcpFlag = 'SYN' | 'ACK' | 'PSH' | 'FIN' | 'RST';
export interface TcpHeader {
  readonly kind: 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly flags: readonly TcpFlag[];
  /** MSS option carried on SYN segments */
  readonly mss?: number;
}

export interface VxlanHeader {
  readonly kind: 'vxlan';
  readonly vni: number;
}

export interface GeneveHeader {
  readonly kind: 'geneve';
  readonly vni: number;
}

/** A WireGuard transport data message header (type 4). */
export interface WireguardHeader {
  readonly kind: 'wireguard';
  /** the receiving peer's session index */
  readonly receiver: number;
  /** the per-session nonce counter */
  readonly counter: number;
}

/** Bytes the reader cannot see into: a WireGuard ciphertext (the inner packet and its padding) or its Poly1305 tag. */
export interface EncryptedRecord {
  readonly kind: 'encrypted';
  readonly bytes: number;
  /** what the bytes hold, for the learner: `inner IPv4 packet + 4 bytes padding`, `Poly1305 tag` */
  readonly what: string;
}

export interface PayloadRecord {
  readonly kind: 'payload';
  readonly bytes: number;
}

export type Header =
  EthHeader | Ipv4Header | IcmpHeader | UdpHeader | TcpHeader | VxlanHeader | GeneveHeader | WireguardHeader | EncryptedRecord | PayloadRecord;

export function headerSize(h: Header): number {
  switch (h.kind) {
    case 'eth':
      return ETH_HLEN;
    case 'ipv4':
      return IPV4_HLEN;
    case 'icmp':
      return ICMP_HLEN;
    case 'udp':
      return UDP_HLEN;
    case 'tcp':
      return TCP_HLEN;
    case 'vxlan':
      return VXLAN_HLEN;
    case 'geneve':
      return GENEVE_HLEN;
    case 'wireguard':
      return WG_HLEN;
    case 'encrypted':
    case 'payload':
      return h.bytes;
  }
}

/** Total bytes of a header stack (outermost first). */
export function stackSize(stack: readonly Header[]): number {
  return stack.reduce((n, h) => n + headerSize(h), 0);
}

/** One-line rendering of a header, tcpdump-like, for the inspector and the human trace. */
export function describeHeader(h: Header): string {
  switch (h.kind) {
    case 'eth':
      return `Ethernet ${h.src} > ${h.dst}`;
    case 'ipv4': {
      const proto = h.proto === 'ipip' ? ' proto IPIP' : '';
      const frag = h.fragOffset || h.mf ? ` frag off ${h.fragOffset}${h.mf ? ' MF' : ''}` : '';
      return `IPv4 ${h.src} > ${h.dst}${proto} ttl ${h.ttl} len ${h.totalLength}${h.df ? ' DF' : ''}${frag} id ${h.id}`;
    }
    case 'icmp':
      return `ICMP type ${h.type} code ${h.code}${h.seq !== undefined ? ` seq ${h.seq}` : ''}${h.mtu !== undefined ? ` mtu ${h.mtu}` : ''}`;
    case 'udp':
      return `UDP ${h.srcPort} > ${h.dstPort}`;
    case 'tcp':
      return `TCP ${h.srcPort} > ${h.dstPort} [${h.flags.join(',')}]${h.mss ? ` mss ${h.mss}` : ''}`;
    case 'vxlan':
      return `VXLAN vni ${h.vni}`;
    case 'geneve':
      return `Geneve vni ${h.vni}`;
    case 'wireguard':
      return `WireGuard data receiver ${h.receiver} counter ${h.counter}`;
    case 'encrypted':
      return `encrypted ${h.bytes} bytes (${h.what})`;
    case 'payload':
      return `payload ${h.bytes} bytes`;
  }
}
