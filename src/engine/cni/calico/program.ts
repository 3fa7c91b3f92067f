/**
 * Calico as a CNI program: calico-ipam hands out /26 blocks of the IP pool (ipam.ts), calico-node
 * programs each node (node.ts: tunnel device, blackhole, Felix's static chains), the Calico CNI
 * plugin adds pods as routed /32s behind `cali…` veths (pod.ts), and the control plane — BIRD's
 * node-to-node mesh or Felix's VXLAN/WireGuard routes — converges from the cluster (routes.ts).
 * NetworkPolicy is Felix's: iptables chains per endpoint and ipsets per selector.
 */
import type { ClusterSpec } from '../../model/scenario-schema';
import type { Netns, PodInfo } from '../../model/datapath';
import { cidrString, parseCidr, type Cidr } from '../../wire/ipv4';
import type { BuildError, CniProgram, ShapeCtx, ShapeNode } from '../program';
import type { TopologyPeering } from '../topology';
import { CalicoIpam, calicoAddError, type Assigned } from './ipam';
import { CALICO_DEFAULT_POOL, calicoMode } from './names';
import { blockBlackhole, calicoPodMtu, programCalicoNode } from './node';
import { addCalicoPod } from './pod';
import { calicoPeers, convergeCalico } from './routes';
import { applyCalicoFault, calicoFaults } from './faults';
import { withCalicoPolicy } from './policy';

const MODES = ['bgp', 'vxlan', 'ipip', 'vxlan-crosssubnet', 'ipip-crosssubnet', 'wireguard'];

function validate(spec: ClusterSpec): BuildError[] {
  const bs = spec.calico?.blockSize ?? 26;
  const pool = parseCidr(spec.podCIDR ?? CALICO_DEFAULT_POOL);
  if (bs < pool.prefix) return [{ path: 'cluster.calico.blockSize', message: `blockSize ${bs} is larger than the IP pool ${cidrString(pool)}` }];
  return [];
}

function programNodes(ctx: ShapeCtx): readonly ShapeNode[] {
  const { spec, network, errors } = ctx;
  const mode = calicoMode(ctx.mode);
  const ipam = new CalicoIpam(network, spec.calico?.blockSize ?? 26);
  // nodes[].podCIDR pins the node's first block; the others claim the next free block in pool order
  spec.nodes.forEach((n, i) => {
    const err = n.podCIDR ? ipam.claim(n.name, parseCidr(n.podCIDR)) : undefined;
    if (err) errors.push({ path: `cluster.nodes[${i}].podCIDR`, message: err });
  });
  const firstBlocks: Cidr[] = spec.nodes.map((n, i) => {
    const mine = ipam.affineBlocks(n.name)[0] ?? ipam.claimNext(n.name);
    if (!mine)
      errors.push({ path: `cluster.nodes[${i}]`, message: `the IP pool ${cidrString(network)} has no /${ipam.blockSize} block left for node ${n.name}` });
    return mine?.cidr ?? network;
  });
  const ips = spec.nodes.map((n) => n.ip);
  return spec.nodes.map((n, i) => {
    const nicMtu = n.mtu ?? spec.underlayMTU;
    if (calicoPodMtu(mode, nicMtu) < 68)
      errors.push({ path: `cluster.nodes[${i}].mtu`, message: `${n.name}: NIC MTU ${nicMtu} leaves no room for IPv4 over ${ctx.mode} (minimum 68)` });
    // calico-node's allocate-tunnel-addrs runs before any pod lands: ordinal 0 of the node's block
    const tunnel =
      mode.encap !== 'none' || mode.wireguard ? ipam.assign(n.name, `${mode.encap === 'none' ? 'wireguard' : mode.encap}-tunnel-addr-${n.name}`) : undefined;
    ctx.netns[n.name] = programCalicoNode(
      spec,
      mode,
      ctx.netns[n.name],
      { name: n.name, ip: n.ip, nicMtu, block: firstBlocks[i], tunnelIp: tunnel?.ip ?? undefined },
      network,
      ips,
    );
    const podMtu = spec.podMTU === 'auto' ? calicoPodMtu(mode, nicMtu) : spec.podMTU;
    return {
      name: n.name,
      ip: n.ip,
      podCidr: firstBlocks[i],
      reserve: (ip) => ipam.reserve(n.name, ip, `k8s-pod-network.${ip}`),
      addPod: (plan) => {
        let got: Assigned;
        if (plan.spec.ip) {
          const b = ipam.blockOf(plan.spec.ip)!;
          got = { ip: plan.spec.ip, block: b.cidr, borrowed: b.affinity !== n.name };
        } else got = ipam.assign(n.name, `k8s-pod-network.${plan.spec.namespace}.${plan.spec.name}`);
        // a block claimed for this pod gets its blackhole, as BIRD / Felix program a new affinity
        const ns = ctx.netns[n.name];
        if (got.ip && !got.borrowed && !ns.routes.some((r) => r.type === 'blackhole' && cidrString(r.dst) === cidrString(got.block)))
          ctx.netns[n.name] = { ...ns, routes: [...ns.routes, blockBlackhole(mode, got.block)] };
        return addCalicoPod(ctx.netns, plan, got, podMtu);
      },
    };
  });
}

/** CNI DEL: Felix's PERMANENT neighbour for the pod goes with its cali interface. */
function removePod(all: Record<string, Netns>, pod: PodInfo): void {
  const node = all[pod.node];
  if (!node || !pod.ip) return;
  all[pod.node] = { ...node, neigh: node.neigh.filter((e) => !(e.ip === pod.ip && e.dev.startsWith('cali'))) };
}

function peerings(c: ReturnType<typeof convergeCalico>): TopologyPeering[] {
  if (!calicoMode(c.mode).bird) return [];
  const peers = calicoPeers(c);
  const out: TopologyPeering[] = [];
  for (let i = 0; i < peers.length; i++)
    for (let j = i + 1; j < peers.length; j++) {
      const a = peers[i];
      const b = peers[j];
      // BIRD proto state of a session whose other side refuses connections (calico.md §4.2)
      const state = a.birdUp && b.birdUp ? 'Established' : 'Active Socket: Connection refused';
      out.push({ kind: 'bgp', a: a.name, b: b.name, state });
    }
  return out;
}

export const CALICO: CniProgram = {
  cni: 'calico',
  title: 'Calico',
  modes: MODES,
  defaultPodCidr: CALICO_DEFAULT_POOL,
  proxyModes: [],
  validate,
  programNodes,
  converge: (c) => withCalicoPolicy(convergeCalico(c)),
  removePod,
  policy: { kind: 'iptables' },
  applyFault: (c, f) => {
    const e = applyCalicoFault(c, f);
    return e && !e.error ? { ...e, cluster: withCalicoPolicy(e.cluster) } : e;
  },
  ipamExhaustedError: (c) => calicoAddError(new CalicoIpam(c.podCidr, 26).exhaustedText()),
  faults: calicoFaults,
  commands: ['calicoctl'],
  hubLabel: 'routing table',
  peerings,
};
