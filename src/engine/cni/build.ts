/**
 * Building a cluster from a scenario, in the order a real one comes up: nodes on the
 * underlay, the CNI shape programs each node, every pod goes through CNI ADD (the scenario's,
 * then the system pods: the API server and CoreDNS), the API server holds Namespaces,
 * Services and EndpointSlices, and kube-proxy syncs every node. Finally a node's own
 * iptables-restore text, if the scenario has one. Returns errors (never throws) for specs the
 * engine cannot build, naming the field.
 */
import type { ClusterSpec } from '../model/scenario-schema';
import type { Cluster, Netns, NodeInfo, PodInfo, Segment } from '../model/datapath';
import type { ClusterDnsConfig } from '../model/k8s';
import { HostLocalRange } from './ipam';
import { podNetnsId } from '../model/ids';
import { FLANNEL_DEFAULT_NETWORK, programFlannelNode, type FlannelNode } from './flannel';
import { nodeNetns, outsideWorld, ROUTER_OUTSIDE_IP, underlayOf } from './underlay';
import { LB_POOL_START } from '../services/loadbalancer';
import { cidrContains, cidrString, nthAddress, parseCidr, subnetAt, type Cidr } from '../wire/ipv4';
import { MODELLED_SHAPES, MODELLED_PROXY_MODES } from '../model/shapes';
import { addPod, type NodeCtx, type PodPlan } from './pods';
import { API_SERVER_PORT, systemPods } from './system-pods';
import { buildApi } from '../services/api';
import { syncServices } from '../services';
import { iptablesRestore } from '../tables/iptables-restore';
import { corefileFor } from '../dns/corefile';

export interface BuildError {
  readonly path: string;
  readonly message: string;
}

export type BuildResult = { readonly ok: true; readonly cluster: Cluster } | { readonly ok: false; readonly errors: readonly BuildError[] };

export { MODELLED_SHAPES, MODELLED_PROXY_MODES };

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

/** kubelet's --cluster-dns/--cluster-domain, the nodes' resolver, and CoreDNS's Corefile (REFERENCE.md §4.4). */
function dnsConfig(spec: ClusterSpec, serviceCidr: Cidr, gateway: string | null): ClusterDnsConfig {
  const domain = spec.dns?.domain ?? 'cluster.local';
  const upstream = spec.dns?.upstream === 'none' ? null : (spec.dns?.upstream ?? gateway);
  return {
    domain,
    serviceIP: spec.dns?.serviceIP ?? nthAddress(serviceCidr, 10),
    upstream,
    hostSearch: spec.dns?.hostSearch ?? [],
    corefile: corefileFor(domain),
  };
}

/** The host that answers as the nodes' resolver (`nameserver` in their /etc/resolv.conf) gets a DNS socket. */
function withResolver(all: Record<string, Netns>, ip: string | null): void {
  if (!ip) return;
  const owner = Object.values(all).find(
    (ns) => (ns.kind === 'router' || ns.kind === 'external') && ns.interfaces.some((d) => d.addrs.some((a) => a.ip === ip)),
  );
  if (!owner) return;
  all[owner.id] = {
    ...owner,
    sockets: [
      ...owner.sockets,
      { proto: 'udp', port: 53, owner: `${owner.name} resolver`, app: 'resolver' },
      { proto: 'tcp', port: 53, owner: `${owner.name} resolver`, app: 'tcp' },
    ],
  };
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
  if (spec.kubeProxy === 'ebpf')
    return { ok: false, errors: [{ path: 'cluster.kubeProxy', message: 'kubeProxy ebpf (the Cilium kube-proxy replacement) is not modelled yet' }] };
  const fullSpec: ClusterSpec = { ...spec, mode };
  const network = parseCidr(spec.podCIDR ?? FLANNEL_DEFAULT_NETWORK);
  const serviceCidr = parseCidr(fullSpec.serviceCIDR);
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
    all[n.name] = { ...programFlannelNode(fullSpec, base, flannelNodes[i], flannelNodes), conntrack: true };
    nodes.push({ name: n.name, ip: n.ip, podCidr: subnets[i], netns: n.name });
  });

  const ctx = new Map<string, NodeCtx>(
    fullSpec.nodes.map((n, i) => [n.name, { name: n.name, ip: n.ip, subnet: subnets[i], range: new HostLocalRange(subnets[i]) }]),
  );
  // Pinned addresses are reserved before anything is allocated in order.
  fullSpec.pods.forEach((p, i) => {
    if (p.ip && !p.hostNetwork) {
      const err = ctx.get(p.node)!.range.reserve(p.ip);
      if (err) errors.push({ path: `cluster.pods[${i}].ip`, message: `pod ${p.name}: ${err}` });
    }
  });
  const plans: PodPlan[] = [...fullSpec.pods.map((spec) => ({ spec })), ...systemPods(fullSpec)];
  const pods: PodInfo[] = plans.map((plan) => addPod(all, plan, ctx.get(plan.spec.node)!, network));
  const world = outsideWorld(fullSpec, ul);
  for (const w of world.netns) all[w.id] = w;
  const dns = dnsConfig(fullSpec, serviceCidr, ul.gateway && world.netns.some((n) => n.kind === 'router') ? ul.gateway : null);
  withResolver(all, dns.upstream);
  const api = buildApi({
    serviceCidr,
    services: fullSpec.services,
    namespaces: fullSpec.namespaces,
    pods,
    nodes,
    dnsIP: dns.serviceIP,
    apiServer: { ip: nodes[0].ip, port: API_SERVER_PORT, node: nodes[0].name },
    coredns: true,
    ...(world.netns.some((n) => n.kind === 'router') ? { lbPool: { net: parseCidr(`${ROUTER_OUTSIDE_IP}/24`).net, first: LB_POOL_START } } : {}),
  });
  errors.push(...api.errors);
  if (errors.length) return { ok: false, errors };
  const segments: Record<string, Segment> = Object.fromEntries(world.segments.map((s) => [s.id, s]));
  let cluster: Cluster = {
    name,
    cni: fullSpec.cni,
    mode,
    kubeProxy: fullSpec.kubeProxy,
    podCidr: network,
    serviceCidr,
    nodes,
    pods,
    externals: world.externals,
    netns: all,
    segments,
    api: api.api,
    dns,
    proxy: { mode: fullSpec.kubeProxy, clusterCIDR: cidrString(network), stopped: [], ipvsScheduler: fullSpec.ipvs?.scheduler ?? 'rr' },
  };
  cluster = syncServices(cluster);
  for (const [i, n] of fullSpec.nodes.entries()) {
    if (!n.iptables) continue;
    const r = iptablesRestore(cluster.netns[n.name].netfilter, n.iptables);
    if (!r.ok) return { ok: false, errors: [{ path: `cluster.nodes[${i}].iptables`, message: r.error }] };
    cluster = { ...cluster, netns: { ...cluster.netns, [n.name]: { ...cluster.netns[n.name], netfilter: r.netfilter } } };
  }
  return { ok: true, cluster };
}
