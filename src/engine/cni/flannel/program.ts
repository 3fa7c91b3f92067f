/**
 * Flannel as a CNI program: flanneld gives every node a /24 of the network (in node order;
 * REFERENCE.md §1.3) and programs the backend's devices and routes (node.ts), the flannel
 * plugin adds pods through the bridge plugin (pod.ts). Flannel has no NetworkPolicy
 * controller: policies exist in the API and nothing enforces them.
 */
import type { ClusterSpec } from '../../model/scenario-schema';
import { cidrContains, cidrString, parseCidr, subnetAt, type Cidr } from '../../wire/ipv4';
import { IPIP_OVERHEAD, VXLAN_OVERHEAD } from '../../wire/headers';
import { HostLocalRange } from '../ipam/host-local';
import type { BuildError, CniProgram, ShapeCtx, ShapeNode } from '../program';
import { FLANNEL_DEFAULT_NETWORK, programFlannelNode, type FlannelNode } from './node';
import { addFlannelPod, flannelAddError } from './pod';
import { flannelFaults } from './faults';
import { FLANNEL_WG_OVERHEAD } from './tunnels';

/**
 * Node podCIDRs are handed out in node order from the second /24 (x.x.1.0/24): the first
 * conventionally belongs to the kubeadm control-plane node, which podpath does not draw.
 */
function nodeSubnets(spec: ClusterSpec, network: Cidr, errors: BuildError[]): Cidr[] {
  return spec.nodes.map((n, i) => {
    if (n.podCIDR) {
      const c = parseCidr(n.podCIDR);
      if (!cidrContains(network, c.net))
        errors.push({ path: `cluster.nodes[${i}].podCIDR`, message: `${n.podCIDR} is outside the pod network ${cidrString(network)}` });
      return c;
    }
    try {
      return subnetAt(network, 24, i + 1);
    } catch {
      errors.push({ path: `cluster.nodes[${i}]`, message: `the pod network ${cidrString(network)} has no /24 left for node ${n.name}` });
      return subnetAt(network, 24, 0);
    }
  });
}

const OVERHEAD: Readonly<Record<string, number>> = { vxlan: VXLAN_OVERHEAD, 'host-gw': 0, ipip: IPIP_OVERHEAD, wireguard: FLANNEL_WG_OVERHEAD };

function programNodes(ctx: ShapeCtx): readonly ShapeNode[] {
  const { spec, network, errors } = ctx;
  const subnets = nodeSubnets(spec, network, errors);
  const flannelNodes: FlannelNode[] = spec.nodes.map((n, i) => ({ name: n.name, ip: n.ip, subnet: subnets[i], nicMtu: n.mtu ?? spec.underlayMTU }));
  flannelNodes.forEach((n, i) => {
    if (n.nicMtu - (OVERHEAD[ctx.mode] ?? 0) < 68)
      errors.push({ path: `cluster.nodes[${i}].mtu`, message: `${n.name}: NIC MTU ${n.nicMtu} leaves no room for IPv4 over ${ctx.mode} (minimum 68)` });
  });
  return flannelNodes.map((fn) => {
    ctx.netns[fn.name] = programFlannelNode(spec, ctx.netns[fn.name], fn, flannelNodes);
    const range = new HostLocalRange(fn.subnet);
    return {
      name: fn.name,
      ip: fn.ip,
      podCidr: fn.subnet,
      reserve: (ip) => range.reserve(ip),
      addPod: (plan) => addFlannelPod(ctx.netns, plan, fn.subnet, range, network),
    };
  });
}

export const FLANNEL: CniProgram = {
  cni: 'flannel',
  title: 'Flannel',
  modes: ['vxlan', 'host-gw', 'ipip', 'wireguard'],
  defaultPodCidr: FLANNEL_DEFAULT_NETWORK,
  proxyModes: [],
  programNodes,
  policy: {
    kind: 'none',
    why: 'Flannel only moves packets: it has no NetworkPolicy controller, so a policy in the API changes nothing on the nodes (flannel-io/flannel README: "for network policy, other projects such as Calico can be used")',
  },
  faults: flannelFaults,
  ipamExhaustedError: (cluster, node) => {
    const n = cluster.nodes.find((x) => x.name === node);
    return flannelAddError(n ? new HostLocalRange(n.podCidr).exhaustedError() : 'no address');
  },
  commands: ['wg'],
};
