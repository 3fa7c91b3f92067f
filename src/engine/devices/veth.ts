/**
 * A veth pair and the underlay wire: what goes into one end comes out of the other, in the
 * peer's namespace (skb_scrub_packet: mark, conntrack and tunnel metadata are forgotten on
 * the way). The wire is an L2 segment: the frame reaches the member whose NIC owns the
 * destination MAC.
 */
import type { Interface, Netns } from '../model/datapath';
import { scrub } from '../wire/packet';
import { deviceReceive, rxRefused } from './link';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';
import { vpcFabricXmit } from './vpc-fabric';
import { segmentMemberByMac } from './segment-index';

export function vethXmit(w: DatapathPort, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx): SendStatus {
  if (!dev.peer) {
    w.drop(ctx, { ns, device: dev.name, note: `${dev.name} has no peer: the frame goes nowhere`, pkt: frame.pkt, eth: frame.eth }, 'NO_SOCKET');
    return 'ok';
  }
  const pn = w.ns(dev.peer.netns);
  const pd = w.iface(pn, dev.peer.ifname)!;
  if (rxRefused(w, pn, pd, frame, ctx)) return 'ENOBUFS';
  const f = { ...frame, pkt: scrub(frame.pkt) };
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

export function nicXmit(w: DatapathPort, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx): SendStatus {
  const vpc = vpcFabricXmit(w, ns, dev, frame, ctx);
  if (vpc) return vpc;
  const seg = dev.segment ? w.cluster.segments[dev.segment] : undefined;
  const m = seg && segmentMemberByMac(w.cluster.netns, seg, frame.eth?.dst);
  if (!seg || !m) {
    const where = dev.segment ? `the ${dev.segment} segment` : `${dev.name}'s link (not plugged in)`;
    w.drop(ctx, { ns, device: dev.name, note: `no host with MAC ${frame.eth?.dst} on ${where}`, pkt: frame.pkt, eth: frame.eth }, 'NEIGH_FAILED');
    return 'ok';
  }
  if (rxRefused(w, m.n, m.d, frame, ctx)) return 'ENOBUFS';
  const f = { ...frame, pkt: scrub(frame.pkt) };
  w.hop(ctx, {
    ns: m.n,
    kind: 'wire',
    device: m.d.name,
    link: `wire:${seg.id}`,
    note: `crosses the ${seg.id} from ${ns.name} ${dev.name} to ${m.n.name} ${m.d.name}`,
    pkt: f.pkt,
    eth: f.eth,
  });
  deviceReceive(w, m.n, m.d, f, ctx);
  return 'ok';
}
