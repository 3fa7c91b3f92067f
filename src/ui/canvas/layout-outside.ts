/**
 * The outside of the cluster on the canvas: the underlay's gateway router and, behind it,
 * the internet segment with the outside hosts (when the scenario has them).
 */
import type { Cluster, Netns } from '../../engine';
import { cidrString } from '../../engine/shell';
import { nodeId, type Point } from './layout-types';
import type { Sink } from './layout-sink';
import { G } from './geometry';

const ipsOf = (ns: Netns) => ns.interfaces.filter((d) => d.kind !== 'loopback').flatMap((d) => d.addrs.map((a) => a.ip));

/** The router on the underlay and, behind it, the internet segment with the outside hosts. */
export function placeOutside(c: Cluster, router: Netns, at: Point, s: Sink) {
  const rid = nodeId.ns(router.id);
  const ry = at.y;
  const cy = ry + G.hostH / 2;
  s.place(
    {
      id: rid,
      type: 'host',
      position: { x: at.x, y: ry },
      width: G.hostW,
      height: G.hostH,
      data: { name: 'router', role: 'router', ips: ipsOf(router), netnsId: router.id },
      ariaLabel: 'Router',
    },
    { x: at.x, y: ry },
    G.hostW,
    G.hostH,
  );
  s.namespaces[router.id] = rid;
  for (const d of router.interfaces) s.devices[`${router.id}/${d.name}`] = rid;
  for (const ip of ipsOf(router)) s.owners[ip] ??= rid;
  const outside = c.externals.map((e) => c.netns[e.netns]).filter((n): n is Netns => !!n);
  if (outside.length === 0 || !c.segments.internet) return;
  const inet = nodeId.seg('internet');
  const step = G.hostH + 24;
  const h = Math.max(G.hostH + 40, outside.length * step + 16);
  const sx = at.x + G.hostW + 60;
  const sy = cy - h / 2;
  const portList: { id: string; x: number; y: number }[] = [{ id: rid, x: G.segH / 2, y: h / 2 }];
  const ex = sx + G.segH + 60;
  outside.forEach((ns, i) => {
    const id = nodeId.ns(ns.id);
    const ey = sy + (h - (outside.length * step - 24)) / 2 + i * step;
    s.place(
      {
        id,
        type: 'host',
        position: { x: ex, y: ey },
        width: G.hostW,
        height: G.hostH,
        data: { name: ns.name, role: 'external', ips: ipsOf(ns), netnsId: ns.id },
        ariaLabel: `Outside host ${ns.name}`,
      },
      { x: ex, y: ey },
      G.hostW,
      G.hostH,
    );
    s.namespaces[ns.id] = id;
    for (const d of ns.interfaces) s.devices[`${ns.id}/${d.name}`] = id;
    for (const ip of ipsOf(ns)) s.owners[ip] ??= id;
    portList.push({ id, x: G.segH / 2, y: ey + G.hostH / 2 - sy });
  });
  s.place(
    {
      id: inet,
      type: 'segment',
      position: { x: sx, y: sy },
      width: G.segH,
      height: h,
      data: { segment: 'internet', cidr: cidrString(c.segments.internet.cidr), vertical: true, ports: portList },
      focusable: false,
      ariaLabel: 'Internet',
    },
    { x: sx, y: sy },
    G.segH,
    h,
  );
  s.segments.internet = inet;
  s.ports[inet] = Object.fromEntries(portList.map((p) => [p.id, { x: sx + p.x, y: sy + p.y }]));
  for (const p of portList) s.edge(p.id, inet, 'wire', `m:${p.id}`);
}
