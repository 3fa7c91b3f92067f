/**
 * A cloud VPC under the underlay segment (Segment.vpc, written by the VPC CNI program's
 * converge): what the EC2 network does that a plain switch does not.
 *
 * - Addresses, not ports: every private IP of an ENI — its primary and the secondary ones the
 *   VPC CNI hands to pods — is delivered to that ENI. Pod IPs are "ordinary secondary private IPs
 *   of ENIs"; the VPC's implicit `local` route (VPC CIDR → local) delivers them, and nodes carry
 *   no routes for other nodes' pods (research notes/vpc-flannel.md §5; AWS VPC UG route tables).
 * - ARP is answered by the VPC: a request for an address an ENI holds gets that ENI's MAC, also
 *   for a secondary IP no host has configured (the host never adds pod IPs to its ENIs).
 * - The subnet router (`.1`) is the VPC itself: a frame sent to it for an address inside the VPC
 *   is handed straight to the ENI that holds the address. The implicit router is not a host:
 *   no routing hop is seen and the TTL stays (traceroute inside a VPC shows one hop). Frames to
 *   the router for anything else reach the router namespace (the internet gateway's side).
 * - Security groups are enforced here, on the receiving ENI, outside any node: a denied packet
 *   vanishes without ICMP or RST. They are stateful: "responses to inbound traffic are allowed to
 *   flow … regardless of … rules" (AWS EC2 UG security-group-connection-tracking). The sending
 *   node's conntrack stands for the VPC's flow tracking: a packet its kernel tracks as a reply
 *   (or as related) belongs to a flow the VPC saw start and passes.
 *
 * Simplified: the VPC's source/destination check (an ENI may send only from its own addresses)
 * is not enforced, because the lab's netfilter has no CONNMARK, which the VPC CNI relies on to
 * send SNATed traffic of secondary-ENI pods out of the primary ENI (cni/vpc/snat.ts).
 */
import type { Interface, Netns, SecurityGroupDenial, Segment, VpcFabric } from '../model/datapath';
import type { Ipv4 } from '../wire/ipv4';
import { scrub, type Pkt } from '../wire/packet';
import { deviceReceive, rxRefused } from './link';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

function fabricOf(w: DatapathPort, dev: Interface): { seg: Segment; vpc: VpcFabric } | undefined {
  const seg = dev.segment ? w.cluster.segments[dev.segment] : undefined;
  return seg?.vpc ? { seg, vpc: seg.vpc } : undefined;
}

function ownerOf(w: DatapathPort, vpc: VpcFabric, ip: Ipv4): { ns: Netns; dev: Interface } | undefined {
  const o = vpc.owners[ip];
  if (!o) return undefined;
  const ns = w.cluster.netns[o.netns];
  const dev = ns && w.iface(ns, o.ifname);
  return ns && dev ? { ns, dev } : undefined;
}

/** The VPC's ARP answer for `ip` asked on `dev`: the ENI that holds it, or undefined (not a VPC segment, or nobody holds it). */
export function vpcArpAnswer(w: DatapathPort, dev: Interface, ip: Ipv4): { ns: Netns; dev: Interface; note: string } | undefined {
  const f = fabricOf(w, dev);
  const owner = f && ownerOf(w, f.vpc, ip);
  if (!owner) return undefined;
  const id = owner.dev.eni?.id ?? owner.dev.name;
  return { ...owner, note: `the VPC answers for ${id}, which holds ${ip}` };
}

/** Whether a denial covers `pkt` (a security group rule matches protocol and destination port). */
export function denies(d: SecurityGroupDenial, pkt: Pkt): boolean {
  if (d.protocol !== 'all' && d.protocol !== pkt.ip.proto) return false;
  if (d.port === undefined) return true;
  const l4 = pkt.l4;
  return (l4?.kind === 'tcp' || l4?.kind === 'udp') && l4.dstPort === d.port;
}

/** The denial that stops `pkt` arriving at `node` from another node, unless it belongs to a flow already allowed. */
export function securityGroupDenial(vpc: VpcFabric, node: string, pkt: Pkt): SecurityGroupDenial | undefined {
  if (pkt.ct && (pkt.ct.dir === 'reply' || pkt.ct.related)) return undefined;
  return vpc.denials.find((d) => (d.node === undefined || d.node === node) && denies(d, pkt));
}

function describe(d: SecurityGroupDenial): string {
  return d.protocol === 'all' ? 'all traffic' : `${d.protocol}${d.port ? `/${d.port}` : ''}`;
}

/**
 * nicXmit on a VPC segment: a frame for an address the VPC holds — sent to that ENI's MAC or to
 * the subnet router — goes to the ENI, through its security group. Undefined: not the VPC's to
 * deliver (the caller delivers by MAC as on any wire).
 */
export function vpcFabricXmit(w: DatapathPort, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx): SendStatus | undefined {
  const f = fabricOf(w, dev);
  if (!f || !frame.eth) return undefined;
  const dst = frame.pkt.ip.dst;
  const owner = ownerOf(w, f.vpc, dst);
  const router = routerOn(w, f.seg, f.vpc.router);
  const toRouter = !!router && frame.eth.dst === router.dev.mac;
  if (!owner || !(toRouter || frame.eth.dst === owner.dev.mac)) return undefined;
  const eni = owner.dev.eni?.id ?? owner.dev.name;
  const node = owner.ns.node || owner.ns.name;
  const denial = owner.ns.id !== ns.id ? securityGroupDenial(f.vpc, node, frame.pkt) : undefined;
  if (denial) {
    w.drop(
      ctx,
      {
        ns: owner.ns,
        device: owner.dev.name,
        note: `the security group on ${eni} (${node} ${owner.dev.name}) has no inbound rule allowing ${describe(denial)} from ${ns.name}: the VPC drops it — no ICMP, no RST`,
        pkt: frame.pkt,
        eth: frame.eth,
        decided: { table: 'filter', row: `inbound ${describe(denial)} from the nodes' security group: (rule removed)`, where: `VPC security group of ${eni}` },
      },
      'SECURITY_GROUP',
    );
    return 'ok';
  }
  const out: Frame = { eth: { ...frame.eth, src: toRouter ? router!.dev.mac : frame.eth.src, dst: owner.dev.mac }, pkt: scrub(frame.pkt) };
  if (rxRefused(w, owner.ns, owner.dev, out, ctx)) return 'ENOBUFS';
  const how = toRouter
    ? `the VPC routes ${dst} (sent to the subnet router ${f.vpc.router}) straight to ${eni}, which holds it: no routing hop, the TTL stays`
    : `the VPC delivers ${dst} to ${eni}, which holds it`;
  w.hop(ctx, {
    ns: owner.ns,
    kind: 'wire',
    device: owner.dev.name,
    link: `wire:${f.seg.id}`,
    note: `${how} (${ns.name} ${dev.name} → ${owner.ns.name} ${owner.dev.name})`,
    pkt: out.pkt,
    eth: out.eth,
  });
  deviceReceive(w, owner.ns, owner.dev, out, ctx);
  return 'ok';
}

/** The subnet router's interface on the segment (the router namespace holds the gateway address). */
function routerOn(w: DatapathPort, seg: Segment, ip: Ipv4): { ns: Netns; dev: Interface } | undefined {
  for (const m of seg.members) {
    const ns = w.cluster.netns[m.netns];
    const dev = ns && w.iface(ns, m.ifname);
    if (ns && dev?.addrs.some((a) => a.ip === ip)) return { ns, dev };
  }
  return undefined;
}
