import '../test-engine';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createLab, runProbe, type Lab, type Scenario } from '../../engine';
import { MODELLED_SHAPES } from '../../engine/shell';
import { labFromText } from '../../engine/io';
import { layoutCluster } from '../canvas/layout';
import { anchorOf, legPath, planPacketPath, restPoint } from './packet-path';
import { flattenTrace, partStarts } from './flatten';
import { serviceLit } from './service-lit';

function lab(file = 'flannel-vxlan'): Lab {
  const r = labFromText(readFileSync(`public/scenarios/${file}.yaml`, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

describe('planPacketPath', () => {
  it('pins every hop of a cross-node VXLAN ping to a drawn place and lands once per hop', () => {
    const l = lab();
    const { trace } = runProbe(l, { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 });
    const layout = layoutCluster(l.cluster);
    const plan = planPacketPath(layout, trace.hops);
    expect(plan.landing).toHaveLength(trace.hops.length);
    expect(plan.anchors.every(Boolean)).toBe(true);
    // landings never go backwards along the polyline
    for (let i = 1; i < plan.landing.length; i++) expect(plan.landing[i]).toBeGreaterThanOrEqual(plan.landing[i - 1]);
    const wire = trace.hops.findIndex((h) => h.kind === 'wire');
    expect(plan.anchors[wire]).toBe('dev:node2/eth0');
    // the wire leg goes down to the underlay and along it: through both ports
    const ports = layout.ports['seg:underlay'];
    expect(legPath(plan, wire)).toContain(`${ports['dev:node1/eth0'].x.toFixed(1)} ${ports['dev:node1/eth0'].y.toFixed(1)}`);
    expect(plan.edges[wire].some((e) => e.startsWith('wire:'))).toBe(true);
    const last = restPoint(plan, trace.hops.length - 1)!;
    expect(last).toEqual(layout.centers['ns:pod:default/client']);
  });

  it('moves only along drawn edges between consecutive places', () => {
    const l = lab();
    const { trace } = runProbe(l, { from: 'client', to: 'web-0', protocol: 'icmp', size: 56 });
    const layout = layoutCluster(l.cluster);
    const plan = planPacketPath(layout, trace.hops);
    const edgeIds = new Set(layout.edges.map((e) => e.id));
    for (const crossed of plan.edges) for (const e of crossed) expect(edgeIds.has(e)).toBe(true);
  });

  it('places hops on the router and outside hosts, and from a node or an outside host', () => {
    const l = lab();
    const layout = layoutCluster(l.cluster);
    for (const probe of [
      { from: 'client', to: 'api.github.com', protocol: 'icmp', size: 56 },
      { from: 'node1', to: 'web-1', protocol: 'icmp', size: 56 },
      { from: 'api.github.com', to: 'client', protocol: 'icmp', size: 56 },
      { from: 'client', to: 'web-1', protocol: 'traceroute' },
    ] as const) {
      const { trace } = runProbe(l, probe);
      const plan = planPacketPath(layout, trace.hops);
      expect(plan.anchors.every(Boolean), `${probe.from} → ${probe.to}`).toBe(true);
      expect(plan.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    }
    const { trace } = runProbe(l, { from: 'client', to: 'api.github.com', protocol: 'icmp', size: 56 });
    expect(planPacketPath(layout, trace.hops).anchors).toContain('ns:router');
  });

  it('keeps a hop without a device (an ICMP error being built) where the packet was', () => {
    const l = lab();
    const layout = layoutCluster(l.cluster);
    const hop = { seq: 0, node: 'node1', netns: 'node1', netnsId: 'node1', kind: 'icmp' as const, dir: 'request' as const, note: '', headers: [], t: 0 };
    expect(anchorOf(layout, hop)).toBeUndefined();
    expect(legPath(planPacketPath(layout, []), 0)).toBe('');
  });

  it('plays a lookup on drawn links only: each query from the client to CoreDNS and back, never through a Service card', () => {
    const l = lab('services-dns');
    const layout = layoutCluster(l.cluster);
    const { trace } = runProbe(l, { from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' });
    const p = flattenTrace(trace);
    const plan = planPacketPath(layout, p.hops, partStarts(p));
    expect(plan.anchors.every(Boolean)).toBe(true);
    const endpointEdges = new Set(layout.edges.filter((e) => e.data?.kind === 'endpoint').map((e) => e.id));
    for (const crossed of plan.edges) for (const e of crossed) expect(endpointEdges.has(e)).toBe(false);
    // a new query starts at the client: the marker does not travel back from where the last one ended
    for (const part of p.parts.slice(1)) {
      expect(plan.breaks[part.start]).toBe(true);
      expect(legPath(plan, part.start)).not.toContain('L');
    }
    // the first query reaches a CoreDNS pod
    const first = p.parts[0];
    const visited = plan.anchors.slice(first.start, first.end);
    expect(visited[0]).toBe('ns:pod:default/client');
    expect(visited.some((a) => a?.startsWith('ns:pod:kube-system/coredns-'))).toBe(true);
  });

  it('lights the Service a NAT hop translated and the link to the endpoint it chose, both ways', () => {
    const l = lab('services-dns');
    const layout = layoutCluster(l.cluster);
    const { trace } = runProbe(l, { from: 'client', to: '10.96.100.10:80', protocol: 'http' });
    const nats = trace.hops.filter((h) => h.kind === 'nat' && h.rewrite);
    const dnat = nats.find((h) => h.dir === 'request')!;
    const backend = dnat.rewrite!.after.dst;
    expect(serviceLit(layout, dnat)).toEqual(['svc:prod/web', layout.endpointEdges['svc:prod/web'][backend]]);
    const reply = nats.find((h) => h.dir === 'reply')!;
    expect(serviceLit(layout, reply)).toEqual(['svc:prod/web', layout.endpointEdges['svc:prod/web'][backend]]);
    expect(serviceLit(layout, trace.hops[0])).toEqual([]);
  });
});

describe('planPacketPath on every modelled shape', () => {
  const cases = Object.entries(MODELLED_SHAPES).flatMap(([cni, modes]) => modes.map((mode) => [cni, mode] as const));
  it.each(cases)(
    '%s %s: every hop of a cross-node ping has a drawn place; the marker stays on travelled links; tunnels start and end on drawn devices',
    (cni, mode) => {
      const base = lab();
      const built = createLab({ ...base.scenario, cluster: { ...base.scenario.cluster, cni: cni as Scenario['cluster']['cni'], mode } });
      if (!built.ok) throw new Error(JSON.stringify(built.errors));
      const { trace } = runProbe(built.lab, { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 });
      expect(trace.verdict).toBe('delivered');
      const layout = layoutCluster(built.lab.cluster);
      const plan = planPacketPath(layout, trace.hops);
      expect(plan.anchors.every(Boolean)).toBe(true);
      const travelled = new Set(layout.edges.filter((e) => !['endpoint', 'tunnel', 'peering'].includes(e.data?.kind ?? '')).map((e) => e.id));
      for (const crossed of plan.edges) for (const e of crossed) expect(travelled.has(e), e).toBe(true);
      // where an encapsulation starts or ends, the hop is pinned to the device that did it
      for (const [i, h] of trace.hops.entries())
        if (h.tunnel && h.device) expect(plan.anchors[i]).toBe(layout.devices[`${h.netnsId}/${h.device}`] ?? plan.anchors[i]);
      const starts = trace.hops.filter((h) => h.tunnel?.edge === 'start').length;
      expect(trace.hops.filter((h) => h.tunnel?.edge === 'end').length).toBe(starts);
    },
  );
});
