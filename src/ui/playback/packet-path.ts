/**
 * Where the packet marker goes: each hop of a trace is pinned to the canvas node that drew
 * its interface (or namespace), and consecutive hops are joined by the shortest chain of
 * canvas edges between them, so the marker only ever moves along drawn links. A segment in
 * the chain contributes the two points where the neighbours plug into it (down to the
 * wire, along it, up again). Pure: geometry in, polyline out.
 */
import type { Hop } from '../../engine';
import type { Point, TopologyLayout } from '../canvas/layout-types';

export interface PacketPlan {
  /** the whole journey as one polyline */
  readonly points: readonly Point[];
  /** per hop: index into `points` where the marker rests after that hop */
  readonly landing: readonly number[];
  /** per hop: the canvas node it happened at */
  readonly anchors: readonly (string | undefined)[];
  /** per hop: the canvas edges crossed to get there */
  readonly edges: readonly (readonly string[])[];
  /** per hop: a new part starts here (the next DNS query, the connection): the marker does not travel to it */
  readonly breaks: readonly boolean[];
}

type Graph = Map<string, { to: string; edge: string }[]>;

function graphOf(layout: TopologyLayout): Graph {
  const g: Graph = new Map();
  const add = (a: string, b: string, edge: string) => {
    if (!g.has(a)) g.set(a, []);
    g.get(a)!.push({ to: b, edge });
  };
  for (const e of layout.edges) {
    // drawn for reading, not travelled: a ClusterIP is no place, and a packet in a tunnel or a
    // BGP session still crosses the wire (its hops name the underlay devices)
    if (e.data?.kind === 'endpoint' || e.data?.kind === 'tunnel' || e.data?.kind === 'peering') continue;
    add(e.source, e.target, e.id);
    add(e.target, e.source, e.id);
  }
  return g;
}

/** Shortest chain of canvas nodes from `a` to `b` (inclusive), with the edges crossed; null when unconnected. */
export function shortestChain(g: Graph, a: string, b: string): { nodes: string[]; edges: string[] } | null {
  if (a === b) return { nodes: [a], edges: [] };
  const prev = new Map<string, { from: string; edge: string }>([[a, { from: '', edge: '' }]]);
  const queue = [a];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const { to, edge } of g.get(cur) ?? []) {
      if (prev.has(to)) continue;
      prev.set(to, { from: cur, edge });
      if (to === b) {
        const nodes = [b];
        const edges: string[] = [];
        for (let x = b; x !== a; x = prev.get(x)!.from) {
          edges.unshift(prev.get(x)!.edge);
          nodes.unshift(prev.get(x)!.from);
        }
        return { nodes, edges };
      }
      queue.push(to);
    }
  }
  return null;
}

/** The canvas node a hop happened at; undefined when the hop names no drawn place (stay put). */
export function anchorOf(layout: TopologyLayout, hop: Hop): string | undefined {
  if (hop.device) {
    const dev = layout.devices[`${hop.netnsId}/${hop.device}`];
    if (dev) return dev;
  }
  const ns = layout.namespaces[hop.netnsId];
  if (ns && !ns.startsWith('k8s:')) return ns;
  if (hop.link?.startsWith('wire:')) return layout.segments[hop.link.slice('wire:'.length)];
  return undefined;
}

/** `starts[i]`: hop i begins a new part of the playback (flatten.ts partStarts); the marker jumps there. */
export function planPacketPath(layout: TopologyLayout, hops: readonly Hop[], starts: readonly boolean[] = []): PacketPlan {
  const g = graphOf(layout);
  const segs = new Set(Object.values(layout.segments));
  const chain: string[] = [];
  const chainEdges: string[][] = [];
  const landingChain: number[] = [];
  const anchors: (string | undefined)[] = [];
  hops.forEach((hop, i) => {
    let a = anchorOf(layout, hop) ?? chain[chain.length - 1];
    // a namespace we cannot place (a node's host stack before any device): its group centre
    if (!a) a = layout.namespaces[hop.netnsId];
    anchors.push(a);
    if (!a) {
      landingChain.push(Math.max(chain.length - 1, 0));
      chainEdges.push([]);
      return;
    }
    const last = starts[i] ? undefined : chain[chain.length - 1];
    const path = last === undefined ? { nodes: [a], edges: [] } : (shortestChain(g, last, a) ?? { nodes: [last, a], edges: [] });
    chain.push(...(last === undefined ? path.nodes : path.nodes.slice(1)));
    chainEdges.push(path.edges);
    landingChain.push(chain.length - 1);
  });

  // chain → points; a segment becomes its entry and exit ports
  const points: Point[] = [];
  const lastPointOf: number[] = [];
  chain.forEach((id, j) => {
    if (segs.has(id)) {
      const ports = layout.ports[id] ?? {};
      const entry = j > 0 ? ports[chain[j - 1]] : undefined;
      const exit = j < chain.length - 1 ? ports[chain[j + 1]] : undefined;
      for (const p of [entry, exit]) if (p) points.push(p);
      if (!entry && !exit) points.push(layout.centers[id]);
    } else points.push(layout.centers[id] ?? points[points.length - 1] ?? { x: 0, y: 0 });
    lastPointOf.push(points.length - 1);
  });
  const landing = landingChain.map((k) => (chain.length ? lastPointOf[k] : 0));
  return { points, landing, anchors, edges: chainEdges, breaks: hops.map((_, i) => !!starts[i]) };
}

/** The SVG path the marker follows to reach hop `i` (a single point for the first hop). */
export function legPath(plan: PacketPlan, i: number): string {
  if (plan.points.length === 0) return '';
  const to = plan.landing[i] ?? 0;
  const from = i > 0 && !plan.breaks[i] ? (plan.landing[i - 1] ?? to) : to;
  const pts = plan.points.slice(Math.min(from, to), Math.max(from, to) + 1);
  if (from > to) pts.reverse();
  return pts.map((p, k) => `${k === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
}

/** Where the marker rests after hop `i`. */
export function restPoint(plan: PacketPlan, i: number): Point | undefined {
  return plan.points[plan.landing[i] ?? -1];
}
