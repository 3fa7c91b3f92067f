/**
 * VXLAN and Geneve devices (LNX drivers/net/vxlan/vxlan_core.c vxlan_xmit_one,
 * drivers/net/geneve.c geneve_xmit): find the remote — the device's own FDB for the inner
 * destination MAC (flannel.1, vxlan.calico), a fixed `remote`, or, on a collect-metadata
 * (`external`) device, the tunnel key a program set on the packet (cilium_vxlan) — check the
 * inner packet against the tunnel path MTU (skb_tunnel_check_pmtu: a DF packet that will not
 * fit updates the node's cached PMTU for the inner destination; no ICMP, since the device is
 * not a bridge port), then send an outer IPv4/UDP packet from the node itself. Outer DF follows
 * the device's `df` setting (kernel default `unset`: the outer packet may be fragmented by the
 * node, RFC 7348 §4.3 aside).
 *
 * Receiving: the UDP socket of the device's port takes the datagram (encap_rcv), the device
 * with that VNI (any VNI when external, which records the remote and VNI on the packet)
 * strips the outer headers and the inner frame appears on it.
 */
import type { Interface, Netns } from '../model/datapath';
import { lookupRoute, sourceFor } from '../tables/route';
import { formatFdb, vxlanFdbFor } from '../tables/fdb';
import { GENEVE_OVERHEAD, VXLAN_OVERHEAD } from '../wire/headers';
import type { Ipv4 } from '../wire/ipv4';
import { ipSize, makePkt, type Pkt } from '../wire/packet';
import type { Decision } from '../model/trace';
import { deviceReceive } from './link';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

/** RFC 7348 §5: the outer source port is a hash of the inner flow, for ECMP entropy (32768–60999 here). */
export function flowSourcePort(pkt: Pkt): number {
  const l4 = pkt.l4;
  const key = `${pkt.ip.src}>${pkt.ip.dst}/${pkt.ip.proto}/${l4 && l4.kind !== 'icmp' ? `${l4.srcPort}>${l4.dstPort}` : ''}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return 32768 + (h % 28232);
}

interface UdpTunnel {
  readonly kind: 'vxlan' | 'geneve';
  readonly label: string;
  readonly vni: number;
  readonly port: number;
  readonly local?: Ipv4;
  readonly remote?: Ipv4;
  readonly external: boolean;
  readonly df: 'unset' | 'set' | 'inherit';
  readonly overhead: number;
}

export function udpTunnelOf(dev: Interface): UdpTunnel | undefined {
  if (dev.kind === 'vxlan' && dev.vxlan) {
    const v = dev.vxlan;
    return { kind: 'vxlan', label: 'VXLAN', vni: v.vni, port: v.port, local: v.local, external: !!v.external, df: v.df, overhead: VXLAN_OVERHEAD };
  }
  if (dev.kind === 'geneve' && dev.geneve) {
    const g = dev.geneve;
    return {
      kind: 'geneve',
      label: 'Geneve',
      vni: g.vni,
      port: g.port,
      local: g.local,
      remote: g.remote,
      external: g.external,
      df: g.df,
      overhead: GENEVE_OVERHEAD,
    };
  }
  return undefined;
}

const printed = new WeakMap<object, Map<string, string[]>>();

/** The device's FDB as `bridge fdb show dev X` prints it, cached per (immutable) table. */
function fdbRows(ns: Netns, dev: string): string[] {
  let byDev = printed.get(ns.fdb);
  if (!byDev) printed.set(ns.fdb, (byDev = new Map()));
  let rows = byDev.get(dev);
  if (!rows) byDev.set(dev, (rows = ns.fdb.filter((e) => e.dev === dev).map((e) => formatFdb(e))));
  return rows;
}

type Remote = { readonly ip: Ipv4; readonly vni: number; readonly decided: Decision } | { readonly error: string; readonly decided?: Decision };

function remoteFor(w: DatapathPort, ns: Netns, dev: Interface, t: UdpTunnel, f: Frame): Remote {
  const where = `${w.where(ns)} ${dev.name}`;
  if (t.external) {
    const key = f.pkt.tunnel;
    if (!key) return { error: `${dev.name} is a collect-metadata device and the packet carries no tunnel key: nowhere to send it` };
    return { ip: key.remote, vni: key.vni, decided: { table: 'bpf', row: `tunnel key remote ${key.remote} vni ${key.vni}`, where } };
  }
  if (t.remote) return { ip: t.remote, vni: t.vni, decided: { table: 'route', row: `${dev.name} remote ${t.remote} id ${t.vni}`, where } };
  const rows = fdbRows(ns, dev.name);
  const mac = f.eth?.dst ?? '00:00:00:00:00:00';
  const entry = vxlanFdbFor(ns, dev.name, mac);
  if (!entry?.dst)
    return {
      error: `${dev.name} has no FDB entry for ${mac}: no remote VTEP to send to, dropped (TX dropped)`,
      decided: { table: 'fdb', row: `(no entry for ${mac})`, rows, where },
    };
  return { ip: entry.dst, vni: t.vni, decided: { table: 'fdb', row: formatFdb(entry), rows, where } };
}

export function udpTunnelXmit(w: DatapathPort, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): SendStatus {
  const t = udpTunnelOf(dev)!;
  const remote = remoteFor(w, ns, dev, t, f);
  if ('error' in remote) {
    w.drop(
      ctx,
      { ns, device: dev.name, note: remote.error, pkt: f.pkt, eth: f.eth, decided: remote.decided },
      t.external || t.remote ? 'TUNNEL_NO_REMOTE' : 'NO_FDB_ENTRY',
    );
    return 'ok'; // vxlan_xmit drops and returns NETDEV_TX_OK: the sender is not told
  }
  const outer = lookupRoute(ns, remote.ip);
  const outerDev = ns.interfaces.find((d) => d.name === outer?.route.dev);
  const tunnelMtu = (outer?.route.mtu ?? outerDev?.mtu ?? 1500) - t.overhead;
  if (ipSize(f.pkt) > tunnelMtu && f.pkt.ip.df) {
    const cached = w.k.pmtuOf(ns.id, f.pkt.ip.dst, w.now());
    if (cached === undefined || cached > tunnelMtu) {
      w.k.learnPmtu(ns.id, f.pkt.ip.dst, tunnelMtu, w.now());
      w.hop(ctx, {
        ns,
        kind: 'encap',
        device: dev.name,
        note: `inner packet (${ipSize(f.pkt)} bytes, DF) exceeds the tunnel path MTU ${tunnelMtu}: ${ns.name} caches PMTU ${tunnelMtu} for ${f.pkt.ip.dst} (no ICMP: ${dev.name} is not a bridge port)`,
        pkt: f.pkt,
        eth: f.eth,
        decided: { table: 'pmtu', row: `${f.pkt.ip.dst} cache expires 600sec mtu ${tunnelMtu}`, where: w.where(ns) },
      });
    }
  }
  const df = t.df === 'set' || (t.df === 'inherit' && f.pkt.ip.df);
  const src = t.local ?? (outer ? sourceFor(ns, outer.route) : undefined) ?? '0.0.0.0';
  const eth = f.eth ?? { kind: 'eth' as const, src: dev.mac, dst: dev.mac };
  const pkt = makePkt(
    { src, dst: remote.ip, ttl: ns.sysctl.defaultTtl, df, proto: 'udp', id: w.k.nextIpId() },
    { kind: 'udp', srcPort: flowSourcePort(f.pkt), dstPort: t.port },
    0,
    { kind: t.kind, vni: remote.vni, eth, inner: f.pkt },
  );
  w.hop(ctx, {
    ns,
    kind: 'encap',
    device: dev.name,
    note: `${dev.name} wraps the frame: ${t.label} VNI ${remote.vni}, UDP ${t.port}, outer ${src} → ${remote.ip} (+${t.overhead} bytes${df ? ', outer DF set' : ''})`,
    pkt,
    decided: remote.decided,
    tunnel: { kind: t.kind, edge: 'start' },
  });
  w.output(ns.id, pkt, ctx, { tunnel: true });
  return 'ok'; // errors on the outer packet are the tunnel's, not the inner sender's
}

/**
 * A datagram reached the UDP port of a VXLAN or Geneve device: the device whose VNI it carries
 * decapsulates it (an external device takes any VNI and records it with the remote on the
 * packet). No device for the VNI: the driver drops it. Returns false when no tunnel device
 * listens on this port, so the caller treats it as ordinary UDP.
 */
export function udpTunnelReceive(w: DatapathPort, ns: Netns, p: Pkt, ctx: Ctx): boolean {
  const l4 = p.l4;
  if (l4?.kind !== 'udp') return false;
  const devs = ns.interfaces.filter((d) => d.up && udpTunnelOf(d)?.port === l4.dstPort);
  if (!devs.length) return false;
  const enc = p.encap?.kind === 'vxlan' || p.encap?.kind === 'geneve' ? p.encap : undefined;
  const dev = enc && devs.find((d) => udpTunnelOf(d)!.kind === enc.kind && (udpTunnelOf(d)!.external || udpTunnelOf(d)!.vni === enc.vni));
  if (!enc || !dev) {
    const what = enc ? `${enc.kind.toUpperCase()} VNI ${enc.vni}` : 'a datagram that is not a tunnel packet';
    w.drop(
      ctx,
      {
        ns,
        device: devs[0].name,
        note: `UDP ${l4.dstPort} belongs to ${devs.map((d) => d.name).join(', ')}, which has no device for ${what}: dropped`,
        pkt: p,
      },
      'NO_SOCKET',
    );
    return true;
  }
  const t = udpTunnelOf(dev)!;
  const inner: Pkt = t.external ? { ...enc.inner, tunnel: { remote: p.ip.src, vni: enc.vni } } : enc.inner;
  w.hop(ctx, {
    ns,
    kind: 'decap',
    device: dev.name,
    note: `UDP ${l4.dstPort} belongs to ${dev.name} (${t.label} VNI ${enc.vni}${t.external ? ', collect metadata: remote and VNI kept with the packet' : ''}): outer headers removed, the inner frame appears on ${dev.name}`,
    pkt: inner,
    eth: enc.eth,
    decided: { table: 'socket', row: `udp 0.0.0.0:${l4.dstPort} ${t.label.toLowerCase()} ${dev.name}`, where: w.where(ns) },
    tunnel: { kind: t.kind, edge: 'end' },
  });
  deviceReceive(w, ns, dev, { eth: enc.eth, pkt: inner }, ctx);
  return true;
}
