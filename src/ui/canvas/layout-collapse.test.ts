import '../test-engine';
import { describe, expect, it } from 'vitest';
import { createLab, runProbe, type Lab } from '../../engine';
import { validateScenario } from '../../engine/io';
import { largeClusterScenario } from '../../../scripts/large-cluster';
import { flattenTrace, partStarts } from '../playback/flatten';
import { anchorOf, planPacketPath } from '../playback/packet-path';
import { layoutCluster } from './layout';
import { COLLAPSED_ID, FOLD_PODS_OVER, focusKey, focusNodes, focusPods, foldedPodsId, isLargeCluster, parseFocusKey } from './layout-collapse';
import { reuser } from './layout-reuse';

function labOf(nodes: number, pods: number): Lab {
  const v = validateScenario(largeClusterScenario({ nodes, pods, services: 3 }));
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const r = createLab(v.scenario);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

describe('a large cluster on the canvas', () => {
  const lab = labOf(24, 120);
  const probes = lab.scenario.probes;

  it('is large past 16 nodes or 64 pods; a small one is drawn whole (no focus)', () => {
    expect(isLargeCluster(lab.cluster)).toBe(true);
    const small = labOf(3, 6);
    expect(isLargeCluster(small.cluster)).toBe(false);
    expect(focusNodes(small.cluster, null, null)).toBeNull();
  });

  it('draws the first node and folds the rest before any probe', () => {
    const focus = focusNodes(lab.cluster, null, null)!;
    expect(focus).toEqual(['node1']);
    const l = layoutCluster(lab.cluster, undefined, focus);
    expect(l.nodes.filter((n) => n.type === 'k8sNode').map((n) => n.id)).toEqual(['k8s:node1']);
    const folded = l.nodes.find((n) => n.id === COLLAPSED_ID)!;
    expect(folded.data).toMatchObject({ nodes: 23, first: 'node2', last: 'node24' });
    // it plugs into the underlay like a node's NIC
    expect(l.ports['seg:underlay'][COLLAPSED_ID]).toBeDefined();
  });

  for (const i of [0, 1]) {
    it(`draws every node probe ${probes[i].id} crosses: each hop has its place, no link dangles`, () => {
      const r = runProbe(lab, probes[i]);
      const play = flattenTrace(r.trace);
      const focus = focusNodes(lab.cluster, play.hops, null)!;
      const crossed = new Set(play.hops.map((h) => lab.cluster.netns[h.netnsId]?.node).filter(Boolean));
      expect(new Set(focus)).toEqual(crossed);
      const l = layoutCluster(lab.cluster, undefined, focus);
      const ids = new Set(l.nodes.map((n) => n.id));
      for (const e of l.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
      for (const h of play.hops) if (h.netnsId && lab.cluster.netns[h.netnsId]) expect(anchorOf(l, h), `${h.seq} ${h.netnsId}`).toBeDefined();
      const plan = planPacketPath(l, play.hops, partStarts(play));
      expect(plan.points.length).toBeGreaterThan(1);
      // far fewer cards than the whole cluster would need
      expect(l.nodes.length).toBeLessThan(lab.cluster.pods.length);
    });
  }

  it('draws the node of the namespace picked in Details', () => {
    const far = lab.cluster.pods.find((p) => p.node === 'node20' && p.ip)!;
    expect(focusNodes(lab.cluster, null, far.netns)).toEqual(['node20']);
  });

  describe('the pods of a drawn node', () => {
    // 200 nodes × 2,000 pods: ten pods a node, as the bench draws them
    const big = labOf(200, 2000);
    for (const id of ['cross-node', 'service']) {
      it(`${id}: a card for each pod the packet crosses, the others of its node folded into one card that counts them`, () => {
        const probe = big.scenario.probes.find((p) => p.id === id)!;
        const play = flattenTrace(runProbe(big, probe).trace);
        const nodes = focusNodes(big.cluster, play.hops, null)!;
        const pods = focusPods(big.cluster, play.hops, null)!;
        const crossed = new Set(play.hops.map((h) => h.netnsId).filter((n) => big.cluster.netns[n]?.kind === 'pod'));
        expect(new Set(pods)).toEqual(crossed);
        const l = layoutCluster(big.cluster, undefined, nodes, pods);
        const cards = l.nodes.filter((n) => n.type === 'pod').map((n) => (n.data as { netnsId: string }).netnsId);
        expect(new Set(cards)).toEqual(crossed);
        for (const node of nodes) {
          const on = big.cluster.pods.filter((p) => p.node === node && !p.hostNetwork);
          const drawn = on.filter((p) => crossed.has(p.netns)).length;
          const fold = l.nodes.find((n) => n.id === foldedPodsId(node));
          if (on.length > FOLD_PODS_OVER && drawn < on.length) expect(fold?.data, node).toMatchObject({ node, pods: on.length - drawn });
          else expect(fold, node).toBeUndefined();
        }
        // every hop has its place, no link dangles, the marker has a path
        const ids = new Set(l.nodes.map((n) => n.id));
        for (const e of l.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
        for (const h of play.hops) if (big.cluster.netns[h.netnsId]) expect(anchorOf(l, h), `${h.seq} ${h.netnsId}`).toBeDefined();
        expect(planPacketPath(l, play.hops, partStarts(play)).points.length).toBeGreaterThan(1);
        // a few cards a node, not forty
        expect(l.nodes.length).toBeLessThan(nodes.length * 16);
      });
    }

    it('draws the pod picked in Details beside the path', () => {
      const probe = big.scenario.probes[0];
      const play = flattenTrace(runProbe(big, probe).trace);
      const other = big.cluster.pods.find((p) => p.node === 'node1' && p.ip && !p.hostNetwork && !play.hops.some((h) => h.netnsId === p.netns))!;
      const pods = focusPods(big.cluster, play.hops, other.netns)!;
      expect(pods).toContain(other.netns);
      const l = layoutCluster(big.cluster, undefined, focusNodes(big.cluster, play.hops, other.netns), pods);
      expect(l.nodes.some((n) => n.type === 'pod' && (n.data as { netnsId: string }).netnsId === other.netns)).toBe(true);
    });

    it('no packet and nothing picked: a drawn node shows its first few pods; without a pod focus, all of them', () => {
      const l = layoutCluster(big.cluster, undefined, ['node1'], []);
      const on = big.cluster.pods.filter((p) => p.node === 'node1' && !p.hostNetwork).length;
      expect(on).toBeGreaterThan(FOLD_PODS_OVER);
      expect(l.nodes.filter((n) => n.type === 'pod').length).toBe(FOLD_PODS_OVER);
      expect(l.nodes.find((n) => n.id === foldedPodsId('node1'))?.data).toMatchObject({ pods: on - FOLD_PODS_OVER });
      const whole = layoutCluster(big.cluster, undefined, ['node1']);
      expect(whole.nodes.filter((n) => n.type === 'pod').length).toBe(big.cluster.pods.filter((p) => p.node === 'node1' && !p.hostNetwork).length);
    });

    it('the focus key reads back what it was made of', () => {
      expect(parseFocusKey(focusKey(null))).toBeNull();
      expect(parseFocusKey(focusKey(['node1', 'node9'], ['pod:default/a', 'pod:default/b']))).toEqual({
        nodes: ['node1', 'node9'],
        pods: ['pod:default/a', 'pod:default/b'],
      });
      expect(parseFocusKey(focusKey(['node1'], []))).toEqual({ nodes: ['node1'], pods: [] });
    });
  });
});

describe('reuser', () => {
  it('hands back the previous object for a card drawn the same, the new one otherwise', () => {
    const reuse = reuser<{ id: string; x: number }>();
    const a = [
      { id: 'a', x: 1 },
      { id: 'b', x: 2 },
    ];
    expect(reuse(a)).toEqual(a);
    const next = reuse([
      { id: 'a', x: 1 },
      { id: 'b', x: 3 },
      { id: 'c', x: 0 },
    ]);
    expect(next[0]).toBe(a[0]);
    expect(next[1]).not.toBe(a[1]);
    expect(next[1].x).toBe(3);
    expect(next.map((n) => n.id)).toEqual(['a', 'b', 'c']);
  });
});
