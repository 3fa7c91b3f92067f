/**
 * Cilium as a CNI program: cilium-operator's cluster-pool IPAM gives every node a range
 * (ipam.ts), cilium-agent programs the node's devices, routes and tc programs (node.ts), the
 * CNI plugin adds endpoints (pod.ts), and the agent keeps every node's maps in step with pods,
 * Services and policies (converge.ts). Modes: `vxlan` (the default: routingMode tunnel,
 * tunnelProtocol vxlan), `geneve`, `native` (routingMode native with autoDirectNodeRoutes).
 * `kubeProxy: ebpf` is the kube-proxy replacement (socket LB; no kube-proxy, no KUBE-* chains).
 * Policy is enforced by the tc programs from per-endpoint policy maps.
 */
import { cidrString, parseCidr, type Cidr } from '../../wire/ipv4';
import type { CniProgram, ShapeCtx, ShapeNode } from '../program';
import { CILIUM_DEFAULT_POOL, ciliumAddError, HostScopeAllocator, nodeCidrs, RANGE_FULL } from './ipam';
import { programCiliumNode, routeMtu, type CiliumNode } from './node';
import { addCiliumPod, removeCiliumPod } from './pod';
import { convergeCilium } from './converge';
import { ciliumForwardRules } from './iptables';
import { ciliumFaults } from './faults';

function programNodes(ctx: ShapeCtx): readonly ShapeNode[] {
  const { spec, network, errors, mode } = ctx;
  const mask = spec.cilium?.clusterPoolMaskSize ?? 24;
  const cidrs: Cidr[] = nodeCidrs(spec.nodes, network, mask, errors);
  const allocators = cidrs.map((c) => new HostScopeAllocator(c));
  const nodes: CiliumNode[] = spec.nodes.map((n, i) => {
    const deviceMtu = spec.podMTU === 'auto' ? (n.mtu ?? spec.underlayMTU) : spec.podMTU;
    // pinned pod addresses are reserved before the agent starts and claims its router IP
    const pinned = spec.pods.filter((p) => p.node === n.name && p.ip && !p.hostNetwork).map((p) => p.ip!);
    for (const ip of pinned) allocators[i].reserve(ip, 'pinned');
    const router = allocators[i].allocate('router').ip ?? cidrs[i].net;
    for (const ip of pinned) allocators[i].release(ip); // build.ts reserves them again for their pods
    return { name: n.name, ip: n.ip, podCidr: cidrs[i], routerIp: router, deviceMtu };
  });
  nodes.forEach((cn, i) => {
    if (routeMtu(mode, cn.deviceMtu) < 68)
      errors.push({ path: `cluster.nodes[${i}].mtu`, message: `${cn.name}: MTU ${cn.deviceMtu} leaves no room for IPv4 over ${mode} (minimum 68)` });
    ctx.netns[cn.name] = programCiliumNode(
      ctx.netns[cn.name],
      cn,
      nodes,
      mode,
      spec.kubeProxy === 'ebpf',
      network,
      spec.cilium?.serviceNoBackendResponse ?? 'reject',
    );
  });
  return nodes.map((cn, i) => ({
    name: cn.name,
    ip: cn.ip,
    podCidr: cn.podCidr,
    reserve: (ip) => allocators[i].reserve(ip, 'pod'),
    addPod: (plan) => addCiliumPod(ctx.netns, plan, allocators[i], { routerIp: cn.routerIp, deviceMtu: cn.deviceMtu, routeMtu: routeMtu(mode, cn.deviceMtu) }),
  }));
}

export const CILIUM: CniProgram = {
  cni: 'cilium',
  title: 'Cilium',
  modes: ['vxlan', 'geneve', 'native'],
  defaultPodCidr: CILIUM_DEFAULT_POOL,
  proxyModes: ['ebpf'],
  validate: (spec) => {
    const pool = spec.podCIDR ? parseCidr(spec.podCIDR) : parseCidr(CILIUM_DEFAULT_POOL);
    const mask = spec.cilium?.clusterPoolMaskSize ?? 24;
    return mask < pool.prefix ? [{ path: 'cluster.cilium.clusterPoolMaskSize', message: `/${mask} is larger than the pool ${cidrString(pool)}` }] : [];
  },
  programNodes,
  converge: convergeCilium,
  afterProxySync: ciliumForwardRules,
  removePod: removeCiliumPod,
  policy: { kind: 'tc' },
  ipamExhaustedError: () => ciliumAddError(RANGE_FULL),
  faults: ciliumFaults,
  commands: ['cilium-dbg', 'hubble'],
  hubLabel: 'eBPF datapath',
};
