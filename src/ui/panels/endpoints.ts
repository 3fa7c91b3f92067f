/** The places a probe can start from or go to, as the send form and terminal list them. */
import type { Cluster } from '../../engine';

export interface Place {
  /** what the engine's probe `from` / `to` accepts: a pod name, node name or outside host */
  readonly value: string;
  readonly label: string;
  readonly group: 'Pods' | 'Nodes' | 'Outside';
  readonly netnsId: string;
}

export function placesOf(c: Cluster): Place[] {
  // counted once: a filter per pod was 4 million comparisons at 2,000 pods (issue 9)
  const seen = new Map<string, number>();
  for (const p of c.pods) seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
  const dup = (name: string) => (seen.get(name) ?? 0) > 1;
  // a hostNetwork pod is its node's namespace: the node stands for it
  const pods: Place[] = c.pods
    .filter((p) => p.ip && !p.hostNetwork)
    .map((p) => {
      const value = dup(p.name) ? `${p.namespace}/${p.name}` : p.name;
      return { value, label: `${value} (${p.ip}, ${p.node})`, group: 'Pods', netnsId: p.netns };
    });
  const nodes: Place[] = c.nodes.map((n) => ({ value: n.name, label: `${n.name} (${n.ip})`, group: 'Nodes', netnsId: n.netns }));
  const outside: Place[] = c.externals.map((e) => ({ value: e.name, label: `${e.name} (${e.ip})`, group: 'Outside', netnsId: e.netns }));
  return [...pods, ...nodes, ...outside];
}
