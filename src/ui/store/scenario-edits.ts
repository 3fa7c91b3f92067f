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
