/**
 * Link-layer forwarding: veth pairs, the Linux bridge (learning FDB, hairpin), the underlay
 * wire between NICs, and the VXLAN device (FDB lookup → encapsulation). A receiving device
 * accepts frames up to its MTU + the 4-byte VLAN slack (LNX is_skb_forwardable) and drops
 * bigger ones silently; a locally sent frame dropped that way fails with ENOBUFS
 * (veth_xmit returns NET_XMIT_DROP) — the oracle wires nodes with a veth pair.
 */
import type { Interface, Netns, Route } from '../model/datapath';
import { BROADCAST_MAC } from '../wire/mac';
import { VLAN_HLEN, type EthHeader } from '../wire/headers';
import { bridgePortFor, fdbKey } from '../tables/fdb';
import { traverse } from '../tables/netfilter';
import type { Ctx } from '../trace/recorder';
import type { Pkt } from '../trace/packet';
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

export function transmit(w: Walker, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): SendStatus {
  if (dev.kind === 'veth' && dev.peer) {
    const pn = w.ns(dev.peer.netns);
    const pd = w.iface(pn, dev.peer.ifname)!;
    if (rxRefused(w, pn, pd, f, ctx)) return 'ENOBUFS';
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
  if (rxRefused(w, ns, port, f, ctx)) return 'ENOBUFS';
  const row = `${f.eth.dst} dev ${port.name} master ${br.name}`;
  w.hop(ctx, {
    ns,
    kind: 'bridge',
    device: br.name,
    note: learned
      ? `${br.name} forwards to ${port.name} (FDB: ${f.eth.dst})`
      : `${br.name} does not know ${f.eth.dst} yet: floods, ${port.name} leads to its owner`,
    pkt: f.pkt,
    eth: f.eth,
    decided: { table: 'fdb', row: learned ? row : `(unknown: flooded) ${f.eth.dst}`, where: `${w.where(ns)} ${br.name}` },
  });
  return transmit(w, ns, port, f, ctx);
}

/** A frame arrives on `dev`: a bridge port hands it to its bridge; otherwise the IP layer takes frames for us. */
export function deviceReceive(w: Walker, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): void {
  if (dev.master) {
    const br = w.iface(ns, dev.master)!;
    w.k.learnFdb(ns.id, fdbKey(br.name, f.eth.src), dev.name);
    if (f.eth.dst === br.mac || f.eth.dst === BROADCAST_MAC) {
      w.hop(ctx, {
        ns,
        kind: 'bridge',
        device: br.name,
        note: `the frame is addressed to ${br.name} itself (the pods' gateway): up to ${ns.name}'s IP layer`,
        pkt: f.pkt,
        eth: f.eth,
      });
      w.receive(ns.id, br.name, f.pkt, ctx);
      return;
    }
    if (ns.sysctl.bridgeNfCallIptables) {
      // br_netfilter: bridged IPv4 traverses iptables FORWARD (net.bridge.bridge-nf-call-iptables=1).
      const v = traverse(ns, 'filter', 'FORWARD', w.view(f.pkt, br.name, br.name));
      if (v && v.target.kind !== 'ACCEPT') {
        w.drop(
          ctx,
          {
            ns,
            device: br.name,
            note: `iptables FORWARD (bridged): ${v.row}`,
            pkt: f.pkt,
            decided: { table: 'filter', row: v.row, rows: v.rows, where: w.where(ns) },
          },
          'FILTERED',
        );
        return;
      }
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
