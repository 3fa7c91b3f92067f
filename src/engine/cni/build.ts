/**
 * Building a cluster from a scenario: nodes on the underlay, pods through IPAM and a veth
 * pair, then the CNI shape programs the tables. Returns errors (never throws) for specs
 * the engine cannot build, naming the field.
 */
import type { ClusterSpec } from '../model/scenario-schema';
import type { Cluster, Netns, NodeInfo, PodInfo, Segment } from '../model/datapath';
import { HostLocalRange } from './ipam';
import { podNetnsId } from '../model/ids';
import { FLANNEL_DEFAULT_NETWORK, flannelPodRoutes, programFlannelNode, type FlannelNode } from './flannel';
import { hostVethName, netns, POD_SYSCTL, withDevice, withRoutes } from './netns';
import { nodeNetns, outsideWorld, underlayOf } from './underlay';
import { cidrContains, cidrString, parseCidr, subnetAt, type Cidr } from '../wire/ipv4';

export interface BuildError {
  readonly path: string;
  readonly message: string;
}

export type BuildResult = { readonly ok: true; readonly cluster: Cluster } | { readonly ok: false; readonly errors: readonly BuildError[] };

/** The CNI shapes and modes the engine models today; the UI offers exactly these. */
export const MODELLED_SHAPES: Readonly<Record<string, readonly string[]>> = { flannel: ['vxlan', 'host-gw'] };

export { podNetnsId };

function nodeSubnets(spec: ClusterSpec, network: Cidr, errors: BuildError[]): Cidr[] {
  // Node podCIDRs are handed out in node order from the second /24 (x.x.1.0/24): the first
  // conventionally belongs to the kubeadm control-plane node, which podpath does not draw.
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

export function buildCluster(spec: ClusterSpec, name = 'cluster'): BuildResult {
  const errors: BuildError[] = [];
  const mode = spec.mode ?? (spec.cni === 'flannel' ? 'vxlan' : '');
  if (!MODELLED_SHAPES[spec.cni]?.includes(mode)) {
    const have = Object.entries(MODELLED_SHAPES)
      .map(([c, ms]) => `${c} (${ms.join(', ')})`)
      .join('; ');
    return { ok: false, errors: [{ path: 'cluster.cni', message: `${spec.cni} ${mode} is not modelled yet; podpath models: ${have}` }] };
  }
  const fullSpec: ClusterSpec = { ...spec, mode };
  const network = parseCidr(spec.podCIDR ?? FLANNEL_DEFAULT_NETWORK);
  const subnets = nodeSubnets(fullSpec, network, errors);
  const ul = underlayOf(fullSpec);
  const flannelNodes: FlannelNode[] = fullSpec.nodes.map((n, i) => ({ name: n.name, ip: n.ip, subnet: subnets[i], nicMtu: n.mtu ?? fullSpec.underlayMTU }));
  flannelNodes.forEach((n, i) => {
    if (n.nicMtu - (mode === 'vxlan' ? 50 : 0) < 68)
      errors.push({ path: `cluster.nodes[${i}].mtu`, message: `${n.name}: NIC MTU ${n.nicMtu} leaves no room for IPv4 over ${mode} (minimum 68)` });
  });
  const all: Record<string, Netns> = {};
  const nodes: NodeInfo[] = [];
  fullSpec.nodes.forEach((n, i) => {
    const base = nodeNetns(fullSpec, n, ul);
    all[n.name] = programFlannelNode(fullSpec, base, flannelNodes[i], flannelNodes);
    nodes.push({ name: n.name, ip: n.ip, podCidr: subnets[i], netns: n.name });
  });

  const ranges = new Map(fullSpec.nodes.map((n, i) => [n.name, new HostLocalRange(subnets[i])]));
  // Pinned addresses are reserved before anything is allocated in order.
  fullSpec.pods.forEach((p, i) => {
    if (p.ip && !p.hostNetwork) {
      const err = ranges.get(p.node)!.reserve(p.ip);
      if (err) errors.push({ path: `cluster.pods[${i}].ip`, message: `pod ${p.name}: ${err}` });
    }
  });
  const pods: PodInfo[] = [];
  for (const p of fullSpec.pods) {
    const node = all[p.node];
    const ports = p.ports.map((x) => (typeof x === 'number' ? { containerPort: x, protocol: 'TCP' as const } : x));
    const key = `${p.namespace}/${p.name}`;
    if (p.hostNetwork) {
      pods.push({
        name: p.name,
        namespace: p.namespace,
        node: p.node,
        ip: nodes.find((n) => n.name === p.node)!.ip,
        netns: p.node,
        labels: p.labels,
        ports,
        hostNetwork: true,
        status: 'Running',
      });
      continue;
    }
    const got = p.ip ? { ip: p.ip } : ranges.get(p.node)!.allocate();
    const id = podNetnsId(p.namespace, p.name);
    if (!got.ip) {
      pods.push({
        name: p.name,
        namespace: p.namespace,
        node: p.node,
        ip: null,
        netns: id,
        labels: p.labels,
        ports,
        hostNetwork: false,
        status: 'ContainerCreating',
        statusReason: got.error,
      });
      continue;
    }
    const cni0 = node.interfaces.find((d) => d.name === 'cni0')!;
    const hostIf = hostVethName(key);
    const subnet = subnets[fullSpec.nodes.findIndex((n) => n.name === p.node)];
    let pns = netns(id, 'pod', p.name, p.node, POD_SYSCTL);
    pns = withDevice(pns, {
      name: 'eth0',
      kind: 'veth',
      mtu: cni0.mtu,
      up: true,
      addrs: [{ ip: got.ip, prefix: subnet.prefix }],
      peer: { netns: p.node, ifname: hostIf },
    });
    pns = withRoutes(pns, flannelPodRoutes(network, subnet, got.ip));
    pns = {
      ...pns,
      sockets: ports
        .filter((x) => x.protocol !== 'SCTP')
        .map((x) => ({
          proto: x.protocol === 'UDP' ? ('udp' as const) : ('tcp' as const),
          port: x.containerPort,
          owner: `${key}${x.name ? ` (${x.name})` : ''}`,
        })),
    };
    all[id] = pns;
    all[p.node] = withDevice(all[p.node], {
      name: hostIf,
      kind: 'veth',
      mtu: cni0.mtu,
      up: true,
      addrs: [],
      peer: { netns: id, ifname: 'eth0' },
      master: 'cni0',
      hairpin: true,
    });
    pods.push({ name: p.name, namespace: p.namespace, node: p.node, ip: got.ip, netns: id, labels: p.labels, ports, hostNetwork: false, status: 'Running' });
  }
  const world = outsideWorld(fullSpec, ul);
  for (const w of world.netns) all[w.id] = w;
  if (errors.length) return { ok: false, errors };
  const segments: Record<string, Segment> = Object.fromEntries(world.segments.map((s) => [s.id, s]));
  return {
    ok: true,
    cluster: {
      name,
      cni: fullSpec.cni,
      mode,
      kubeProxy: fullSpec.kubeProxy,
      podCidr: network,
      serviceCidr: parseCidr(fullSpec.serviceCIDR),
      nodes,
      pods,
      externals: world.externals,
      netns: all,
      segments,
    },
  };
}
