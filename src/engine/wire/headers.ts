/**
 * Header records: the fields a learner needs to read and the byte size each header adds.
 * Like smoltcp's `Repr`: no byte buffers, no checksums — we need sizes for MTU arithmetic.
 *
 * Sizes (REFERENCE.md §1.1): Ethernet 14, IPv4 20 (no options), ICMP 8, UDP 8,
 * TCP 20 (no options; simplified — Linux adds 12 bytes of timestamps to data segments),
 * VXLAN 8 (RFC 7348 §5). VXLAN overhead on the MTU = 20 + 8 + 8 + 14 = 50
 * (LNX include/net/vxlan.h VXLAN_HEADROOM).
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
/** The 802.1Q tag a receiving device tolerates beyond its MTU (kernel is_skb_forwardable: VLAN_HLEN). */
export const VLAN_HLEN = 4;
/** RFC 791 / RFC 1191: the smallest MTU an IPv4 path may have. */
export const IPV4_MIN_MTU = 68;

export type IpProto = 'icmp' | 'udp' | 'tcp';
export const IP_PROTO_NUMBER: Record<IpProto, number> = { icmp: 1, tcp: 6, udp: 17 };

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

export interface PayloadRecord {
  readonly kind: 'payload';
  readonly bytes: number;
}

export type Header = EthHeader | Ipv4Header | IcmpHeader | UdpHeader | TcpHeader | VxlanHeader | PayloadRecord;

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
      const frag = h.fragOffset || h.mf ? ` frag off ${h.fragOffset}${h.mf ? ' MF' : ''}` : '';
      return `IPv4 ${h.src} > ${h.dst} ttl ${h.ttl} len ${h.totalLength}${h.df ? ' DF' : ''}${frag} id ${h.id}`;
    }
    case 'icmp':
      return `ICMP type ${h.type} code ${h.code}${h.seq !== undefined ? ` seq ${h.seq}` : ''}${h.mtu !== undefined ? ` mtu ${h.mtu}` : ''}`;
    case 'udp':
      return `UDP ${h.srcPort} > ${h.dstPort}`;
    case 'tcp':
      return `TCP ${h.srcPort} > ${h.dstPort} [${h.flags.join(',')}]${h.mss ? ` mss ${h.mss}` : ''}`;
    case 'vxlan':
      return `VXLAN vni ${h.vni}`;
    case 'payload':
      return `payload ${h.bytes} bytes`;
  }
}
