/**
 * Large clusters on the canvas (issue 9): past COLLAPSE_NODES nodes or COLLAPSE_PODS pods the
 * canvas draws in full only the nodes the packet crosses (every namespace its hops name) and the
 * node of the namespace picked in Details; the others fold into one card that says how many
 * nodes and pods it stands for. A 200-node cluster is then a few node groups, not 7,000 cards —
 * React Flow, the minimap and the marker's path search stay quick — and what the learner reads
 * is the path itself. Smaller clusters are drawn whole, exactly as before. Picking a pod or node
 * of a folded node (Details → Inspect, the terminal) draws its node.
 *
 * Inside a drawn node the same holds for its pods: past FOLD_PODS_OVER pods, only the pods the
 * packet crosses and the picked one get a card (with their veth); the others fold into one card
 * in the pod band. At 2,000 pods a drawn node has ten, so a probe mounts a few cards per node,
 * not forty: the probe's first frame stays within its budget (bench-large.ts).
 */
import type { Cluster, NodeInfo, TopologyPod } from '../../engine';
import type { FoldedPodsData, Point } from './layout-types';
import { count } from './nodes/count';
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

export interface Focus {
  /** the nodes drawn in full, in the cluster's order */
  readonly nodes: readonly string[];
  /** the pods drawn in them (namespace ids, sorted) */
  readonly pods: readonly string[];
}

type Hops = readonly { readonly netnsId: string }[] | null | undefined;

/**
 * What a large cluster draws, in one pass over the hops and the picked namespace: the nodes they
 * are on (the first node when there is neither: a fresh lab) and the pods among them. Null: a
 * cluster drawn whole.
 */
export function focusOf(c: Cluster, hops: Hops, selected: string | null): Focus | null {
  if (!isLargeCluster(c)) return null;
  const nodes = new Set<string>();
  const pods = new Set<string>();
  for (const id of [...(hops ?? []).map((h) => h.netnsId), ...(selected ? [selected] : [])]) {
    const ns = c.netns[id];
    if (!ns) continue;
    if (ns.node) nodes.add(ns.node);
    if (ns.kind === 'pod') pods.add(id);
  }
  const names = c.nodes.filter((n) => nodes.has(n.name)).map((n) => n.name);
  return { nodes: names.length ? names : c.nodes.slice(0, 1).map((n) => n.name), pods: [...pods].sort() };
}

/** The nodes drawn in full (focusOf); null: draw every node. */
export function focusNodes(c: Cluster, hops: Hops, selected: string | null): readonly string[] | null {
  return focusOf(c, hops, selected)?.nodes ?? null;
}

/** The pods drawn in the drawn nodes (focusOf); null for a cluster drawn whole. */
export function focusPods(c: Cluster, hops: Hops, selected: string | null): readonly string[] | null {
  return focusOf(c, hops, selected)?.pods ?? null;
}

/** a drawn node of a large cluster with more pods than this folds the ones the packet does not cross */
export const FOLD_PODS_OVER = 3;

export const foldedPodsId = (node: string) => `foldedpods:${node}`;

/** `9 more pods on node1 (1 of them kube-system)`: the folded pods' card's name and tooltip. */
export function foldedPodsText(d: FoldedPodsData): string {
  return `${count(d.pods, 'more pod')} on ${d.node}${d.system ? ` (${d.system} of them kube-system)` : ''}`;
}

/** Places node `node`'s folded pods' card in its group `parentId`, at `at` in the group (`abs` on the canvas). */
export function placeFoldedPods(
  node: string,
  folded: { readonly pods: number; readonly system: number },
  parentId: string,
  at: Point,
  abs: Point,
  s: Sink,
): void {
  const data = { node, pods: folded.pods, system: folded.system };
  s.place(
    {
      id: foldedPodsId(node),
      parentId,
      extent: 'parent',
      position: at,
      width: G.podW,
      height: G.podH,
      type: 'foldedPods',
      data,
      focusable: false,
      ariaLabel: `${foldedPodsText(data)}, folded: the packet does not cross them`,
    },
    abs,
    G.podW,
    G.podH,
  );
}

/** A stable key of a focus (memoising the layout on it); `parseFocusKey` reads it back. */
export function focusKey(nodes: readonly string[] | null, pods: readonly string[] | null = []): string {
  return nodes ? `${nodes.join('\n')}\t${(pods ?? []).join('\n')}` : '*';
}

export function parseFocusKey(key: string): Focus | null {
  if (key === '*') return null;
  const [nodes, pods] = key.split('\t');
  return { nodes: nodes ? nodes.split('\n') : [], pods: pods ? pods.split('\n') : [] };
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

/**
 * The pods of a drawn node that get a card: past FOLD_PODS_OVER, those in `shown` — or, when
 * `shown` is empty (no packet yet and nothing picked), the node's first FOLD_PODS_OVER, so a fresh
 * lab still shows what a node holds; `folded` counts the others (and how many of them are the
 * cluster's own, kube-system).
 */
export function podsDrawn(pods: readonly TopologyPod[], shown: ReadonlySet<string> | null): { drawn: readonly TopologyPod[]; folded: number; system: number } {
  if (!shown || pods.length <= FOLD_PODS_OVER) return { drawn: pods, folded: 0, system: 0 };
  const keep = shown.size ? (p: TopologyPod) => shown.has(p.netns) : (_p: TopologyPod, i: number) => i < FOLD_PODS_OVER;
  const drawn = pods.filter(keep);
  const rest = pods.filter((p, i) => !keep(p, i));
  return { drawn, folded: rest.length, system: rest.filter((p) => p.system).length };
}
