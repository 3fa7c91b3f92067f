/**
 * Edits a learner makes to the scenario from the lab page. Each returns a new Scenario; the
 * store rebuilds the lab from it with the engine's createLab (never by patching tables here).
 */
import type { FaultSpec, ProbeSpec, Scenario } from '../../engine';
import { faultKey } from '../../engine/shell';

export type PodMtu = Scenario['cluster']['podMTU'];

export function withShape(s: Scenario, cni: string, mode: string): Scenario {
  return { ...s, cluster: { ...s.cluster, cni: cni as Scenario['cluster']['cni'], mode } };
}

/** kube-proxy's mode (`cluster.kubeProxy`): the lab is rebuilt and kube-proxy programs the other tables. */
export function withKubeProxy(s: Scenario, mode: string): Scenario {
  return { ...s, cluster: { ...s.cluster, kubeProxy: mode as Scenario['cluster']['kubeProxy'] } };
}

/** The scenario's NetworkPolicies (`cluster.networkPolicies`, parsed records), replaced whole. */
export function withPolicies(s: Scenario, networkPolicies: Scenario['cluster']['networkPolicies']): Scenario {
  return { ...s, cluster: { ...s.cluster, networkPolicies } };
}

/** aws-node's ENABLE_NETWORK_POLICY: the VPC CNI's network policy agent runs (cluster.vpc.networkPolicy). */
export function withVpcPolicyAgent(s: Scenario, on: boolean): Scenario {
  return { ...s, cluster: { ...s.cluster, vpc: { externalSnat: s.cluster.vpc?.externalSnat ?? false, networkPolicy: on } } };
}

export function withPodMtu(s: Scenario, podMTU: PodMtu): Scenario {
  return { ...s, cluster: { ...s.cluster, podMTU } };
}

/** The underlay MTU of one node's NIC (`nodes[i].mtu`); `undefined` falls back to cluster.underlayMTU. */
export function withNodeMtu(s: Scenario, node: string, mtu: number | undefined): Scenario {
  const nodes = s.cluster.nodes.map((n) => {
    if (n.name !== node) return n;
    const { mtu: _old, ...rest } = n;
    return mtu === undefined ? rest : { ...rest, mtu };
  });
  return { ...s, cluster: { ...s.cluster, nodes } };
}

/** Two faults are the same edit when every field matches (key order does not matter). */
export { faultKey };

export function hasFault(s: Scenario, f: FaultSpec): boolean {
  const k = faultKey(f);
  return s.faults.some((x) => faultKey(x) === k);
}

export function withFaultToggled(s: Scenario, f: FaultSpec, on: boolean): Scenario {
  const k = faultKey(f);
  const rest = s.faults.filter((x) => faultKey(x) !== k);
  return { ...s, faults: on ? [...rest, f] : rest };
}

/** Removes the faults for which `keep` is false (e.g. VXLAN-only faults after switching to host-gw). */
export function withFaultsFiltered(s: Scenario, keep: (f: FaultSpec) => boolean): Scenario {
  return { ...s, faults: s.faults.filter(keep) };
}

/** `from → to` as the flow log prints it. */
export function probeLabel(p: ProbeSpec): string {
  return `${p.from} → ${p.to}`;
}

/** What had to go for a scenario to build under another shape, in words for the banner. */
export interface ShapeAdaptation {
  readonly scenario: Scenario;
  readonly dropped: readonly string[];
}

const POD_IP = /^cluster\.pods\[(\d+)\]\.ip\b/;
const POLICY = /^cluster\.networkPolicies\[(\d+)\]/;
const NODE_FIELD = /^cluster\.nodes\[(\d+)\]\.(\w+)/;

/**
 * After a switch of shape, drops what the engine refused (it names the field): a kube-proxy
 * mode the shape does not run, a pod network or pinned pod address its IPAM cannot give, a
 * policy CRD the shape does not install, a node field it does not take. Everything else is
 * kept. Reads only the error paths, so it needs no knowledge of any shape.
 */
export function adaptToShape(s: Scenario, errors: readonly { path: string; message: string }[]): ShapeAdaptation {
  const dropped: string[] = [];
  let cluster = s.cluster;
  const podIps = new Set<number>();
  const policies = new Set<number>();
  const nodeFields: [number, string][] = [];
  for (const e of errors) {
    let m: RegExpExecArray | null;
    if (e.path === 'cluster.kubeProxy' && cluster.kubeProxy !== 'iptables') {
      dropped.push(`kube-proxy ${cluster.kubeProxy} → iptables (${e.message})`);
      cluster = { ...cluster, kubeProxy: 'iptables' };
    } else if (e.path.startsWith('cluster.podCIDR') && cluster.podCIDR) {
      dropped.push(`podCIDR ${cluster.podCIDR}: the shape's own pool instead (${e.message})`);
      const { podCIDR: _gone, ...rest } = cluster;
      cluster = rest as Scenario['cluster'];
    } else if ((m = POD_IP.exec(e.path))) {
      podIps.add(Number(m[1]));
      dropped.push(`pod ${cluster.pods[Number(m[1])]?.name}'s pinned address (${e.message})`);
    } else if ((m = POLICY.exec(e.path))) {
      policies.add(Number(m[1]));
      dropped.push(`policy ${e.message}`);
    } else if ((m = NODE_FIELD.exec(e.path)) && m[2] !== 'name' && m[2] !== 'ip') {
      nodeFields.push([Number(m[1]), m[2]]);
      dropped.push(`${cluster.nodes[Number(m[1])]?.name} ${m[2]} (${e.message})`);
    }
  }
  if (podIps.size)
    cluster = {
      ...cluster,
      pods: cluster.pods.map((p, i) => {
        if (!podIps.has(i)) return p;
        const { ip: _gone, ...rest } = p;
        return rest as typeof p;
      }),
    };
  if (policies.size) cluster = { ...cluster, networkPolicies: cluster.networkPolicies.filter((_, i) => !policies.has(i)) };
  if (nodeFields.length)
    cluster = {
      ...cluster,
      nodes: cluster.nodes.map((n, i) => {
        const gone = nodeFields.filter(([k]) => k === i).map(([, f]) => f);
        return gone.length ? (Object.fromEntries(Object.entries(n).filter(([k]) => !gone.includes(k))) as typeof n) : n;
      }),
    };
  return { scenario: { ...s, cluster }, dropped };
}
