/**
 * `ip link` and `ip addr` (iproute2 6.1 ip/ipaddress.c print_linkinfo / print_addrinfo,
 * ip/iplink_vxlan.c vxlan_print_opt), checked against the kernel oracle's
 * `ip -d link show flannel.1` and real flannel nodes:
 *
 *   4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
 *       link/ether 8a:3f:77:b1:0c:2e brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535
 *       vxlan id 1 local 192.168.1.10 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum …
 *
 * iproute2 prints `mode DEFAULT` only for `ip link`, and a trailing space after
 * `group default` when no `qlen` follows (veth has tx_queue_len 0), and after every
 * `-d` detail line; both are kept. Simplified: the lab is IPv4-only, so the inet6
 * link-local lines a real host shows are absent; bridge and bridge_slave details are abridged.
 */
import type { Cluster, Interface, Netns } from '../model/datapath';
import { intToIp, ipToInt, maskOf } from '../wire/ipv4';
import { BROADCAST_MAC } from '../wire/mac';

export interface LinkView {
  readonly details?: boolean;
  /** `ip -br`: one line per device */
  readonly brief?: boolean;
}

function flags(d: Interface): string {
  const f = d.kind === 'loopback' ? ['LOOPBACK'] : d.kind === 'dummy' ? ['BROADCAST', 'NOARP'] : d.kind === 'ipip' ? ['NOARP'] : ['BROADCAST', 'MULTICAST'];
  if (d.up) f.push('UP', 'LOWER_UP');
  return `<${f.join(',')}>`;
}

/** IF_OPER state: software devices without a carrier notion report UNKNOWN. */
function operState(d: Interface): string {
  if (!d.up) return 'DOWN';
  return d.kind === 'loopback' || d.kind === 'vxlan' || d.kind === 'dummy' || d.kind === 'ipip' ? 'UNKNOWN' : 'UP';
}

/** veth and dummy have tx_queue_len 0 (no `qlen`); ether_setup gives the rest 1000. */
function qlen(d: Interface): number {
  return d.kind === 'veth' || d.kind === 'dummy' ? 0 : 1000;
}

function qdisc(d: Interface): string {
  if (!d.up) return 'noop';
  // A NIC gets net.core.default_qdisc (fq_codel with systemd); software devices are IFF_NO_QUEUE.
  return d.kind === 'nic' ? 'fq_codel' : 'noqueue';
}

/** `eth0@if5`: a veth names its peer's ifindex (IFLA_LINK). */
export function linkName(c: Cluster, d: Interface): string {
  // an IP-in-IP device without a lower link (tunl0, the fallback device) prints @NONE
  if (d.kind === 'ipip') return `${d.name}@NONE`;
  if (d.kind !== 'veth' || !d.peer) return d.name;
  const peer = c.netns[d.peer.netns]?.interfaces.find((i) => i.name === d.peer!.ifname);
  return peer ? `${d.name}@if${peer.ifindex}` : `${d.name}@NONE`;
}

/** link-netnsid: the peer namespace's id as seen from here (the root namespace is 0 inside a pod). */
function linkNetnsId(ns: Netns, d: Interface): number | undefined {
  if (d.kind !== 'veth' || !d.peer) return undefined;
  if (ns.kind !== 'node') return 0;
  const peers = [...new Set(ns.interfaces.filter((i) => i.kind === 'veth' && i.peer && i.peer.netns !== ns.id).map((i) => i.peer!.netns))];
  const idx = peers.indexOf(d.peer.netns);
  return idx < 0 ? undefined : idx;
}

function headerLine(c: Cluster, d: Interface, link: boolean): string {
  const master = d.master ? ` master ${d.master}` : '';
  const mode = link ? ' mode DEFAULT' : '';
  const q = qlen(d) ? `qlen ${qlen(d)}` : '';
  return `${d.ifindex}: ${linkName(c, d)}: ${flags(d)} mtu ${d.mtu} qdisc ${qdisc(d)}${master} state ${operState(d)}${mode} group default ${q}`;
}

const DETAIL_TAIL =
  'addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ';

/** The vxlan options, in vxlan_print_opt order. `ttl auto` is TTL 0 (inherit from the route). */
export function vxlanDetails(d: Interface): string {
  const v = d.vxlan!;
  const parts = [`vxlan id ${v.vni}`, `local ${v.local}`];
  if (v.dev) parts.push(`dev ${v.dev}`);
  parts.push('srcport 0 0', `dstport ${v.port}`);
  if (!v.learning) parts.push('nolearning');
  parts.push('ttl auto');
  if (v.df !== 'unset') parts.push(`df ${v.df}`);
  parts.push('ageing 300', 'udpcsum', 'noudp6zerocsumtx', 'noudp6zerocsumrx');
  return `${parts.join(' ')} `;
}

function detailLines(ns: Netns, d: Interface): string[] {
  const bridgePort = d.master !== undefined;
  const promisc = bridgePort ? 1 : 0;
  const mtus = d.kind === 'loopback' || d.kind === 'ipip' ? 'minmtu 0 maxmtu 0' : 'minmtu 68 maxmtu 65535';
  const nsid = linkNetnsId(ns, d);
  const first = `${linkLine(d)}${nsid !== undefined ? ` link-netnsid ${nsid}` : ''} promiscuity ${promisc}  allmulti ${promisc} ${mtus} `;
  const kind: string[] = [];
  if (d.kind === 'vxlan' && d.vxlan) kind.push(vxlanDetails(d));
  if (d.kind === 'veth') kind.push('veth ');
  // iptunnel_print_opt (ip/link_iptnl.c): real tunl0 output (calico.md §3.2)
  if (d.kind === 'ipip')
    kind.push(
      `ipip any remote ${d.ipip?.remote ?? 'any'} local ${d.ipip?.local ?? 'any'} ttl ${d.ipip?.ttl ? d.ipip.ttl : 'inherit'} ${d.ipip?.pmtudisc ? '' : 'nopmtudisc '}`,
    );
  if (d.kind === 'dummy') kind.push('dummy ');
  if (d.kind === 'bridge') {
    const id = `8000.${d.mac}`;
    kind.push(
      `bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q bridge_id ${id} designated_root ${id} `,
    );
  }
  if (bridgePort)
    kind.push(
      `bridge_slave state forwarding priority 32 cost 2 hairpin ${d.hairpin ? 'on' : 'off'} guard off root_block off fastleave off learning on flood on `,
    );
  // Devices without IFLA_INFO_KIND (a physical NIC, lo) continue the link line.
  if (kind.length === 0) return [`${first}${DETAIL_TAIL}`];
  kind[kind.length - 1] += DETAIL_TAIL;
  return [first, ...kind.map((k) => `    ${k}`)];
}

function linkLine(d: Interface): string {
  if (d.kind === 'loopback') return `    link/loopback ${d.mac} brd ${d.mac}`;
  if (d.kind === 'ipip') return `    link/ipip ${d.ipip?.local ?? '0.0.0.0'} brd ${d.ipip?.remote ?? '0.0.0.0'}`;
  return `    link/ether ${d.mac} brd ${BROADCAST_MAC}`;
}

function broadcast(ip: string, prefix: number): string {
  return intToIp((ipToInt(ip) | ~maskOf(prefix)) >>> 0);
}

function inetLines(d: Interface): string[] {
  const out: string[] = [];
  for (const a of d.addrs) {
    const scope = a.scope ?? (d.kind === 'loopback' ? 'host' : 'global');
    // The bridge plugin and DHCP set a broadcast address; flannel adds flannel.1's /32 without one.
    const brd = a.prefix <= 30 && scope !== 'host' ? ` brd ${broadcast(a.ip, a.prefix)}` : '';
    out.push(`    inet ${a.ip}/${a.prefix}${brd} scope ${scope} ${d.name}`, '       valid_lft forever preferred_lft forever');
  }
  return out;
}

/** One device as `ip link show` / `ip addr show` print it. */
export function formatDevice(c: Cluster, ns: Netns, d: Interface, what: 'link' | 'addr', view: LinkView = {}): string[] {
  if (view.brief) {
    const name = linkName(c, d).padEnd(16);
    const state = operState(d).padEnd(14);
    if (what === 'addr') return [`${name} ${state} ${d.addrs.map((a) => `${a.ip}/${a.prefix} `).join('')}`];
    return [`${name} ${state} ${d.mac} ${flags(d)} `];
  }
  const lines = [headerLine(c, d, what === 'link')];
  if (view.details) lines.push(...detailLines(ns, d));
  else {
    const nsid = linkNetnsId(ns, d);
    lines.push(`${linkLine(d)}${nsid !== undefined ? ` link-netnsid ${nsid}` : ''}`);
  }
  if (what === 'addr') lines.push(...inetLines(d));
  return lines;
}

/** `ip link show [dev] [X]` / `ip addr show [dev] [X]`; an unknown device is iproute2's error (exit 1). */
export function showDevices(c: Cluster, ns: Netns, what: 'link' | 'addr', dev: string | undefined, view: LinkView = {}): { lines: string[]; exitCode: number } {
  const devices = [...ns.interfaces].sort((a, b) => a.ifindex - b.ifindex);
  const pick = dev === undefined ? devices : devices.filter((d) => d.name === dev);
  if (pick.length === 0) return { lines: [`Device "${dev}" does not exist.`], exitCode: 1 };
  return { lines: pick.flatMap((d) => formatDevice(c, ns, d, what, view)), exitCode: 0 };
}
