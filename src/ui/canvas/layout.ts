/**
 * Lays out a cluster for the canvas from the engine's topology (topologyOf): Kubernetes nodes
 * as groups (layout-group.ts: pods on top, their host veths, the hub — a bridge or the node's
 * routing — then the tunnel devices and NICs), the tunnels and control-plane peerings between
 * nodes as arcs (layout-links.ts), nodes in up to two rows
 * around the underlay segment (the second row mirrored so every eth0 faces the wire), the
 * router and the outside hosts on the right, and the Services row above the nodes
 * (layout-services.ts). Positions are fixed: nodes are not draggable, so the marker's path
 * (packet-path.ts) can be computed from this geometry alone.
 */
import type { Cluster, Topology } from '../../engine';
import { cidrString } from '../../engine/shell';
import { nodeId, type TopologyLayout } from './layout-types';
import { newSink } from './layout-sink';
import { placeOutside } from './layout-outside';
import { placeServices } from './layout-services';
import { bands, nodeGroupWidth, placeGroup } from './layout-group';
import { placeInterNode } from './layout-links';
import { G } from './geometry';
import { engine } from '../store/engine-runtime';
import { COLLAPSED_W, placeCollapsed, podsDrawn } from './layout-collapse';

export { bands, groupWidth } from './layout-group';

/**
 * `topo` is the engine's topology of `c` (a test may hand one in). `focus` (layout-collapse.ts
 * focusNodes): on a large cluster, the nodes drawn in full; the others fold into one card after
 * them. Null or absent: every node. `pods` (focusPods): with a focus, the pods a drawn node with
 * many pods draws; its others fold into one card (absent: every pod of a drawn node).
 */
export function layoutCluster(c: Cluster, topo?: Topology, focus?: readonly string[] | null, pods?: readonly string[]): TopologyLayout {
  const s = newSink();
  const shown = focus ? new Set(focus) : null;
  const podsShown = shown && pods ? new Set(pods) : null;
  topo ??= engine().topologyOf(c, focus ?? undefined);
  if (shown) topo = { ...topo, nodes: topo.nodes.filter((n) => shown.has(n.name)) };
  // a drawn node's pods past FOLD_PODS_OVER: those the packet crosses, the others folded
  const folds = new Map<string, { pods: number; system: number }>();
  if (podsShown)
    topo = {
      ...topo,
      nodes: topo.nodes.map((t) => {
        const d = podsDrawn(t.pods, podsShown);
        if (!d.folded) return t;
        folds.set(t.name, { pods: d.folded, system: d.system });
        return { ...t, pods: d.drawn };
      }),
    };
  const hidden = shown ? c.nodes.filter((n) => !shown.has(n.name)) : [];
  // the folded nodes' card takes a column of its own, after the nodes drawn in full
  const items = topo.nodes.length + (hidden.length ? 1 : 0);
  const cols = items <= 5 ? items : Math.ceil(items / 2);
  const chips = c.pods.some((p) => p.hostNetwork);
  const widths = [...topo.nodes.map((t) => nodeGroupWidth(t, folds.has(t.name) ? 1 : 0)), ...(hidden.length ? [COLLAPSED_W] : [])];
  const rowH = Math.max(bands(false, chips).height, bands(true, chips).height);
  const busY = rowH + G.rowGap;
  const underlay = nodeId.seg('underlay');
  const underlayPorts: { id: string; x: number }[] = [];

  // column x offsets: each column as wide as its widest group
  const colW = Array.from({ length: cols }, (_, i) => Math.max(...widths.filter((_, j) => j % cols === i)));
  const colX = colW.map((_, i) => colW.slice(0, i).reduce((a, b) => a + b + G.colGap, 0));

  const rowOf: Record<string, 'top' | 'bottom'> = {};
  topo.nodes.forEach((t, i) => {
    const flipped = i >= cols;
    rowOf[t.name] = flipped ? 'bottom' : 'top';
    const gx = colX[i % cols] + (colW[i % cols] - widths[i]) / 2;
    const gy = flipped ? busY + G.segH + G.rowGap : 0;
    for (const nicId of placeGroup(c, t, { x: gx, y: gy }, widths[i], bands(flipped, chips), flipped, s, folds.get(t.name)))
      underlayPorts.push({ id: nicId, x: s.centers[nicId].x });
  });
  if (hidden.length) {
    const i = items - 1;
    const flipped = i >= cols;
    const at = { x: colX[i % cols] + (colW[i % cols] - widths[i]) / 2, y: flipped ? busY + G.segH + G.rowGap : 0 };
    const id = placeCollapsed(c, hidden, at, bands(flipped, chips).height, s);
    underlayPorts.push({ id, x: s.centers[id].x });
  }
  placeInterNode(topo, rowOf, s);

  const groupsRight = colX[cols - 1] + colW[cols - 1];
  const router = Object.values(c.netns).find((n) => n.kind === 'router');
  const busCy = busY + G.segH / 2;
  const busLeft = -20;
  // One row of nodes: the router sits under the wire, outside hosts beside it (a compact
  // drawing). Two rows: the second row is under the wire, so the router goes to its right end.
  const twoRows = items > cols;
  const outsideW = c.externals.length ? 2 * 60 + G.segH + G.hostW : 0;
  const routerAt = twoRows
    ? { x: groupsRight + G.colGap + 20, y: busCy - G.hostH / 2 }
    : { x: Math.max(0, groupsRight - G.hostW - outsideW), y: busY + G.segH + 56 };
  const busRight = router && twoRows ? routerAt.x - 24 : groupsRight + 20;
  if (router) underlayPorts.push({ id: nodeId.ns(router.id), x: twoRows ? busRight - 16 : routerAt.x + G.hostW / 2 });
  const seg = c.segments.underlay;
  s.place(
    {
      id: underlay,
      type: 'segment',
      position: { x: busLeft, y: busY },
      width: busRight - busLeft,
      height: G.segH,
      data: {
        segment: 'underlay',
        cidr: seg ? cidrString(seg.cidr) : '',
        vertical: false,
        ports: underlayPorts.map((p) => ({ id: p.id, x: p.x - busLeft, y: G.segH / 2 })),
      },
      focusable: false,
      ariaLabel: 'Underlay network',
    },
    { x: busLeft, y: busY },
    busRight - busLeft,
    G.segH,
  );
  s.segments.underlay = underlay;
  s.ports[underlay] = Object.fromEntries(underlayPorts.map((p) => [p.id, { x: p.x, y: busCy }]));
  for (const p of underlayPorts) s.edge(p.id, underlay, 'wire', `m:${p.id}`);

  if (router) placeOutside(c, router, routerAt, s);
  // last: a Service's card sits over its endpoints, wherever they were drawn
  placeServices(c, groupsRight, s, !!shown || folds.size > 0);
  const { nodes, edges, centers, ports, devices, namespaces, segments, serviceAddrs, endpointEdges } = s;
  return { nodes, edges, centers, ports, devices, namespaces, segments, serviceAddrs, endpointEdges };
}
