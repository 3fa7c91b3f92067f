/**
 * Large clusters on the canvas (issue 9): past COLLAPSE_NODES nodes or COLLAPSE_PODS pods the
 * canvas draws in full only the nodes the packet crosses (every namespace its hops name) and the
 * node of the namespace picked in Details; the others fold into one card that says how many
 * nodes and pods it stands for. A 200-node cluster is then a few node groups, not 7,000 cards —
 * React Flow, the minimap and the marker's path search stay quick — and what the learner reads
 * is the path itself. Smaller clusters are drawn whole, exactly as before. Picking a pod or node
 * of a folded node (Details → Inspect, the terminal) draws its node.
 */
import type { Cluster, NodeInfo } from '../../engine';
import type { Point } from './layout-types';
import type { Sink } from './layout-sink';
import { G } from './geometry';

/** more nodes than the canvas draws whole: two rows of eight (scenario-editor/draw-limit.ts) */
export const COLLAPSE_NODES = 16;
/** more pods than that (draw-limit.ts MAX_PODS) */
export const COLLAPSE_PODS = 64;
/** the folded nodes' card is as wide as a node group of two pods */
export const COLLAPSED_W = 2 * G.pad + 2 * G.podW + G.gap;

export const COLLAPSED_ID = 'collapsed:nodes';

export function isLargeCluster(c: Cluster): boolean {
  return c.nodes.length > COLLAPSE_NODES || c.pods.length > COLLAPSE_PODS;
}

/**
 * The nodes drawn in full, in the cluster's order: those the hops pass through and the picked
 * namespace's node; the first node when there is neither (a fresh lab). Null: draw every node.
 */
export function focusNodes(c: Cluster, hops: readonly { readonly netnsId: string }[] | null | undefined, selected: string | null): string[] | null {
  if (!isLargeCluster(c)) return null;
  const want = new Set<string>();
  for (const h of hops ?? []) {
    const node = c.netns[h.netnsId]?.node;
    if (node) want.add(node);
  }
  const picked = selected ? c.netns[selected]?.node : undefined;
  if (picked) want.add(picked);
  const names = c.nodes.filter((n) => want.has(n.name)).map((n) => n.name);
  return names.length ? names : c.nodes.slice(0, 1).map((n) => n.name);
}

/** A stable key of a focus (memoising the layout on it). */
export function focusKey(focus: readonly string[] | null): string {
  return focus ? focus.join('\n') : '*';
}

/** Places the card of the folded nodes at `at`; returns its canvas id (it plugs into the underlay like a NIC). */
export function placeCollapsed(c: Cluster, hidden: readonly NodeInfo[], at: Point, h: number, s: Sink): string {
  const names = new Set(hidden.map((n) => n.name));
  const pods = c.pods.filter((p) => names.has(p.node)).length;
  s.place(
    {
      id: COLLAPSED_ID,
      type: 'collapsed',
      position: { x: at.x, y: at.y },
      width: COLLAPSED_W,
      height: h,
      data: { nodes: hidden.length, pods, first: hidden[0]?.name ?? '', last: hidden[hidden.length - 1]?.name ?? '' },
      focusable: false,
      ariaLabel: `${hidden.length} more nodes with ${pods} pods, folded: the packet does not cross them`,
    },
    at,
    COLLAPSED_W,
    h,
  );
  // their addresses still name a place (a Service endpoint without a pod card, a NodePort)
  for (const n of hidden) s.owners[n.ip] ??= COLLAPSED_ID;
  return COLLAPSED_ID;
}
