/**
 * Which per-node NIC MTU rows the MTU settings show (issue 9: 200 nodes were 200 selects on
 * every render of the faults panel). Up to MTU_ROWS_FOLDED nodes, all of them; past that, folded,
 * the first MTU_ROWS_FOLDED and every node whose MTU was set, so no edit the learner made is out
 * of sight; a "Show all N nodes" button unfolds the rest.
 */
export const MTU_ROWS_FOLDED = 8;

export function nodesShown<N extends { readonly mtu?: number }>(nodes: readonly N[], all: boolean): readonly N[] {
  if (all || nodes.length <= MTU_ROWS_FOLDED) return nodes;
  return nodes.filter((n, i) => i < MTU_ROWS_FOLDED || n.mtu !== undefined);
}
