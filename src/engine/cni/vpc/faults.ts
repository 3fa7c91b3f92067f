/**
 * The VPC CNI's own fault: a security group rule taken away. Every secondary ENI gets the
 * primary ENI's security groups (pkg/awsutils/awsutils.go createENIInput `Groups:
 * cache.securityGroups`), so pods share their node's groups; an EKS node group's cluster SG
 * allows "All from Self" (AWS EKS UG sec-group-reqs). Revoking part of that rule stops that
 * traffic between nodes in the VPC, silently (devices/vpc-fabric.ts); nothing on a node shows it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Cluster, SecurityGroupDenial } from '../../model/datapath';
import type { FaultSpec } from '../../model/scenario-schema';
import { UNDERLAY_SEGMENT } from '../underlay';
import { option, type FaultEdit, type FaultOption } from '../program';

export function securityGroupId(c: Cluster): string {
  return `sg-${bytesToHex(sha256(new TextEncoder().encode(`eks-cluster-sg ${c.name}`))).slice(0, 17)}`;
}

/** The aws CLI a learner would type for the same edit (shorthand --ip-permissions syntax). */
function revokeCommand(c: Cluster, d: SecurityGroupDenial): string {
  const sg = securityGroupId(c);
  const proto = d.protocol === 'all' ? '-1' : d.protocol;
  const ports =
    d.protocol === 'icmp' ? 'FromPort=-1,ToPort=-1' : d.protocol === 'all' ? '' : d.port ? `FromPort=${d.port},ToPort=${d.port}` : 'FromPort=0,ToPort=65535';
  const perms = [`IpProtocol=${proto}`, ports, `UserIdGroupPairs=[{GroupId=${sg}}]`].filter(Boolean).join(',');
  return `aws ec2 revoke-security-group-ingress --group-id ${sg} --ip-permissions '${perms}'${d.node ? ` (on ${d.node}'s ENIs)` : ''}`;
}

export function applyVpcFault(c: Cluster, f: FaultSpec): FaultEdit | undefined {
  if (f.type !== 'security-group') return undefined;
  const seg = c.segments[UNDERLAY_SEGMENT];
  const denial: SecurityGroupDenial = { ...(f.node ? { node: f.node } : {}), protocol: f.protocol, ...(f.port !== undefined ? { port: f.port } : {}) };
  const command = revokeCommand(c, denial);
  if (!seg?.vpc) return { cluster: c, command, error: 'this cluster has no VPC fabric' };
  if (f.port !== undefined && (f.protocol === 'icmp' || f.protocol === 'all'))
    return { cluster: c, command, error: `a port applies to tcp or udp, not ${f.protocol}` };
  const vpc = { ...seg.vpc, denials: [...seg.vpc.denials, denial] };
  return { cluster: { ...c, segments: { ...c.segments, [UNDERLAY_SEGMENT]: { ...seg, vpc } } }, command };
}

export function vpcFaults(c: Cluster): FaultOption[] {
  const [, n2] = c.nodes;
  if (!n2) return [];
  const port = c.pods
    .find((p) => p.node === n2.name && !p.hostNetwork && p.ports.some((x) => x.protocol === 'TCP'))
    ?.ports.find((x) => x.protocol === 'TCP')?.containerPort;
  const out = [
    option(
      { type: 'security-group', node: n2.name, protocol: 'icmp' },
      `Security group on ${n2.name} drops ICMP`,
      `${n2.name}’s security group no longer allows ICMP in from the other nodes: pings to its pods from other nodes time out, same-node pings still work, and no node shows why — the VPC drops them.`,
    ),
  ];
  if (port)
    out.push(
      option(
        { type: 'security-group', node: n2.name, protocol: 'tcp', port },
        `Security group on ${n2.name} drops TCP ${port}`,
        `${n2.name}’s ENIs stop allowing TCP ${port} in from the other nodes: connections to its pods hang (no RST, no ICMP); replies to connections ${n2.name} opens still pass (security groups are stateful).`,
      ),
    );
  return out;
}
