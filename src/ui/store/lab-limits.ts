/**
 * How large a cluster the lab takes. Past 16 nodes or 64 pods the canvas folds the nodes a
 * packet does not cross into one card (src/ui/canvas/layout-collapse.ts), so the drawing stays small;
 * what bounds the lab is the work of building and walking the cluster on the main thread —
 * measured by `npm run bench` (scripts/bench-large.ts: 200 nodes and 2,000 pods build in about
 * 1.3 s, a fault toggle re-uses that build). The limits sit a little above that measured size.
 * A node holds at most kubelet's default maxPods, 110 (the kubelet's --max-pods; the manifest
 * importer leaves the rest Pending for the same reason), so no node card is wider than that.
 *
 * The engine itself has no such limit: these are the lab's, applied where it reads a scenario
 * from the editor, a file or manifests (scenario-editor/scenario-text.ts) and from a share link (share-link.ts), before the build where counts suffice.
 */
import type { Cluster, ScenarioError } from '../../engine';
import { MAX_PODS_PER_NODE } from '../../engine/shell';

/** Kubernetes nodes the lab builds and draws (folded past 16) */
export const MAX_NODES = 250;
/** pods in all */
export const MAX_PODS = 2500;
/** pods on one node: kubelet's default maxPods, the engine's scheduler limit too */
export { MAX_PODS_PER_NODE };

interface Counted {
  readonly nodes: number;
  readonly pods: readonly { readonly node?: string }[];
}

/** The counts alone, before a cluster is built (building thousands of pods would be wasted work). */
export function countLimitErrors(c: Counted): ScenarioError[] {
  if (c.nodes > MAX_NODES)
    return [{ path: 'cluster.nodes', message: `${c.nodes} nodes are more than the lab builds (at most ${MAX_NODES}); nothing was loaded` }];
  if (c.pods.length > MAX_PODS)
    return [{ path: 'cluster.pods', message: `${c.pods.length} pods are more than the lab builds (at most ${MAX_PODS}); nothing was loaded` }];
  const perNode = new Map<string, number>();
  for (const p of c.pods) if (p.node !== undefined) perNode.set(p.node, (perNode.get(p.node) ?? 0) + 1);
  for (const [node, n] of perNode)
    if (n > MAX_PODS_PER_NODE)
      return [
        {
          path: 'cluster.pods',
          message: `${n} pods on ${node} are more than a node holds (kubelet's default maxPods is ${MAX_PODS_PER_NODE}); nothing was loaded`,
        },
      ];
  return [];
}

/** Why the lab cannot take the built cluster `c` (empty when it can): pods the build placed count too. */
export function drawLimitErrors(c: Cluster): ScenarioError[] {
  return countLimitErrors({ nodes: c.nodes.length, pods: c.pods });
}
