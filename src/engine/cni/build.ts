/**
 * Building a cluster from a scenario, in the order a real one comes up: nodes on the
 * underlay, the CNI program (cni/registry.ts) programs each node, every pod goes through
 * CNI ADD (the scenario's, then the system pods: the API server and CoreDNS), the CNI's
 * control plane converges (BGP, the ipcache, the VPC fabric), the API server holds
 * Namespaces, Services and EndpointSlices, and kube-proxy syncs every node. Finally a node's
 * own iptables-restore text, if the scenario has one. Returns errors (never throws) for
 * specs the engine cannot build, naming the field.
 */
import type { ClusterSpec } from '../model/scenario-schema';
import type { Cluster, Netns, NodeInfo, PodInfo, Segment } from '../model/datapath';
import type { ClusterDnsConfig } from '../model/k8s';
import { podNetnsId } from '../model/ids';
import { nodeNetns, outsideWorld, ROUTER_OUTSIDE_IP, underlayOf } from './underlay';
import { LB_POOL_START } from '../services/loadbalancer';
import { cidrString, nthAddress, parseCidr, type Cidr } from '../wire/ipv4';
import { MODELLED_SHAPES, MODELLED_PROXY_MODES } from '../model/shapes';
import { addHostNetworkPod, type PodPlan } from './pods';
import { API_SERVER_PORT, systemPods } from './system-pods';
import { buildApi } from '../services/api';
import { syncServices } from '../services';
import { iptablesRestore } from '../tables/iptables-restore';
import { corefileFor } from '../dns/corefile';
import { programFor, programs } from './registry';
import type { BuildError, ShapeCtx } from './program';

export type { BuildError };

export type BuildResult = { readonly ok: true; readonly cluster: Cluster } | { readonly ok: false; readonly errors: readonly BuildError[] };

export { MODELLED_SHAPES, MODELLED_PROXY_MODES };

export { podNetnsId };

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

function notModelled(spec: ClusterSpec, mode: string): BuildError {
  const have = programs()
    .map((p) => `${p.cni} (${p.modes.join(', ')})`)
    .join('; ');
  return { path: 'cluster.cni', message: `${spec.cni} ${mode} is not modelled yet; podpath models: ${have}` };
}

/** The CRDs a shape installs: a Calico or Cilium policy on another shape is refused as the API server would refuse an unknown kind. */
const CRD_SHAPE: Readonly<Record<string, { cni: string; group: string; kind: string }>> = {
  CalicoNetworkPolicy: { cni: 'calico', group: 'projectcalico.org/v3', kind: 'NetworkPolicy' },
  GlobalNetworkPolicy: { cni: 'calico', group: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy' },
  CiliumNetworkPolicy: { cni: 'cilium', group: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' },
};

function policyCrdErrors(spec: ClusterSpec): BuildError[] {
  return spec.networkPolicies.flatMap((p, i) => {
    const crd = CRD_SHAPE[p.kind];
    if (!crd || crd.cni === spec.cni) return [];
    // kubectl's own words for a kind whose CRD is not installed
    const message = `no matches for kind "${crd.kind}" in version "${crd.group}": ensure CRDs are installed first (that CRD comes with ${crd.cni}; this cluster runs ${spec.cni})`;
    return [{ path: `cluster.networkPolicies[${i}]`, message }];
  });
}

export function buildCluster(spec: ClusterSpec, name = 'cluster'): BuildResult {
  const errors: BuildError[] = [];
  const program = programFor(spec.cni);
  const mode = spec.mode ?? program?.modes[0] ?? '';
  if (!program || !program.modes.includes(mode)) return { ok: false, errors: [notModelled(spec, mode)] };
  if (spec.kubeProxy === 'ebpf' && !program.proxyModes.includes('ebpf'))
    return { ok: false, errors: [{ path: 'cluster.kubeProxy', message: 'kubeProxy ebpf (the Cilium kube-proxy replacement) is not modelled yet' }] };
  const fullSpec: ClusterSpec = { ...spec, mode };
  errors.push(...(program.validate?.(fullSpec, mode) ?? []));
  const network: Cidr = spec.podCIDR ? parseCidr(spec.podCIDR) : (program.podNetwork?.(fullSpec) ?? parseCidr(program.defaultPodCidr));
  const serviceCidr = parseCidr(fullSpec.serviceCIDR);
  const ul = underlayOf(fullSpec);
  const all: Record<string, Netns> = {};
  for (const n of fullSpec.nodes) all[n.name] = { ...nodeNetns(fullSpec, n, ul), conntrack: true };
  const ctx: ShapeCtx = { spec: fullSpec, mode, network, underlay: ul, netns: all, errors };
  const shapeNodes = program.programNodes(ctx);
  const byName = new Map(shapeNodes.map((n) => [n.name, n]));
  const nodes: NodeInfo[] = shapeNodes.map((n) => ({ name: n.name, ip: n.ip, podCidr: n.podCidr, netns: n.name }));
  // Pinned addresses are reserved before anything is allocated in order.
  fullSpec.pods.forEach((p, i) => {
    if (p.ip && !p.hostNetwork) {
      const err = byName.get(p.node)!.reserve(p.ip);
      if (err) errors.push({ path: `cluster.pods[${i}].ip`, message: `pod ${p.name}: ${err}` });
    }
  });
  const plans: PodPlan[] = [...fullSpec.pods.map((spec) => ({ spec })), ...systemPods(fullSpec)];
  const pods: PodInfo[] = plans.map((plan) => {
    const node = byName.get(plan.spec.node)!;
    return plan.spec.hostNetwork ? addHostNetworkPod(all, plan, node.ip) : node.addPod(plan);
  });
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
    networkPolicies: fullSpec.networkPolicies,
    endpointSlices: fullSpec.endpointSlices,
    ...(world.netns.some((n) => n.kind === 'router') ? { lbPool: { net: parseCidr(`${ROUTER_OUTSIDE_IP}/24`).net, first: LB_POOL_START } } : {}),
  });
  errors.push(...api.errors, ...policyCrdErrors(fullSpec));
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
  cluster = program.converge?.(cluster) ?? cluster;
  cluster = syncServices(cluster);
  for (const [i, n] of fullSpec.nodes.entries()) {
    if (!n.iptables) continue;
    const r = iptablesRestore(cluster.netns[n.name].netfilter, n.iptables);
    if (!r.ok) return { ok: false, errors: [{ path: `cluster.nodes[${i}].iptables`, message: r.error }] };
    cluster = { ...cluster, netns: { ...cluster.netns, [n.name]: { ...cluster.netns[n.name], netfilter: r.netfilter } } };
  }
  return { ok: true, cluster };
}
