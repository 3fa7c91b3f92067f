import { MAX_PODS_PER_NODE } from '../model/shapes';

/**
 * Where the default scheduler would put a pod, for the simple cases (kube-scheduler's
 * filter-then-score): nodes failing spec.nodeName, spec.nodeSelector (node labels, including
 * the kubelet's own `kubernetes.io/hostname`) or a NoSchedule/NoExecute taint the pod does
 * not tolerate are filtered out; among the rest the one with the fewest pods wins, ties going
 * to the earlier node (standing in for NodeResourcesFit's LeastAllocated score and the
 * default topology spreading). A node already running MAX_PODS_PER_NODE pods is full
 * (NodeResourcesFit's "Too many pods"). Affinity, other resources and PreferNoSchedule are not
 * modelled.
 */

export interface SchedNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: string;
}

/** k8s.io/api/core/v1 toleration.go ToleratesTaint */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return (t.operator ?? 'Equal') === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

export interface PodPlacement {
  readonly nodeName?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export function feasible(n: SchedNode, p: PodPlacement): boolean {
  if (p.nodeName && p.nodeName !== n.name) return false;
  const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', ...n.labels };
  for (const [k, v] of Object.entries(p.nodeSelector)) if (labels[k] !== v) return false;
  return n.taints.every((taint) => taint.effect === 'PreferNoSchedule' || p.tolerations.some((t) => tolerates(t, taint)));
}

/** The node for one more pod, given how many pods each node has; null when no node fits (the pod stays Pending). */
export function schedule(nodes: readonly SchedNode[], load: Map<string, number>, p: PodPlacement): string | null {
  let best: SchedNode | null = null;
  for (const n of nodes)
    if (feasible(n, p) && (load.get(n.name) ?? 0) < MAX_PODS_PER_NODE && (!best || (load.get(n.name) ?? 0) < (load.get(best.name) ?? 0))) best = n;
  if (best) load.set(best.name, (load.get(best.name) ?? 0) + 1);
  return best?.name ?? null;
}

/** Why nothing fits, in the scheduler's event wording (`0/3 nodes are available: …`). */
export function unschedulable(nodes: readonly SchedNode[], p: PodPlacement, load?: ReadonlyMap<string, number>): string {
  const reasons = new Map<string, number>();
  for (const n of nodes) {
    const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', ...n.labels };
    const why =
      load && feasible(n, p) && (load.get(n.name) ?? 0) >= MAX_PODS_PER_NODE
        ? 'Too many pods'
        : p.nodeName && p.nodeName !== n.name
          ? "node(s) didn't match Pod's node name"
          : Object.entries(p.nodeSelector).some(([k, v]) => labels[k] !== v)
            ? "node(s) didn't match Pod's node affinity/selector"
            : `node(s) had untolerated taint {${n.taints.find((t) => t.effect !== 'PreferNoSchedule' && !p.tolerations.some((x) => tolerates(x, t)))?.key ?? ''}}`;
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  return `0/${nodes.length} nodes are available: ${[...reasons].map(([w, c]) => `${c} ${w}`).join(', ')}.`;
}
