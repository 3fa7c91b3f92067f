import '../test-engine';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { runProbe } from '../../engine';
import { labFromText } from '../../engine/io';
import { layoutCluster } from '../canvas/layout';
import { planPacketPath } from './packet-path';
import { flattenTrace, partStarts } from './flatten';
import { canvasLit } from './canvas-lit';
import { hopsShown } from './reveal';

function setup(file: string, probe: Parameters<typeof runProbe>[1]) {
  const r = labFromText(readFileSync(`public/scenarios/${file}.yaml`, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const playback = flattenTrace(runProbe(r.lab, probe).trace);
  const layout = layoutCluster(r.lab.cluster);
  return { playback, layout, plan: planPacketPath(layout, playback.hops, partStarts(playback)) };
}

describe('canvasLit (predict first on the canvas)', () => {
  const cases = [
    setup('flannel-vxlan', { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 }),
    setup('services-dns', { from: 'client', to: 'web', protocol: 'http' }),
  ];

  it('lights nothing that belongs only to a hop not shown yet', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(), fc.boolean(), ({ plan, playback, layout }, c, atOnce) => {
        const cursor = c % playback.hops.length;
        const shown = hopsShown({ verdictAtOnce: atOnce, playback, cursor });
        const lit = canvasLit(plan, playback, layout, cursor, shown);
        const seen = new Set(plan.anchors.slice(0, shown));
        const crossedSoFar = new Set(plan.edges.slice(0, shown).flat());
        for (const v of lit.visited) expect(seen.has(v)).toBe(true);
        for (const e of lit.crossed) expect(crossedSoFar.has(e)).toBe(true);
        if (lit.current) expect(seen.has(lit.current)).toBe(true);
        // and the current hop is lit (the packet is drawn where it is)
        expect(lit.current).toBe(plan.anchors[cursor] ?? null);
      }),
      { numRuns: 200 },
    );
  });

  it('at the first hop of a hidden trace, lights the sender only — not the path to the target', () => {
    const { plan, playback, layout } = cases[0];
    const lit = canvasLit(plan, playback, layout, 0, hopsShown({ verdictAtOnce: false, playback, cursor: 0 }));
    expect(lit.visited).toEqual([plan.anchors[0]]);
    const far = plan.anchors.filter((a) => a && a !== plan.anchors[0]);
    expect(far.length).toBeGreaterThan(2);
    for (const a of far) expect(lit.visited).not.toContain(a);
  });

  it('never lights past `shown`, even with the cursor ahead of it', () => {
    const { plan, playback, layout } = cases[0];
    const lit = canvasLit(plan, playback, layout, playback.hops.length - 1, 2);
    expect(lit.current).toBe(plan.anchors[1] ?? null);
    expect(canvasLit(plan, playback, layout, 3, 0)).toEqual({ current: null, crossed: [], visited: [], failedAt: null, lit: [] });
  });
});
