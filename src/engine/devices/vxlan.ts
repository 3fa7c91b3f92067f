/**
 * The VXLAN device (LNX drivers/net/vxlan/vxlan_core.c vxlan_xmit_one): look the inner
 * destination MAC up in the device's own FDB, check the inner packet against the tunnel
 * path MTU (skb_tunnel_check_pmtu: a DF packet that will not fit updates the node's cached
 * PMTU for the inner destination; no ICMP, since flannel.1 is not a bridge port), then send
 * an outer IPv4/UDP packet from the node itself. Outer DF follows the device's `df` setting
 * (kernel default `unset`: the outer packet may be fragmented by the node, RFC 7348 §4.3 aside).
 */
import type { Interface, Netns } from '../model/datapath';
import { lookupRoute } from '../tables/route';
import { formatFdb, vxlanFdbFor } from '../tables/fdb';
import { VXLAN_OVERHEAD } from '../wire/headers';
import { ipSize, makePkt } from '../wire/packet';
import type { Ctx } from '../trace/recorder';
import type { SendStatus, Walker } from '../trace/walker';
import type { Frame } from './l2';

/** RFC 7348 §5: the outer source port is a hash of the inner flow, for ECMP entropy (32768–60999 here). */
export function flowSourcePort(f: Frame): number {
  const l4 = f.pkt.l4;
  const key = `${f.pkt.ip.src}>${f.pkt.ip.dst}/${f.pkt.ip.proto}/${l4 && l4.kind !== 'icmp' ? `${l4.srcPort}>${l4.dstPort}` : ''}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return 32768 + (h % 28232);
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

export function vxlanEncap(w: Walker, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): SendStatus {
  const vx = dev.vxlan!;
  const rows = fdbRows(ns, dev.name);
  const entry = vxlanFdbFor(ns, dev.name, f.eth.dst);
  if (!entry?.dst) {
    w.drop(
      ctx,
      {
        ns,
        device: dev.name,
        note: `${dev.name} has no FDB entry for ${f.eth.dst}: no remote VTEP to send to, dropped (TX dropped)`,
        pkt: f.pkt,
        eth: f.eth,
        decided: { table: 'fdb', row: `(no entry for ${f.eth.dst})`, rows, where: `${w.where(ns)} ${dev.name}` },
      },
      'NO_FDB_ENTRY',
    );
    return 'ok'; // vxlan_xmit drops and returns NETDEV_TX_OK: the sender is not told
  }
  const outer = lookupRoute(ns, entry.dst);
  const outerDev = ns.interfaces.find((d) => d.name === outer?.route.dev);
  const tunnelMtu = (outer?.route.mtu ?? outerDev?.mtu ?? 1500) - VXLAN_OVERHEAD;
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
  const df = vx.df === 'set' || (vx.df === 'inherit' && f.pkt.ip.df);
  const pkt = makePkt(
    { src: vx.local, dst: entry.dst, ttl: ns.sysctl.defaultTtl, df, proto: 'udp', id: w.k.nextIpId() },
    { kind: 'udp', srcPort: flowSourcePort(f), dstPort: vx.port },
    0,
    { kind: 'vxlan', vni: vx.vni, eth: f.eth, inner: f.pkt },
  );
  w.hop(ctx, {
    ns,
    kind: 'encap',
    device: dev.name,
    note: `${dev.name} wraps the frame: VXLAN VNI ${vx.vni}, UDP ${vx.port}, outer ${vx.local} → ${entry.dst} (+${VXLAN_OVERHEAD} bytes${df ? ', outer DF set' : ''})`,
    pkt,
    decided: { table: 'fdb', row: formatFdb(entry), rows, where: `${w.where(ns)} ${dev.name}` },
  });
  w.output(ns.id, pkt, ctx, { tunnel: true });
  return 'ok'; // errors on the outer packet are the tunnel's, not the inner sender's
}
