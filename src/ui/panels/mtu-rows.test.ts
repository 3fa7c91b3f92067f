import { describe, expect, it } from 'vitest';
import { MTU_ROWS_FOLDED, nodesShown } from './mtu-rows';

const cluster = (n: number, set: Record<number, number> = {}) =>
  Array.from({ length: n }, (_, i) => ({ name: `node${i + 1}`, ...(set[i + 1] ? { mtu: set[i + 1] } : {}) }));

describe('the MTU settings rows', () => {
  it('shows every node of a small cluster, folded or not', () => {
    const nodes = cluster(MTU_ROWS_FOLDED);
    expect(nodesShown(nodes, false)).toBe(nodes);
    expect(nodesShown(nodes, true)).toBe(nodes);
  });

  it('folds a large cluster to its first nodes', () => {
    const shown = nodesShown(cluster(200), false);
    expect(shown.map((n) => n.name)).toEqual(Array.from({ length: MTU_ROWS_FOLDED }, (_, i) => `node${i + 1}`));
  });

  it('keeps every node whose MTU was set in sight, in cluster order', () => {
    const shown = nodesShown(cluster(200, { 150: 1400, 42: 9000 }), false);
    expect(shown.map((n) => n.name).slice(MTU_ROWS_FOLDED)).toEqual(['node42', 'node150']);
  });

  it('shows all of them unfolded', () => {
    expect(nodesShown(cluster(200), true)).toHaveLength(200);
  });
});
