/**
 * Handing packets to devices and taking frames from them, the same for every device kind:
 * the route's device gets the packet — an L2 device after neighbour resolution (the next hop's
 * MAC), an L3 tunnel (IP-in-IP, WireGuard: NOARP) as it is — through the tc egress hook, and a
 * frame arriving on a device passes the tc ingress hook before its bridge or the IP layer
 * sees it (LNX net/core/dev.c: sch_handle_egress in __dev_queue_xmit, sch_handle_ingress in
 * __netif_receive_skb_core, before the bridge's rx_handler). What each kind does with the
 * frame is its driver's (drivers.ts).
 *
 * A receiving device accepts frames up to its MTU + the 4-byte VLAN slack (LNX
 * is_skb_forwardable) and drops bigger ones silently; a locally sent frame dropped that way
 * fails with ENOBUFS (veth_xmit returns NET_XMIT_DROP) — the oracle wires nodes with a veth pair.
 */
import type { Interface, Netns, Route } from '../model/datapath';
import { BROADCAST_MAC } from '../wire/mac';
import { VLAN_HLEN } from '../wire/headers';
import type { Ipv4 } from '../wire/ipv4';
import type { Pkt } from '../wire/packet';
import { resolveNeighbour } from './arp';
import { driverOf } from './drivers';
import { bridgePortReceive } from './bridge';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

/** Resolve the next hop (L2 devices) and put the packet on `route.dev`. */
export function sendVia(w: DatapathPort, ns: Netns, r: Route, pkt: Pkt, ctx: Ctx, local: boolean): SendStatus {
  const dev = w.iface(ns, r.dev);
  if (!dev || !dev.up) {
    w.drop(ctx, { ns, device: r.dev, note: `device ${r.dev} is missing or down`, pkt }, 'NO_SOCKET');
    return local ? 'ENETUNREACH' : 'ok';
  }
  const nh = r.via ?? pkt.ip.dst;
  if (!driverOf(dev).l2) return transmit(w, ns, dev, { pkt }, ctx, nh);
  const res = resolveNeighbour(w, ns, dev, nh, pkt, ctx);
  if ('failAt' in res) {
    w.t = Math.max(w.t, res.failAt - w.k.start);
    const note = `no ARP answer for ${nh} on ${dev.name}: the neighbour entry fails after 3 s and the queued packet is discarded`;
    if (local) {
      w.hop(ctx, { ns, kind: 'local-error', device: dev.name, note: `${note}; the sender gets EHOSTUNREACH`, pkt });
      w.localErrors.push({ ns: ns.id, error: 'EHOSTUNREACH', t: w.t, seq: w.lastSeq });
      return 'EHOSTUNREACH';
    }
    w.hop(ctx, { ns, kind: 'arp', device: dev.name, note, pkt });
    w.sendIcmpError(ns, pkt, 3, 1, ctx);
    w.drops.push({ reason: 'NEIGH_FAILED', ns: ns.id, note, dir: ctx.dir, t: w.t });
    return 'queued';
  }
  return transmit(w, ns, dev, { eth: { kind: 'eth', src: dev.mac, dst: res.mac }, pkt }, ctx, nh);
}

/** A frame leaves through `dev`: its tc egress programs, then its driver. `nexthop`: the route's gateway (IP-in-IP sends there). */
export function transmit(w: DatapathPort, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx, nexthop?: Ipv4): SendStatus {
  const tc = w.tc(ns, dev, 'egress', frame, ctx);
  if (tc.kind === 'taken') return tc.status;
  return driverOf(dev).xmit(w, ns, dev, tc.frame, ctx, { nexthop: nexthop ?? tc.frame.pkt.ip.dst });
}

/**
 * `dev` of `ns` receives a frame that came over a link: the device refuses it when it is too
 * big (recorded; true), else nothing is said (false).
 */
export function rxRefused(w: DatapathPort, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): boolean {
  const check = w.mtuCheck(dev.name, dev.mtu, f.pkt, VLAN_HLEN);
  if (check.fits) return false;
  w.drop(
    ctx,
    {
      ns,
      device: dev.name,
      note: `${check.size}-byte packet arrives at ${ns.name} ${dev.name} (mtu ${dev.mtu}): too big for the device, dropped silently — no ICMP`,
      pkt: f.pkt,
      eth: f.eth,
      mtu: check,
    },
    'FRAME_TOO_BIG',
  );
  return true;
}

/** A frame arrives on `dev`: tc ingress, then its bridge (a port) or the IP layer (frames for us; L3 devices carry no MAC). */
export function deviceReceive(w: DatapathPort, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx): void {
  const tc = w.tc(ns, dev, 'ingress', frame, ctx);
  if (tc.kind === 'taken') return;
  const f = tc.frame;
  if (dev.master && f.eth) return bridgePortReceive(w, ns, dev, { eth: f.eth, pkt: f.pkt }, ctx);
  if (!f.eth || f.eth.dst === dev.mac || f.eth.dst === BROADCAST_MAC) {
    w.receive(ns.id, dev.name, f.pkt, ctx);
    return;
  }
  w.drop(ctx, { ns, device: dev.name, note: `frame for ${f.eth.dst} is not for ${dev.name} (${dev.mac})`, pkt: f.pkt, eth: f.eth }, 'NO_SOCKET');
}
