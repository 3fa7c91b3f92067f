/**
 * A CNI shape as a program (ARCHITECTURE.md): what its agent and plugin do to a cluster —
 * flanneld and the bridge plugin, Felix + BIRD and calico-ipam, cilium-agent, ipamd and the
 * VPC CNI plugin. The cluster builder (build.ts) is generic: it brings up the underlay, asks
 * the program to program each node, runs CNI ADD for every pod through it, lets its control
 * plane converge (BGP, the ipcache, the VPC fabric), and then runs kube-proxy. The packet walk
 * never asks which shape it is in: everything a program decides is in the tables it writes.
 */
import type { ClusterSpec } from '../model/scenario-schema';
import type { Cluster, Netns, PodInfo } from '../model/datapath';
import type { FaultSpec } from '../model/scenario-schema';
import type { Cidr, Ipv4 } from '../wire/ipv4';
import type { Underlay } from './underlay';
import type { PodPlan } from './pods';
import { faultKey } from '../faults/fault-key';
import type { TopologyPeering } from './topology';

export interface BuildError {
  readonly path: string;
  readonly message: string;
}

/** What the builder hands a program: the scenario, the pod network and the namespaces built so far. */
export interface ShapeCtx {
  /** the scenario's cluster, with `mode` filled in */
  readonly spec: ClusterSpec;
  readonly mode: string;
  /** the pod network (the scenario's podCIDR or the shape's default pool) */
  readonly network: Cidr;
  readonly underlay: Underlay;
  /** every namespace by id, being built (programs add and replace entries) */
  readonly netns: Record<string, Netns>;
  readonly errors: BuildError[];
}

/** One node as its CNI sees it: its pod range for NodeInfo, and CNI ADD for the pods scheduled there. */
export interface ShapeNode {
  readonly name: string;
  readonly ip: Ipv4;
  /** what `kubectl get node -o jsonpath={.spec.podCIDR}` would show or, without one, the node's first IPAM block */
  readonly podCidr: Cidr;
  /** a pinned pod address: reserved before anything is allocated; an error when IPAM cannot give it */
  reserve(ip: Ipv4): string | undefined;
  /** CNI ADD: IPAM, the pod's interface and routes, the host side; a pod IPAM cannot serve stays ContainerCreating */
  addPod(plan: PodPlan): PodInfo;
}

/** Who enforces NetworkPolicy, and how (ARCHITECTURE.md policy/). */
export type PolicyEnforcement =
  /** nothing: the policies exist in the API and no agent programs them (Flannel) */
  | { readonly kind: 'none'; readonly why: string }
  /** iptables chains the agent writes (Felix's cali-* chains) */
  | { readonly kind: 'iptables' }
  /** eBPF programs at tc reading per-endpoint policy maps (Cilium, the VPC CNI's network policy agent) */
  | { readonly kind: 'tc' };

/** A fault the lab offers, aimed at the cluster on screen, with its one-line explanation. */
export interface FaultOption {
  /** faultKey(fault): the same edit is the same switch */
  readonly key: string;
  readonly fault: FaultSpec;
  readonly label: string;
  readonly explain: string;
  readonly group: 'datapath' | 'services' | 'policy';
}

export function option(fault: FaultSpec, label: string, explain: string, group: FaultOption['group'] = 'datapath'): FaultOption {
  return { key: faultKey(fault), fault, label, explain, group };
}

/** What a fault did to the cluster, in the command a learner would type, or the error that refused it. */
export interface FaultEdit {
  readonly cluster: Cluster;
  readonly command: string;
  readonly error?: string;
}

export interface CniProgram {
  readonly cni: ClusterSpec['cni'];
  /** the modes this program models, the default first */
  readonly modes: readonly string[];
  /** the pool pods come from when the scenario gives no podCIDR (the CNI's own default) */
  readonly defaultPodCidr: string;
  /** kube-proxy modes beyond iptables/ipvs/nftables/none this shape runs with (Cilium's `ebpf`) */
  readonly proxyModes: readonly string[];
  /** checks the scenario against what the shape can build (errors name the field) */
  validate?(spec: ClusterSpec, mode: string): BuildError[];
  /** the pod network when it depends on the nodes (the VPC CNI gives pods addresses of the node subnet) */
  podNetwork?(spec: ClusterSpec): Cidr;
  /** programs every node (devices, routes, rules, maps) and returns the nodes for CNI ADD, in scenario order */
  programNodes(ctx: ShapeCtx): readonly ShapeNode[];
  /**
   * The control plane, after every pod exists and after every later change to pods: what the
   * agents learn from each other or from the API (BGP routes, the ipcache, the VPC fabric's
   * address map, policy maps). Recomputed from the cluster each time, so it is idempotent.
   */
  converge?(cluster: Cluster): Cluster;
  /**
   * After kube-proxy synced a node: an agent that keeps its iptables jumps at the top of the
   * built-in chains (cilium-agent --prepend-iptables-chains, the default) puts them back in front.
   */
  afterProxySync?(ns: Netns): Netns;
  /** CNI DEL beyond removing the pod's namespace and host interface (routes, endpoint state) */
  removePod?(all: Record<string, Netns>, pod: PodInfo): void;
  readonly policy: PolicyEnforcement;
  /** when enforcement depends on the scenario (the VPC CNI's network policy agent is an option); default `policy` */
  policyOf?(cluster: Cluster): PolicyEnforcement;
  /** the shape's own name as its project writes it (`Flannel`, `Calico`, `Cilium`, `Amazon VPC CNI`) */
  readonly title?: string;
  /**
   * Faults only this shape has (`bgp-down` for Calico, `security-group` for the VPC CNI); undefined for a
   * fault the program does not handle, which the fault layer then refuses naming the shapes that have it.
   */
  applyFault?(cluster: Cluster, fault: FaultSpec): FaultEdit | undefined;
  /**
   * The error CNI ADD returns when the node's IPAM has no address left (fault ipam-exhaust), in the
   * plugin's own words as kubelet's FailedCreatePodSandBox event shows it (host-local, calico-ipam,
   * cilium's cluster-pool, ipamd).
   */
  ipamExhaustedError(cluster: Cluster, node: string): string;
  /** the faults this shape adds to the catalog, aimed at `cluster` */
  faults?(cluster: Cluster): readonly FaultOption[];
  /** the terminal commands that exist only with this shape (`calicoctl`, `cilium-dbg`, `hubble`, `wg`) */
  readonly commands: readonly string[];
  /** the canvas's word for where routed pods meet on a node (no bridge): `routing table`, `eBPF datapath` */
  readonly hubLabel?: string;
  /** control-plane sessions between nodes (Calico's BGP mesh) */
  peerings?(cluster: Cluster): readonly TopologyPeering[];
}

/** Who enforces NetworkPolicy in this cluster. */
export function enforcementOf(program: CniProgram, cluster: Cluster): PolicyEnforcement {
  return program.policyOf?.(cluster) ?? program.policy;
}

/** One sentence for the page: who enforces this cluster's NetworkPolicies, and where to see it. */
export function enforcementText(program: CniProgram, cluster: Cluster): string {
  const who = program.title ?? program.cni;
  const e = enforcementOf(program, cluster);
  if (e.kind === 'none') return `${who} does not enforce NetworkPolicy: ${e.why}`;
  if (e.kind === 'iptables')
    return `${who} enforces these policies with the iptables chains and ipsets its agent writes on every node (iptables-save shows them); the hop where one decided names its rule.`;
  return `${who} enforces these policies with eBPF programs at tc that read per-endpoint policy maps; the hop where one decided names its map entry.`;
}
