/**
 * Whether a tunnel's outer UDP header carries a checksum.
 *
 * VXLAN: computed. vxlan_nl2conf (LNX drivers/net/vxlan/vxlan_core.c) sets
 * VXLAN_F_UDP_ZERO_CSUM_TX only when IFLA_VXLAN_UDP_CSUM is given as 0; flannel creates
 * flannel.1 through vishvananda/netlink, which sends that attribute only to turn checksums on,
 * so the device keeps the default — `ip -d link show flannel.1` prints `udpcsum` (cli/ip-link.ts).
 * Geneve: zero. geneve_nl2info (LNX drivers/net/geneve.c) sets TUNNEL_CSUM only when
 * IFLA_GENEVE_UDP_CSUM is 1, and geneve_xmit passes `!(tun_flags & TUNNEL_CSUM)` as nocheck;
 * Cilium's collect-metadata devices get their key from bpf_skb_set_tunnel_key with
 * BPF_F_ZERO_CSUM_TX (cilium bpf/lib/encap.h), which clears TUNNEL_CSUM as well.
 * WireGuard: computed (LNX drivers/net/wireguard/socket.c send4 calls udp_tunnel_xmit_skb with
 * nocheck false).
 * A VXLAN packet whose tunnel key a program set (the encap hop decided by a `bpf` row: Cilium's
 * cilium_vxlan in collect-metadata mode) has a zero checksum too: Cilium's __encap_with_nodeid
 * (bpf/lib/encap.h) calls ctx_set_tunnel_key with BPF_F_ZERO_CSUM_TX.
 */
import type { Hop } from '../model/trace';
import type { Header, Ipv4Header, UdpHeader } from '../wire/headers';

function outerKey(ip: Ipv4Header): string {
  return `${ip.src}|${ip.dst}|${ip.id}`;
}

/** The rule for one trace: which outer packets a program keyed (from the trace's encap hops). */
export function zeroUdpChecksumIn(hops: readonly Hop[]): (ip: Ipv4Header, h: UdpHeader, next: Header | undefined) => boolean {
  const keyedByProgram = new Set<string>();
  for (const h of hops) {
    const outer = h.headers[0];
    if (h.kind === 'encap' && h.tunnel?.edge === 'start' && h.decided?.table === 'bpf' && outer?.kind === 'ipv4') keyedByProgram.add(outerKey(outer));
  }
  return (ip, _h, next) => next?.kind === 'geneve' || (next?.kind === 'vxlan' && keyedByProgram.has(outerKey(ip)));
}

/** Without the trace: the device defaults alone (Geneve zero, VXLAN and WireGuard computed). */
export function zeroUdpChecksum(_ip: Ipv4Header, _h: UdpHeader, next: Header | undefined): boolean {
  return next?.kind === 'geneve';
}
