/**
 * The VPC CNI's control plane, recomputed from the cluster (CniProgram.converge): what EC2
 * knows — every ENI attached to a node, the addresses it holds — becomes the underlay
 * segment's VPC fabric (devices/vpc-fabric.ts): the address → ENI map the VPC delivers by, the
 * secondary ENIs plugged into the segment, and the security group rules the faults removed
 * (kept across recomputations).
 */
import type { Cluster, Segment, VpcFabric } from '../../model/datapath';
import { UNDERLAY_SEGMENT } from '../underlay';
import { nthAddress } from '../../wire/ipv4';

export function convergeVpc(c: Cluster): Cluster {
  const seg = c.segments[UNDERLAY_SEGMENT];
  if (!seg) return c;
  const owners: Record<string, { netns: string; ifname: string }> = {};
  const members = [...seg.members];
  for (const n of c.nodes) {
    const ns = c.netns[n.netns];
    for (const d of ns?.interfaces ?? []) {
      if (!d.eni) continue;
      for (const ip of [d.eni.primaryIp, ...d.eni.secondaryIps]) owners[ip] = { netns: ns.id, ifname: d.name };
      if (!members.some((m) => m.netns === ns.id && m.ifname === d.name)) members.push({ netns: ns.id, ifname: d.name });
    }
  }
  const vpc: VpcFabric = { router: seg.vpc?.router ?? nthAddress(seg.cidr, 1), owners, denials: seg.vpc?.denials ?? [] };
  const next: Segment = { ...seg, members, vpc };
  return { ...c, segments: { ...c.segments, [UNDERLAY_SEGMENT]: next } };
}
