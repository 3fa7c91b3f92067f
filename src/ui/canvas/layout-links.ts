/**
 * What joins the nodes besides the wire, as the engine's topology lists it: the tunnels
 * between tunnel devices (an overlay: VXLAN, Geneve, IP-in-IP, WireGuard) and the
 * control-plane peerings between nodes (BGP sessions). Both are drawn as arcs for reading —
 * tunnels below the devices, towards the wire; peerings over the node boxes — and the marker
 * never travels them: the packet itself crosses the underlay (packet-path.ts).
 *
 * Both are full meshes, n·(n−1)/2 arcs: past one row of nodes they would bury the drawing, so
 * they are drawn for up to five nodes only (the Details panel and the terminal still show them).
 */
import type { Topology } from '../../engine';
import { nodeId } from './layout-types';
import type { Sink } from './layout-sink';
import { G } from './geometry';

const MAX_NODES = 5;
/** arcs of one kind get a label while they are this few */
const MAX_LABELLED = 3;

const TUNNEL_LABEL: Record<string, string> = { vxlan: 'VXLAN', geneve: 'Geneve', ipip: 'IP-in-IP', wireguard: 'WireGuard' };

/** Places the tunnels and peerings of `topo`; `rowOf` says which row each node was drawn in. */
export function placeInterNode(topo: Topology, rowOf: Readonly<Record<string, 'top' | 'bottom'>>, s: Sink): void {
  if (topo.nodes.length > MAX_NODES) return;
  const index = new Map(topo.nodes.map((n, i) => [n.name, i]));
  const netnsOf = new Map(topo.nodes.map((n) => [n.name, n.netns]));
  // a nearer pair gets a flatter arc, so arcs between neighbours sit inside the farther ones
  const rank = (a: string, b: string) => Math.abs((index.get(a) ?? 0) - (index.get(b) ?? 0)) - 1;
  const down = (a: string, b: string) => (rowOf[a] === 'bottom' && rowOf[b] === 'bottom' ? -1 : 1);

  const tunnels = topo.tunnels.filter((t) => index.has(t.a.node) && index.has(t.b.node));
  for (const t of tunnels) {
    const from = nodeId.dev(netnsOf.get(t.a.node)!, t.a.device);
    const to = nodeId.dev(netnsOf.get(t.b.node)!, t.b.device);
    if (!s.centers[from] || !s.centers[to]) continue;
    // out of the group (half a device and the padding), into the gap above the wire
    const peak = G.devH / 2 + G.pad + 16 + Math.min(rank(t.a.node, t.b.node), 3) * 12;
    const label = tunnels.length <= MAX_LABELLED ? `${TUNNEL_LABEL[t.kind] ?? t.kind} tunnel` : undefined;
    s.edge(from, to, 'tunnel', 't', label, { bend: 2 * peak * down(t.a.node, t.b.node) });
  }

  for (const p of topo.peerings) {
    if (!index.has(p.a) || !index.has(p.b)) continue;
    const bottom = down(p.a, p.b) < 0;
    const handle = bottom ? 'bottom' : 'top';
    const peak = 18 + Math.min(rank(p.a, p.b), 3) * 10;
    const up = p.state === 'Established';
    const label = topo.peerings.length <= MAX_LABELLED ? `${p.kind.toUpperCase()} · ${p.state}` : undefined;
    s.edge(nodeId.k8s(p.a), nodeId.k8s(p.b), 'peering', `${handle}-t`, label, { bend: 2 * peak * (bottom ? 1 : -1), down: !up }, `${handle}-s`);
  }
}
