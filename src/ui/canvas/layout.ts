/**
 * Lays out a cluster for the canvas: Kubernetes nodes as groups (pods on top, their host
 * veths, the cni0 bridge, then flannel.1 and eth0), nodes in up to two rows around the
 * underlay segment (the second row mirrored so every eth0 faces the wire), then the router
 * and the outside hosts on the right. Positions are fixed: nodes are not draggable, so the
 * marker's path (packet-path.ts) can be computed from this geometry alone.
 */
import type { Cluster, Interface, Netns } from '../../engine';
import { cidrString } from '../../engine';
import { nodeId, type Point, type TopologyEdge, type TopologyLayout, type TopologyNode, type LinkKind } from './layout-types';
import { placeOutside } from './layout-outside';
import { G } from './geometry';

/** y of each band inside a group, for the normal (pods on top) and mirrored orientation */
function bands(flipped: boolean) {
  const podY = G.header;
  const vethY = podY + G.podH + 30;
  const bridgeY = vethY + G.vethH + 30;
  const devY = bridgeY + G.devH + 34;
  const height = devY + G.devH + G.pad;
  if (!flipped) return { podY, vethY, bridgeY, devY, height };
  // mirrored: devices just under the header, pods at the bottom
  const fPodY = G.header + 2 * G.devH + 68 + G.vethH + 30;
  return { devY: G.header, bridgeY: G.header + G.devH + 34, vethY: G.header + 2 * G.devH + 68, podY: fPodY, height: Math.max(height, fPodY + G.podH + G.pad) };
}

export function groupWidth(podCount: number): number {
  const k = Math.max(podCount, 2);
  return 2 * G.pad + k * G.podW + (k - 1) * G.gap;
}

function mtuOf(ns: Netns | undefined, ifname: string): number | null {
  return ns?.interfaces.find((d) => d.name === ifname)?.mtu ?? null;
}

function addrOf(d: Interface): string | null {
  const a = d.addrs.find((x) => x.scope !== 'host');
  return a ? `${a.ip}/${a.prefix}` : null;
}

function detailOf(d: Interface): string | null {
  if (d.kind === 'vxlan' && d.vxlan) return `VXLAN id ${d.vxlan.vni} · udp ${d.vxlan.port}`;
  if (d.kind === 'bridge') return 'bridge';
  if (d.kind === 'nic') return 'NIC';
  return null;
}

export function layoutCluster(c: Cluster): TopologyLayout {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const centers: Record<string, Point> = {};
  const ports: Record<string, Record<string, Point>> = {};
  const devices: Record<string, string> = {};
  const namespaces: Record<string, string> = {};
  const segments: Record<string, string> = {};
  const edge = (source: string, target: string, kind: LinkKind, targetHandle = 't', label?: string) =>
    edges.push({
      id: `${kind}:${source}~${target}`,
      source,
      target,
      sourceHandle: 's',
      targetHandle,
      type: 'link',
      data: { kind, label },
      focusable: false,
      selectable: false,
    });
  const place = (n: TopologyNode, abs: Point, w: number, h: number) => {
    nodes.push(n);
    centers[n.id] = { x: abs.x + w / 2, y: abs.y + h / 2 };
  };

  const cols = c.nodes.length <= 5 ? c.nodes.length : Math.ceil(c.nodes.length / 2);
  const podsOf = (node: string) => c.pods.filter((p) => p.node === node).sort((a, b) => a.name.localeCompare(b.name));
  const widths = c.nodes.map((n) => groupWidth(podsOf(n.name).length));
  const rowH = Math.max(bands(false).height, bands(true).height);
  const busY = rowH + G.rowGap;
  const underlay = nodeId.seg('underlay');
  const underlayPorts: { id: string; x: number }[] = [];

  // column x offsets: each column as wide as its widest group
  const colW = Array.from({ length: cols }, (_, i) => Math.max(...widths.filter((_, j) => j % cols === i)));
  const colX = colW.map((_, i) => colW.slice(0, i).reduce((a, b) => a + b + G.colGap, 0));

  c.nodes.forEach((info, i) => {
    const flipped = i >= cols;
    const b = bands(flipped);
    const ns = c.netns[info.netns];
    const w = widths[i];
    const gx = colX[i % cols] + (colW[i % cols] - w) / 2;
    const gy = flipped ? busY + G.segH + G.rowGap : 0;
    const gid = nodeId.k8s(info.name);
    place(
      {
        id: gid,
        type: 'k8sNode',
        position: { x: gx, y: gy },
        width: w,
        height: b.height,
        data: { name: info.name, ip: info.ip, podCidr: cidrString(info.podCidr), netnsId: info.netns, flipped },
        selectable: true,
        ariaLabel: `Node ${info.name}`,
      },
      { x: gx, y: gy },
      w,
      b.height,
    );
    namespaces[info.netns] = gid;
    const child = (id: string, x: number, y: number, wd: number, ht: number) => ({
      id,
      parentId: gid,
      extent: 'parent' as const,
      position: { x, y },
      width: wd,
      height: ht,
    });
    const abs = (x: number, y: number) => ({ x: gx + x, y: gy + y });

    // devices of the node's root namespace
    const bridge = ns?.interfaces.find((d) => d.kind === 'bridge');
    const tunnel = ns?.interfaces.find((d) => d.kind === 'vxlan');
    const nic = ns?.interfaces.find((d) => d.kind === 'nic');
    const device = (d: Interface, x: number, y: number) => {
      const id = nodeId.dev(info.netns, d.name);
      place(
        {
          ...child(id, x, y, G.devW, G.devH),
          type: 'device',
          data: { netnsId: info.netns, ifname: d.name, ifkind: d.kind, addr: addrOf(d), mtu: d.mtu, up: d.up, detail: detailOf(d) },
          focusable: false,
        },
        abs(x, y),
        G.devW,
        G.devH,
      );
      devices[`${info.netns}/${d.name}`] = id;
      return id;
    };
    const bridgeId = bridge ? device(bridge, w / 2 - G.devW / 2, b.bridgeY) : undefined;
    const tunnelId = tunnel ? device(tunnel, w / 2 - G.devW - 14, b.devY) : undefined;
    const nicId = nic ? device(nic, tunnel ? w / 2 + 14 : w / 2 - G.devW / 2, b.devY) : undefined;
    if (bridgeId && tunnelId) edge(bridgeId, tunnelId, 'stack', 't', 'route');
    if (tunnelId && nicId) edge(tunnelId, nicId, 'lower', 't', 'encap');
    if (bridgeId && nicId) edge(bridgeId, nicId, 'stack', 't', 'route');
    if (nicId) underlayPorts.push({ id: nicId, x: centers[nicId].x });

    // pods and their host-side veths
    podsOf(info.name).forEach((p, k) => {
      const px = G.pad + k * (G.podW + G.gap);
      const pid = p.hostNetwork ? `hostpod:${p.namespace}/${p.name}` : nodeId.ns(p.netns);
      const podNs = c.netns[p.netns];
      place(
        {
          ...child(pid, px, b.podY, G.podW, G.podH),
          type: 'pod',
          data: {
            name: p.name,
            namespace: p.namespace,
            ip: p.ip,
            status: p.status,
            mtu: p.hostNetwork ? null : mtuOf(podNs, 'eth0'),
            netnsId: p.netns,
            hostNetwork: p.hostNetwork,
          },
          ariaLabel: `Pod ${p.name}${p.ip ? ` ${p.ip}` : ''}`,
        },
        abs(px, b.podY),
        G.podW,
        G.podH,
      );
      if (p.hostNetwork || !podNs) return;
      namespaces[p.netns] = pid;
      devices[`${p.netns}/eth0`] = pid;
      const peer = podNs.interfaces.find((d) => d.name === 'eth0')?.peer;
      const hostVeth = peer ? ns?.interfaces.find((d) => d.name === peer.ifname) : undefined;
      if (!hostVeth) return;
      const vx = px + (G.podW - G.vethW) / 2;
      const vid = nodeId.dev(info.netns, hostVeth.name);
      place(
        {
          ...child(vid, vx, b.vethY, G.vethW, G.vethH),
          type: 'device',
          data: { netnsId: info.netns, ifname: hostVeth.name, ifkind: 'veth', addr: null, mtu: hostVeth.mtu, up: hostVeth.up, detail: null },
          focusable: false,
        },
        abs(vx, b.vethY),
        G.vethW,
        G.vethH,
      );
      devices[`${info.netns}/${hostVeth.name}`] = vid;
      edge(pid, vid, 'veth', 't', 'veth');
      if (bridgeId && hostVeth.master === bridge?.name) edge(vid, bridgeId, 'port');
    });
  });

  const groupsRight = colX[cols - 1] + colW[cols - 1];
  const router = Object.values(c.netns).find((n) => n.kind === 'router');
  const busCy = busY + G.segH / 2;
  const busLeft = -20;
  // One row of nodes: the router sits under the wire, outside hosts beside it (a compact
  // drawing). Two rows: the second row is under the wire, so the router goes to its right end.
  const twoRows = c.nodes.length > cols;
  const outsideW = c.externals.length ? 2 * 60 + G.segH + G.hostW : 0;
  const routerAt = twoRows
    ? { x: groupsRight + G.colGap + 20, y: busCy - G.hostH / 2 }
    : { x: Math.max(0, groupsRight - G.hostW - outsideW), y: busY + G.segH + 56 };
  const busRight = router && twoRows ? routerAt.x - 24 : groupsRight + 20;
  if (router) underlayPorts.push({ id: nodeId.ns(router.id), x: twoRows ? busRight - 16 : routerAt.x + G.hostW / 2 });
  const seg = c.segments.underlay;
  place(
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
  segments.underlay = underlay;
  ports[underlay] = Object.fromEntries(underlayPorts.map((p) => [p.id, { x: p.x, y: busCy }]));
  for (const p of underlayPorts) edge(p.id, underlay, 'wire', `m:${p.id}`);

  if (router) placeOutside(c, router, routerAt, { place, edge, namespaces, devices, segments, ports, centers });
  return { nodes, edges, centers, ports, devices, namespaces, segments };
}
