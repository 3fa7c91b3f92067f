/**
 * The packet the walk carries: an IPv4 header, its L4 header, payload bytes, and — for a
 * tunnel's outer packet — the encapsulation: a VXLAN or Geneve inner frame, an IP-in-IP inner
 * packet, or a WireGuard ciphertext of the inner packet. Sizes follow wire/headers.ts.
 * Fragmentation follows RFC 791 / LNX ip_fragment: data split in multiples of 8 bytes.
 */
import {
  ETH_HLEN,
  IPV4_HLEN,
  GENEVE_HLEN,
  VXLAN_HLEN,
  WG_HLEN,
  WG_TAG_LEN,
  headerSize,
  type EthHeader,
  type Header,
  type IcmpHeader,
  type Ipv4Header,
  type TcpHeader,
  type UdpHeader,
} from './headers';
import type { Ipv4 } from './ipv4';
import type { ConntrackEntry, CtDir } from '../model/kernel-state';
import type { AppData } from './app-data';

/** What a tunnel's outer packet carries (REFERENCE.md §1.1). */
export type Encap =
  /** a VXLAN (RFC 7348) or Geneve (RFC 8926, no options) header, then the inner Ethernet frame; the outer UDP header is the packet's l4 */
  | { readonly kind: 'vxlan' | 'geneve'; readonly vni: number; readonly eth: EthHeader; readonly inner: Pkt }
  /** IP-in-IP (RFC 2003): the inner IPv4 packet right after the outer header (protocol 4) */
  | { readonly kind: 'ipip'; readonly inner: Pkt }
  /** a WireGuard data message over the outer UDP: header, the encrypted inner packet plus padding, the tag */
  | { readonly kind: 'wireguard'; readonly receiver: number; readonly counter: number; readonly padding: number; readonly inner: Pkt };

export type EncapKind = Encap['kind'];

/**
 * Tunnel metadata on the skb (ip_tunnel_info): set by a program before a collect-metadata
 * ("external") tunnel device sends (bpf_skb_set_tunnel_key), or by such a device on receive,
 * so a program can read which node a packet came from and its VNI.
 */
export interface TunnelKey {
  readonly remote: Ipv4;
  readonly vni: number;
}

/** Bytes the encapsulation puts after the outer L4 header (or the outer IPv4 header for IP-in-IP). */
export function encapBytes(e: Encap): number {
  switch (e.kind) {
    case 'vxlan':
      return VXLAN_HLEN + ETH_HLEN + ipSize(e.inner);
    case 'geneve':
      return GENEVE_HLEN + ETH_HLEN + ipSize(e.inner);
    case 'ipip':
      return ipSize(e.inner);
    case 'wireguard':
      return WG_HLEN + ipSize(e.inner) + e.padding + WG_TAG_LEN;
  }
}

export interface Pkt {
  readonly ip: Ipv4Header;
  /** absent on non-first fragments */
  readonly l4?: IcmpHeader | UdpHeader | TcpHeader;
  /** bytes after the L4 header (or, in a fragment, the fragment's data bytes) */
  readonly payload: number;
  readonly encap?: Encap;
  /** a fragment carries the datagram it was cut from */
  readonly fragOf?: Pkt;
  /** ICMP errors quote the packet that caused them */
  readonly quote?: Pkt;
  /** the hop (seq) where this packet was generated as an answer: an ICMP error, a RST */
  readonly origin?: number;
  /** skb->mark inside the current namespace (cleared when the packet crosses into another) */
  readonly mark?: number;
  /** the conntrack entry the packet belongs to in the current namespace (skb->_nfct) */
  readonly ct?: CtRef;
  /** what the application put in the payload: an HTTP request, a DNS query … (sizes follow it) */
  readonly data?: AppData;
  /** tunnel metadata (collect-metadata devices and the programs that drive them) */
  readonly tunnel?: TunnelKey;
}

/** A packet's link to its conntrack entry: the entry as it stands, the direction, and whether it is in the table yet. */
export interface CtRef {
  readonly ns: string;
  readonly entry: ConntrackEntry;
  readonly dir: CtDir;
  readonly confirmed: boolean;
  readonly related?: boolean;
}

/** skb_scrub_packet: crossing into another network namespace forgets the mark and conntrack. */
export function scrub(p: Pkt): Pkt {
  if (p.mark === undefined && p.ct === undefined && p.tunnel === undefined) return p;
  const { mark: _m, ct: _c, tunnel: _t, ...rest } = p;
  return rest;
}

/** Source and destination port of a TCP/UDP packet (0/0 for ICMP, as conntrack keys it here). */
export function portsOf(p: Pkt): { sport: number; dport: number } {
  const l4 = p.l4;
  return l4 && l4.kind !== 'icmp' ? { sport: l4.srcPort, dport: l4.dstPort } : { sport: 0, dport: 0 };
}

/** Bytes after the IPv4 header. */
export function l3Data(p: Pkt): number {
  if (p.fragOf) return p.payload;
  return (p.l4 ? headerSize(p.l4) : 0) + p.payload + (p.encap ? encapBytes(p.encap) : 0);
}

/** Total IPv4 length: what MTU checks compare. */
export function ipSize(p: Pkt): number {
  return IPV4_HLEN + l3Data(p);
}

export function withIp(p: Pkt, patch: Partial<Ipv4Header>): Pkt {
  // keeps every other field (quote, origin, encap) of the packet
  const ip = { ...p.ip, ...patch };
  return { ...p, ip: { ...ip, totalLength: IPV4_HLEN + l3Data({ ...p, ip }) } };
}

export function makePkt(ip: Omit<Ipv4Header, 'kind' | 'totalLength' | 'fragOffset' | 'mf'>, l4: Pkt['l4'], payload: number, encap?: Encap): Pkt {
  const base: Pkt = { ip: { kind: 'ipv4', ...ip, totalLength: 0, fragOffset: 0, mf: false }, l4, payload, encap };
  return { ...base, ip: { ...base.ip, totalLength: ipSize(base) } };
}

/** The header stack, outermost first (with an Ethernet header when the packet is on a link). */
export function headersOf(p: Pkt, eth?: EthHeader): Header[] {
  const out: Header[] = eth ? [eth] : [];
  out.push(p.ip);
  if (p.fragOf) {
    // The first fragment still carries the L4 header; later ones are bare data.
    const l4 = p.ip.fragOffset === 0 ? p.l4 : undefined;
    if (l4) out.push(l4);
    out.push({ kind: 'payload', bytes: p.payload - (l4 ? headerSize(l4) : 0) });
    return out;
  }
  if (p.l4) out.push(p.l4);
  if (p.encap) {
    out.push(...encapHeaders(p.encap));
    return out;
  }
  if (p.quote) {
    out.push(...headersOf(p.quote).filter((h) => h.kind !== 'payload'));
    const quoted = Math.max(0, p.payload - ipSize({ ...p.quote, payload: 0 }));
    if (quoted > 0) out.push({ kind: 'payload', bytes: quoted });
    return out;
  }
  if (p.payload > 0) out.push({ kind: 'payload', bytes: p.payload });
  return out;
}

function encapHeaders(e: Encap): Header[] {
  switch (e.kind) {
    case 'vxlan':
      return [{ kind: 'vxlan', vni: e.vni }, ...headersOf(e.inner, e.eth)];
    case 'geneve':
      return [{ kind: 'geneve', vni: e.vni }, ...headersOf(e.inner, e.eth)];
    case 'ipip':
      return headersOf(e.inner);
    case 'wireguard':
      return [
        { kind: 'wireguard', receiver: e.receiver, counter: e.counter },
        {
          kind: 'encrypted',
          bytes: ipSize(e.inner) + e.padding,
          what: `the inner IPv4 packet, ${ipSize(e.inner)} bytes${e.padding ? ` + ${e.padding} bytes padding` : ''}`,
        },
        { kind: 'encrypted', bytes: WG_TAG_LEN, what: 'Poly1305 tag' },
      ];
  }
}

/** Cuts `p` into fragments that fit `mtu` (RFC 791: offsets in 8-byte units; LNX ip_do_fragment). */
export function fragment(p: Pkt, mtu: number): Pkt[] {
  const whole = p.fragOf ? p.fragOf : p;
  const base = p.fragOf ? p.ip.fragOffset : 0;
  const total = l3Data(p);
  const per = Math.floor((mtu - IPV4_HLEN) / 8) * 8;
  const out: Pkt[] = [];
  for (let off = 0; off < total; off += per) {
    const n = Math.min(per, total - off);
    const last = off + n >= total;
    out.push({
      ip: { ...p.ip, fragOffset: base + off, mf: !last || p.ip.mf, totalLength: IPV4_HLEN + n },
      payload: n,
      fragOf: whole,
      l4: base + off === 0 ? whole.l4 : undefined,
    });
  }
  return out;
}

/** Headers an ICMP error carries of the offending packet (RFC 1812 / LNX icmp_send: up to 576 bytes in all). */
export const ICMP_ERROR_MAX = 576;
