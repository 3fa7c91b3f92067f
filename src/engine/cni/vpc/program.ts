/**
 * The AWS VPC CNI (`cni: vpc`, mode `eni`; aws/amazon-vpc-cni-k8s v1.20–v1.22 with
 * iptables-legacy; research: /work/notes/vpc-flannel.md Part A) as a CNI program:
 *
 * - no overlay, no bridge: pods take secondary private IPs of the node's ENIs, in the node's
 *   VPC subnet (ipamd.ts, limits.ts); every ENI and pod runs at the VPC's MTU, 9001 (eni.ts);
 * - pods are routed: a /32 behind an `eni…` veth, their gateway 169.254.1.1 a PERMANENT
 *   neighbour, policy rules 512/1536 send what a pod sends out of the ENI holding its
 *   address (pod.ts);
 * - the VPC delivers each address to the ENI holding it (fabric.ts → devices/vpc-fabric.ts);
 * - SNAT to the primary IP for destinations outside the VPC, unless externalSnat (snat.ts);
 * - security groups on the ENIs (faults.ts); NetworkPolicy only with the policy agent.
 */
import type { ClusterSpec } from '../../model/scenario-schema';
import type { Cluster } from '../../model/datapath';
import { cidrContains, cidrString, nthAddress, parseCidr, type Cidr } from '../../wire/ipv4';
import type { BuildError, CniProgram, PolicyEnforcement, ShapeCtx, ShapeNode } from '../program';
import { UNDERLAY_SEGMENT } from '../underlay';
import { AWS_VPC_ENI_MTU, setupEniNetwork, setupHostNetwork } from './eni';
import { convergeVpc } from './fabric';
import { convergePolicyAgent, NP_ENABLED_MAP } from './policy-agent';
import { applyVpcFault, vpcFaults } from './faults';
import { Ipamd, SubnetAddresses } from './ipamd';
import { DEFAULT_INSTANCE_TYPE, INSTANCE_LIMITS } from './limits';
import { addVpcPod, removeVpcPod, VPC_NO_IP_ERROR } from './pod';
import { vpcSnat } from './snat';

function subnetOf(spec: ClusterSpec): Cidr {
  const first = spec.nodes[0];
  return parseCidr(first.subnet ?? `${first.ip}/24`);
}

/**
 * The VPC's CIDR, for the SNAT exclusion: the scenario names subnets only, so the lab takes the
 * /16 holding the node subnet (the largest block a VPC may have; a subnet wider than /16 is its own).
 */
export function vpcCidrOf(subnet: Cidr): Cidr {
  return subnet.prefix <= 16 ? subnet : parseCidr(`${nthAddress(parseCidr(`${subnet.net}/16`), 0)}/16`);
}

function validate(spec: ClusterSpec): BuildError[] {
  const errors: BuildError[] = [];
  const subnet = subnetOf(spec);
  spec.nodes.forEach((n, i) => {
    const type = n.instanceType ?? DEFAULT_INSTANCE_TYPE;
    if (!INSTANCE_LIMITS[type])
      errors.push({
        path: `cluster.nodes[${i}].instanceType`,
        message: `${type}: ENI limits not known to podpath (known: ${Object.keys(INSTANCE_LIMITS).join(', ')})`,
      });
    if (n.subnet && cidrString(parseCidr(n.subnet)) !== cidrString(subnet))
      errors.push({
        path: `cluster.nodes[${i}].subnet`,
        message: `the vpc shape models one subnet for every node (${cidrString(subnet)}); ${n.subnet} differs`,
      });
    if (!cidrContains(subnet, n.ip)) errors.push({ path: `cluster.nodes[${i}].ip`, message: `${n.ip} is outside the node subnet ${cidrString(subnet)}` });
  });
  return errors;
}

function programNodes(ctx: ShapeCtx): readonly ShapeNode[] {
  const { spec } = ctx;
  const subnet = subnetOf(spec);
  const router = ctx.underlay.gateway ?? nthAddress(subnet, 1);
  const addresses = new SubnetAddresses(subnet, [router, ...spec.nodes.map((n) => n.ip)]);
  return spec.nodes.map((n) => {
    const limits = INSTANCE_LIMITS[n.instanceType ?? DEFAULT_INSTANCE_TYPE] ?? INSTANCE_LIMITS[DEFAULT_INSTANCE_TYPE];
    // nodes[].mtu stands for the node's AWS_VPC_ENI_MTU; the CNI sets it on every ENI, whatever the NIC came up with
    const mtu = n.mtu ?? AWS_VPC_ENI_MTU;
    const podMtu = spec.podMTU === 'auto' ? mtu : spec.podMTU;
    ctx.netns[n.name] = setupHostNetwork(ctx.netns[n.name], mtu);
    if (spec.vpc?.networkPolicy) {
      // ENABLE_NETWORK_POLICY: the agent runs on the node; converge loads its programs and maps
      const host = ctx.netns[n.name];
      ctx.netns[n.name] = { ...host, bpf: { ...host.bpf, [NP_ENABLED_MAP]: { name: NP_ENABLED_MAP, type: 'array', entries: { enabled: true } } } };
    }
    const ipamd = new Ipamd(n.name, n.ip, limits, addresses, (eni) => {
      ctx.netns[n.name] = setupEniNetwork(ctx.netns[n.name], eni, subnet, router, mtu);
    });
    const ns = ctx.netns[n.name];
    if (!spec.vpc?.externalSnat) ctx.netns[n.name] = { ...ns, netfilter: vpcSnat(ns.netfilter, [vpcCidrOf(subnet)], n.ip) };
    return {
      name: n.name,
      ip: n.ip,
      podCidr: subnet,
      reserve: (ip) => ipamd.reserve(ip),
      addPod: (plan) => addVpcPod(ctx.netns, plan, ipamd, podMtu),
    };
  });
}

/** The VPC router is the fabric: its side facing the subnet runs at the VPC's MTU, like the ENIs. */
function converge(c: Cluster): Cluster {
  const out = convergePolicyAgent(convergeVpc(c));
  const vpc = out.segments[UNDERLAY_SEGMENT]?.vpc;
  const r = vpc && Object.values(out.netns).find((ns) => ns.kind === 'router');
  if (!vpc || !r) return out;
  const mtu = Math.max(...out.nodes.map((n) => out.netns[n.netns]?.interfaces.find((d) => d.name === 'eth0')?.mtu ?? 0));
  const interfaces = r.interfaces.map((d) => (d.segment === UNDERLAY_SEGMENT && d.mtu !== mtu ? { ...d, mtu } : d));
  return { ...out, netns: { ...out.netns, [r.id]: { ...r, interfaces } } };
}

/** aws-node's default: ENABLE_NETWORK_POLICY false, no agent */
const VPC_NO_AGENT: PolicyEnforcement = {
  kind: 'none',
  why: 'The VPC CNI enforces NetworkPolicy only through its network policy agent (aws-network-policy-agent: eBPF programs on each pod\'s host veth), which is off by default (enableNetworkPolicy: "false"): here nothing enforces the policies in the API',
};

export const VPC: CniProgram = {
  cni: 'vpc',
  title: 'The VPC CNI',
  modes: ['eni'],
  defaultPodCidr: '10.0.0.0/16',
  proxyModes: [],
  validate,
  podNetwork: subnetOf,
  programNodes,
  converge,
  removePod: removeVpcPod,
  policy: VPC_NO_AGENT,

  policyOf: (c) => (c.nodes.some((n) => c.netns[n.netns]?.bpf?.[NP_ENABLED_MAP]) ? { kind: 'tc' } : VPC_NO_AGENT),
  applyFault: applyVpcFault,
  ipamExhaustedError: () => VPC_NO_IP_ERROR,
  faults: vpcFaults,
  commands: [],
  hubLabel: 'routing table',
};
