/**
 * The Linux bridge: a learning FDB, flooding of unknown unicast, hairpin mode, and
 * br_netfilter (net/bridge/br_netfilter_hooks.c). With net.bridge.bridge-nf-call-iptables=1
 * an IPv4 frame entering a bridge port runs the PREROUTING hook (conntrack, nat) first; if a
 * DNAT moved it to an address behind the same bridge, it is bridged to its new owner from the
 * port it came in on (br_nf_pre_routing_finish "bridged_dnat" — so hairpin mode decides when
 * that is the same port); a bridged frame runs FORWARD and POSTROUTING too.
 */
import type { Interface, Netns } from '../model/datapath';
import { BROADCAST_MAC } from '../wire/mac';
import type { EthHeader } from '../wire/headers';
import type { Pkt } from '../wire/packet';
import { bridgePortFor, fdbKey } from '../tables/fdb';
import { isLocalAddress, lookupRoute } from '../tables/route';
import { resolveNeighbour } from './arp';
import { rxRefused, transmit } from './link';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

/** A bridged frame always has its Ethernet header. */
interface L2Frame {
  readonly eth: EthHeader;
  readonly pkt: Pkt;
}

/** The host sends out of the bridge device itself (to a pod behind it). */
export function bridgeXmit(w: DatapathPort, ns: Netns, br: Interface, f: Frame, ctx: Ctx): SendStatus {
  if (!f.eth) return 'ok';
  return bridgeOut(w, ns, br, { eth: f.eth, pkt: f.pkt }, ctx, undefined);
}

/** The bridge picks a port from its FDB (or floods) and sends the frame out of it. */
function bridgeOut(w: DatapathPort, ns: Netns, br: Interface, f: L2Frame, ctx: Ctx, inPort: Interface | undefined): SendStatus {
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
    const fwd = w.nfHook(ns, 'FORWARD', f.pkt, { in: br.name, out: br.name, bridged: true }, ctx);
    if (!fwd.pass) return 'ok';
    const post = w.nfHook(ns, 'POSTROUTING', fwd.pkt, { in: br.name, out: br.name, bridged: true }, ctx);
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

/** A frame arrived on a bridge port (after its tc ingress): learn, br_netfilter, then the host or another port. */
export function bridgePortReceive(w: DatapathPort, ns: Netns, dev: Interface, f: L2Frame, ctx: Ctx): void {
  const br = w.iface(ns, dev.master)!;
  w.k.learnFdb(ns.id, fdbKey(br.name, f.eth.src), dev.name);
  if (ns.sysctl.bridgeNfCallIptables) return bridgeNetfilter(w, ns, br, dev, f, ctx);
  if (f.eth.dst === br.mac || f.eth.dst === BROADCAST_MAC) {
    toHost(w, ns, br, f, ctx, false);
    return;
  }
  bridgeOut(w, ns, br, f, ctx, dev);
}

function toHost(w: DatapathPort, ns: Netns, br: Interface, f: L2Frame, ctx: Ctx, prerouted: boolean): void {
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
function bridgeNetfilter(w: DatapathPort, ns: Netns, br: Interface, port: Interface, f: L2Frame, ctx: Ctx): void {
  const pre = w.nfHook(ns, 'PREROUTING', f.pkt, { in: br.name, bridged: true }, ctx);
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
