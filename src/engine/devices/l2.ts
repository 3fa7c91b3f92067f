/**
 * Link-layer forwarding: veth pairs, the Linux bridge (learning FDB, hairpin), the underlay
 * wire between NICs, and the VXLAN device (FDB lookup → encapsulation). A receiving device
 * accepts frames up to its MTU + the 4-byte VLAN slack (LNX is_skb_forwardable) and drops
 * bigger ones silently; a locally sent frame dropped that way fails with ENOBUFS
 * (veth_xmit returns NET_XMIT_DROP) — the oracle wires nodes with a veth pair.
 *
 * br_netfilter (net/bridge/br_netfilter_hooks.c), with net.bridge.bridge-nf-call-iptables=1:
 * an IPv4 frame entering a bridge port runs the PREROUTING hook (conntrack, nat) first; if a
 * DNAT moved it to an address behind the same bridge, it is bridged to its new owner from the
 * port it came in on (br_nf_pre_routing_finish "bridged_dnat" — so hairpin mode decides when
 * that is the same port); a bridged frame runs FORWARD and POSTROUTING too. A packet crossing
 * into another namespace forgets its mark and conntrack (skb_scrub_packet).
 */
import type { Interface, Netns, Route } from '../model/datapath';
import { BROADCAST_MAC } from '../wire/mac';
import { VLAN_HLEN, type EthHeader } from '../wire/headers';
import { bridgePortFor, fdbKey } from '../tables/fdb';
import { isLocalAddress, lookupRoute } from '../tables/route';
import { nfHook } from '../trace/hooks';
import type { Ctx } from '../trace/recorder';
import { scrub, type Pkt } from '../wire/packet';
import type { SendStatus, Walker } from '../trace/walker';
import { resolveNeighbour } from './arp';
import { vxlanEncap } from './vxlan';

export interface Frame {
  readonly eth: EthHeader;
  readonly pkt: Pkt;
}

/** Resolve the next hop and put the frame on `route.dev`. */
export function sendVia(w: Walker, ns: Netns, r: Route, pkt: Pkt, ctx: Ctx, local: boolean): SendStatus {
  const dev = w.iface(ns, r.dev);
  if (!dev || !dev.up) {
    w.drop(ctx, { ns, device: r.dev, note: `device ${r.dev} is missing or down`, pkt }, 'NO_SOCKET');
    return local ? 'ENETUNREACH' : 'ok';
  }
  const nh = r.via ?? pkt.ip.dst;
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
  return transmit(w, ns, dev, { eth: { kind: 'eth', src: dev.mac, dst: res.mac }, pkt }, ctx);
}

function rxRefused(w: Walker, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): boolean {
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

export function transmit(w: Walker, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx): SendStatus {
  let f = frame;
  if (dev.kind === 'veth' && dev.peer) {
    const pn = w.ns(dev.peer.netns);
    const pd = w.iface(pn, dev.peer.ifname)!;
    if (rxRefused(w, pn, pd, f, ctx)) return 'ENOBUFS';
    f = { ...f, pkt: scrub(f.pkt) };
    w.hop(ctx, {
      ns: pn,
      kind: 'veth',
      device: pd.name,
      link: `veth:${ns.id}/${dev.name}`,
      note: `crosses the veth pair ${ns.name}:${dev.name} → ${pn.name}:${pd.name}`,
      pkt: f.pkt,
      eth: f.eth,
    });
    deviceReceive(w, pn, pd, f, ctx);
    return 'ok';
  }
  if (dev.kind === 'nic' && dev.segment) {
    const seg = w.cluster.segments[dev.segment];
    const m = seg?.members.map((x) => ({ n: w.ns(x.netns), d: w.iface(w.ns(x.netns), x.ifname)! })).find((x) => x.d.mac === f.eth.dst);
    if (!m) {
      w.drop(ctx, { ns, device: dev.name, note: `no host with MAC ${f.eth.dst} on the ${dev.segment} segment`, pkt: f.pkt, eth: f.eth }, 'NEIGH_FAILED');
      return 'ok';
    }
    if (rxRefused(w, m.n, m.d, f, ctx)) return 'ENOBUFS';
    f = { ...f, pkt: scrub(f.pkt) };
    w.hop(ctx, {
      ns: m.n,
      kind: 'wire',
      device: m.d.name,
      link: `wire:${dev.segment}`,
      note: `crosses the ${dev.segment} from ${ns.name} ${dev.name} to ${m.n.name} ${m.d.name}`,
      pkt: f.pkt,
      eth: f.eth,
    });
    deviceReceive(w, m.n, m.d, f, ctx);
    return 'ok';
  }
  if (dev.kind === 'bridge') return bridgeOut(w, ns, dev, f, ctx, undefined);
  if (dev.kind === 'vxlan') return vxlanEncap(w, ns, dev, f, ctx);
  w.drop(ctx, { ns, device: dev.name, note: `${dev.kind} devices do not transmit here`, pkt: f.pkt }, 'NO_SOCKET');
  return 'ok';
}

/** The bridge picks a port from its FDB (or floods) and sends the frame out of it. */
function bridgeOut(w: Walker, ns: Netns, br: Interface, f: Frame, ctx: Ctx, inPort: Interface | undefined): SendStatus {
  const learned = bridgePortFor(ns, w.k.fdbTable(ns.id), br.name, f.eth.dst);
  let portName = learned;
  if (!portName) {
    // Unknown unicast is flooded to every port; only the owner of the MAC keeps it.
    portName = ns.interfaces.find((p) => p.master === br.name && p.peer && w.iface(w.ns(p.peer.netns), p.peer.ifname)?.mac === f.eth.dst)?.name;
  }
  const port = w.iface(ns, portName);
  if (!port) {
    w.drop(ctx, { ns, device: br.name, note: `${br.name} flooded the frame for ${f.eth.dst}; no port knows it`, pkt: f.pkt, eth: f.eth }, 'NEIGH_FAILED');
    return 'ok';
  }
  if (inPort && port.name === inPort.name && !inPort.hairpin) {
    w.drop(
      ctx,
      {
        ns,
        device: br.name,
        note: `${br.name} would send the frame back out of ${port.name}, where it came from; hairpin mode is off`,
        pkt: f.pkt,
        eth: f.eth,
      },
      'NO_SOCKET',
    );
    return 'ok';
  }
  let out = f;
  if (inPort && ns.sysctl.bridgeNfCallIptables) {
    // br_nf_forward_ip / br_nf_post_routing: a bridged IPv4 frame runs FORWARD and POSTROUTING as `-i br -o br`
    const fwd = nfHook(w, ns, 'FORWARD', f.pkt, { in: br.name, out: br.name, bridged: true }, ctx);
    if (!fwd.pass) return 'ok';
    const post = nfHook(w, ns, 'POSTROUTING', fwd.pkt, { in: br.name, out: br.name, bridged: true }, ctx);
    if (!post.pass) return 'ok';
    out = { ...f, pkt: post.pkt };
  }
  if (rxRefused(w, ns, port, out, ctx)) return 'ENOBUFS';
  const row = `${out.eth.dst} dev ${port.name} master ${br.name}`;
  w.hop(ctx, {
    ns,
    kind: 'bridge',
    device: br.name,
    note: learned
      ? `${br.name} forwards to ${port.name} (FDB: ${out.eth.dst})`
      : `${br.name} does not know ${out.eth.dst} yet: floods, ${port.name} leads to its owner`,
    pkt: out.pkt,
    eth: out.eth,
    decided: { table: 'fdb', row: learned ? row : `(unknown: flooded) ${out.eth.dst}`, where: `${w.where(ns)} ${br.name}` },
  });
  return transmit(w, ns, port, out, ctx);
}

/** A frame arrives on `dev`: a bridge port hands it to its bridge; otherwise the IP layer takes frames for us. */
export function deviceReceive(w: Walker, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): void {
  if (dev.master) {
    const br = w.iface(ns, dev.master)!;
    w.k.learnFdb(ns.id, fdbKey(br.name, f.eth.src), dev.name);
    if (ns.sysctl.bridgeNfCallIptables) return bridgeNetfilter(w, ns, br, dev, f, ctx);
    if (f.eth.dst === br.mac || f.eth.dst === BROADCAST_MAC) {
      toHost(w, ns, br, f, ctx, false);
      return;
    }
    bridgeOut(w, ns, br, f, ctx, dev);
    return;
  }
  if (f.eth.dst === dev.mac || f.eth.dst === BROADCAST_MAC) {
    w.receive(ns.id, dev.name, f.pkt, ctx);
    return;
  }
  w.drop(ctx, { ns, device: dev.name, note: `frame for ${f.eth.dst} is not for ${dev.name} (${dev.mac})`, pkt: f.pkt, eth: f.eth }, 'NO_SOCKET');
}

function toHost(w: Walker, ns: Netns, br: Interface, f: Frame, ctx: Ctx, prerouted: boolean): void {
  w.hop(ctx, {
    ns,
    kind: 'bridge',
    device: br.name,
    note: `the frame is addressed to ${br.name} itself (the pods' gateway): up to ${ns.name}'s IP layer`,
    pkt: f.pkt,
    eth: f.eth,
  });
  w.receive(ns.id, br.name, f.pkt, ctx, { prerouted });
}

/** br_nf_pre_routing: PREROUTING for a frame entering the bridge, then host, bridged DNAT, or plain bridging. */
function bridgeNetfilter(w: Walker, ns: Netns, br: Interface, port: Interface, f: Frame, ctx: Ctx): void {
  const pre = nfHook(w, ns, 'PREROUTING', f.pkt, { in: br.name, bridged: true }, ctx);
  if (!pre.pass) return;
  const pkt = pre.pkt;
  const frame = { ...f, pkt };
  if (pkt.ip.dst !== f.pkt.ip.dst) {
    // br_nf_pre_routing_finish: DNAT changed the destination, so the bridge asks the routing table where it lives now
    const r = lookupRoute(ns, pkt.ip.dst);
    if (r && r.route.dev === br.name && !isLocalAddress(ns, pkt.ip.dst)) {
      const res = resolveNeighbour(w, ns, br, r.route.via ?? pkt.ip.dst, pkt, ctx);
      if ('failAt' in res) {
        w.drop(ctx, { ns, device: br.name, note: `no ARP answer for ${pkt.ip.dst} on ${br.name}: the DNATed frame is discarded`, pkt }, 'NEIGH_FAILED');
        return;
      }
      w.hop(ctx, {
        ns,
        kind: 'bridge',
        device: br.name,
        note: `${pkt.ip.dst} is behind ${br.name} itself: the DNATed frame is bridged to it from ${port.name}, not routed (br_netfilter "bridged DNAT"; no TTL decrement)`,
        pkt,
        eth: { ...f.eth, dst: res.mac },
      });
      bridgeOut(w, ns, br, { eth: { ...f.eth, dst: res.mac }, pkt }, ctx, port);
      return;
    }
    toHost(w, ns, br, { eth: { ...f.eth, dst: br.mac }, pkt }, ctx, true);
    return;
  }
  if (f.eth.dst === br.mac || f.eth.dst === BROADCAST_MAC) {
    toHost(w, ns, br, frame, ctx, true);
    return;
  }
  bridgeOut(w, ns, br, frame, ctx, port);
}
