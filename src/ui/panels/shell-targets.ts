/** Where a terminal (or the Details panel) can run engine CLI commands: nodes and pods. */
import type { Cluster } from '../../engine';

export interface ShellTarget {
  /** what the engine's openShell accepts: `node1`, `default/client` */
  readonly where: string;
  readonly netnsId: string;
  readonly label: string;
  readonly kind: 'node' | 'pod';
  /** the prompt, as a shell in that place would print it */
  readonly prompt: string;
}

export function shellTargets(c: Cluster): ShellTarget[] {
  const nodes: ShellTarget[] = c.nodes.map((n) => ({ where: n.name, netnsId: n.netns, label: `${n.name} (node)`, kind: 'node', prompt: `root@${n.name}:~# ` }));
  const pods: ShellTarget[] = c.pods
    .filter((p) => p.ip && !p.hostNetwork)
    .map((p) => ({ where: `${p.namespace}/${p.name}`, netnsId: p.netns, label: `${p.name} (pod on ${p.node})`, kind: 'pod', prompt: `${p.name}:/# ` }));
  return [...pods, ...nodes];
}

export function targetOf(c: Cluster, netnsId: string | null): ShellTarget | undefined {
  return netnsId ? shellTargets(c).find((t) => t.netnsId === netnsId) : undefined;
}
