/**
 * One Kubernetes node on the canvas, drawn from the engine's topology (cni/topology.ts
 * topologyOf): the group box and what its root namespace holds — the hostNetwork pods as
 * labels under the header (they share the node's namespace, so they get no card, veth or eth0
 * of their own), the pods with their host veths, the hub where those veths meet (a bridge
 * device, or the node's routing with the shape's word for it), the other devices of that band
 * (kube-ipvs0, cilium_host…) beside it, then the tunnel devices and NICs. Links are the ones the
 * topology names. Nothing here knows a CNI shape: the roles and links come from the engine.
 * The scenario's pods come first, the cluster's own (kube-system) after them, so the learner's
 * pods keep their place when CoreDNS appears.
 */
import type { Cluster, PodInfo, TopologyDevice, TopologyNode as TopoNode } from '../../engine';
import { nodeId, type Point } from './layout-types';
import type { Sink } from './layout-sink';
import { BAND_GAP, G } from './geometry';
import { placeFoldedPods } from './layout-collapse';

export interface Bands {
  readonly chipY: number;
  readonly podY: number;
  readonly vethY: number;
  readonly bridgeY: number;
  readonly devY: number;
  readonly height: number;
}

/** y of each band inside a group, for the normal (pods on top) and mirrored orientation. */
export function bands(flipped: boolean, chips: boolean): Bands {
  const top = G.header + (chips ? G.chipBand : 0);
  const chipY = G.header - 2;
  const podY = top;
  const vethY = podY + G.podH + BAND_GAP.veth;
  const bridgeY = vethY + G.vethH + BAND_GAP.hub;
  const devY = bridgeY + G.devH + BAND_GAP.dev;
  const height = devY + G.devH + G.pad;
  if (!flipped) return { chipY, podY, vethY, bridgeY, devY, height };
  // mirrored: devices just under the header, pods at the bottom
  const fBridgeY = top + G.devH + BAND_GAP.dev;
  const fVethY = fBridgeY + G.devH + BAND_GAP.hub;
  const fPodY = fVethY + G.vethH + BAND_GAP.veth;
  return { chipY, devY: top, bridgeY: fBridgeY, vethY: fVethY, podY: fPodY, height: Math.max(height, fPodY + G.podH + G.pad) };
}

export function groupWidth(podCount: number, minCols = 2): number {
  const k = Math.max(podCount, minCols);
  return 2 * G.pad + k * G.podW + (k - 1) * G.gap;
}

/** gap between the devices of the bottom band (tunnels and NICs), and their least margin to the group's sides */
const DEV_GAP = 28;
const BOTTOM_MARGIN = 10;

/** The devices beside the hub (dummy devices such as kube-ipvs0, host-side devices such as cilium_host). */
export function hubRowDevices(t: TopoNode): TopologyDevice[] {
  return t.devices.filter((d) => d.role === 'dummy' || d.role === 'host');
}

/** The bottom band: tunnel devices first, then the NICs (eth0, the ENIs). */
export function bottomRowDevices(t: TopoNode): TopologyDevice[] {
  return [...t.devices.filter((d) => d.role === 'tunnel'), ...t.devices.filter((d) => d.role === 'nic')];
}

/** How wide node `t`'s group must be for its pods (and `extraPods` more pod-wide cards), its hub band and its bottom band. */
export function nodeGroupWidth(t: TopoNode, extraPods = 0): number {
  const beside = hubRowDevices(t).length;
  // the hub sits in the middle: each device beside it takes a column on one side
  const hubCols = beside === 0 ? 2 : 1 + 2 * Math.ceil(beside / 2);
  const bottom = bottomRowDevices(t).length;
  // the bottom band may reach into the padding a little (two devices fit a two-pod node, as they always have)
  return Math.max(groupWidth(t.pods.length + extraPods, hubCols), 2 * BOTTOM_MARGIN + bottom * G.devW + Math.max(bottom - 1, 0) * DEV_GAP);
}

export const isSystemPod = (p: { namespace: string }) => p.namespace === 'kube-system';

const SYSTEM_APPS: Record<string, string> = { 'kube-dns': 'CoreDNS' };

function appOf(p: PodInfo | undefined): string | null {
  if (!p || !isSystemPod(p)) return null;
  return SYSTEM_APPS[p.labels['k8s-app'] ?? ''] ?? p.labels.component ?? null;
}

const portsText = (ports: readonly number[]) => ports.map((x) => `:${x}`).join(' ');

/** The address a device card shows: the first one that is not host-scoped (`ip addr` order). */
function addrOf(c: Cluster, netns: string, d: TopologyDevice): string | null {
  if (d.role === 'dummy') return null;
  const a = c.netns[netns]?.interfaces.find((x) => x.name === d.name)?.addrs.find((x) => x.scope !== 'host');
  return a ? `${a.ip}/${a.prefix}` : null;
}

/** The canvas id of node `t`'s hub: its bridge device, or its routing. */
export function hubId(t: TopoNode): string {
  return t.hub.kind === 'bridge' ? nodeId.dev(t.netns, t.hub.device) : nodeId.hub(t.netns);
}

/**
 * Places node `t` as a group at (gx, gy) of width `w`; returns the canvas ids of its NICs (for
 * the underlay), the primary one (holding the node's address) first. `folded`: the node's pods
 * not in `t.pods` (layout-collapse.ts), one card after the drawn ones.
 */
export function placeGroup(
  c: Cluster,
  t: TopoNode,
  at: Point,
  w: number,
  b: Bands,
  flipped: boolean,
  s: Sink,
  folded?: { readonly pods: number; readonly system: number },
): string[] {
  const { x: gx, y: gy } = at;
  const gid = nodeId.k8s(t.name);
  s.place(
    {
      id: gid,
      type: 'k8sNode',
      position: { x: gx, y: gy },
      width: w,
      height: b.height,
      data: { name: t.name, ip: t.ip, podCidr: t.podCidr, netnsId: t.netns, flipped },
      selectable: true,
      ariaLabel: `Node ${t.name}`,
    },
    { x: gx, y: gy },
    w,
    b.height,
  );
  s.namespaces[t.netns] = gid;
  const child = (id: string, x: number, y: number, wd: number, ht: number) => ({
    id,
    parentId: gid,
    extent: 'parent' as const,
    position: { x, y },
    width: wd,
    height: ht,
  });
  const abs = (x: number, y: number) => ({ x: gx + x, y: gy + y });

  // hostNetwork pods: labels under the header, in the node's own namespace
  let cx = G.pad;
  for (const p of t.hostNetworkPods) {
    const ports = portsText(p.ports);
    const text = `${p.name} ${ports} hostNetwork`;
    // about 7.6 px a character at the chip's 13 px face, plus its padding
    const cw = Math.min(w - G.pad - cx, 8 * text.length + 24);
    if (cw < 60) break;
    const id = nodeId.hostPod(p.namespace, p.name);
    s.place(
      {
        ...child(id, cx, b.chipY, cw, G.chipH),
        type: 'hostpod',
        data: { name: p.name, namespace: p.namespace, ports, netnsId: t.netns, system: p.system },
        ariaLabel: `hostNetwork pod ${p.name} in ${t.name}'s network namespace`,
      },
      abs(cx, b.chipY),
      cw,
      G.chipH,
    );
    cx += cw + 8;
  }

  // devices of the node's root namespace
  const device = (d: TopologyDevice, x: number, y: number) => {
    const id = nodeId.dev(t.netns, d.name);
    s.place(
      {
        ...child(id, x, y, G.devW, G.devH),
        type: 'device',
        data: {
          netnsId: t.netns,
          ifname: d.name,
          ifkind: d.kind,
          role: d.role,
          addr: addrOf(c, t.netns, d),
          mtu: d.mtu,
          up: d.up,
          detail: d.detail,
          addrs: [...d.addrs],
        },
        focusable: false,
      },
      abs(x, y),
      G.devW,
      G.devH,
    );
    s.devices[`${t.netns}/${d.name}`] = id;
    return id;
  };

  // the hub band: the bridge or the routing in the middle, the other devices beside it (right first)
  const hubX = w / 2 - G.devW / 2;
  const hub = hubId(t);
  if (t.hub.kind === 'bridge') {
    const bridge = t.devices.find((d) => t.hub.kind === 'bridge' && d.name === t.hub.device);
    if (bridge) device(bridge, hubX, b.bridgeY);
  } else {
    s.place(
      {
        ...child(hub, hubX, b.bridgeY, G.devW, G.devH),
        type: 'hub',
        data: { netnsId: t.netns, label: t.hub.label },
        focusable: false,
      },
      abs(hubX, b.bridgeY),
      G.devW,
      G.devH,
    );
  }
  const drawn = new Set([hub]);
  hubRowDevices(t).forEach((d, k) => {
    const side = k % 2 === 0 ? 1 : -1;
    const step = Math.floor(k / 2) + 1;
    const x = side > 0 ? w - G.pad - step * G.devW - (step - 1) * G.gap : G.pad + (step - 1) * (G.devW + G.gap);
    drawn.add(device(d, x, b.bridgeY));
  });

  // the bottom band, centred: tunnels, then the NICs
  const bottom = bottomRowDevices(t);
  const rowW = bottom.length * G.devW + Math.max(bottom.length - 1, 0) * DEV_GAP;
  bottom.forEach((d, k) => drawn.add(device(d, w / 2 - rowW / 2 + k * (G.devW + DEV_GAP), b.devY)));

  // the links the topology names: route from the hub, lower from a tunnel to its NIC
  const canvasOf = (name: string) => (name === 'routing' && t.hub.kind === 'routing' ? hub : nodeId.dev(t.netns, name));
  for (const l of t.links) {
    const from = canvasOf(l.from);
    const to = canvasOf(l.to);
    if (!drawn.has(from) || !drawn.has(to)) continue;
    if (l.kind === 'lower') s.edge(from, to, 'lower', 't', 'encap');
    else s.edge(from, to, 'stack', 't', 'route');
  }

  const nics = t.devices.filter((d) => d.role === 'nic');
  const primary = nics.find((d) => d.addrs.some((a) => a.split('/')[0] === t.ip)) ?? nics[0];
  const nicIds = [...(primary ? [primary] : []), ...nics.filter((d) => d !== primary)].map((d) => nodeId.dev(t.netns, d.name));
  if (nicIds[0]) s.owners[t.ip] = nicIds[0];

  // pods and their host-side veths
  t.pods.forEach((p, k) => {
    const px = G.pad + k * (G.podW + G.gap);
    const pid = nodeId.ns(p.netns);
    const info = c.pods.find((x) => x.netns === p.netns);
    const podNs = c.netns[p.netns];
    s.place(
      {
        ...child(pid, px, b.podY, G.podW, G.podH),
        type: 'pod',
        data: {
          name: p.name,
          namespace: p.namespace,
          ip: p.ip,
          status: p.status,
          statusReason: info?.statusReason ?? null,
          mtu: p.mtu,
          netnsId: p.netns,
          hostNetwork: false,
          system: p.system,
          app: appOf(info),
          ready: p.ready,
        },
        ariaLabel: `Pod ${p.namespace}/${p.name}${p.ip ? ` ${p.ip}` : ` ${p.status}`}${p.ready || p.status !== 'Running' ? '' : ' not ready'}`,
      },
      abs(px, b.podY),
      G.podW,
      G.podH,
    );
    if (p.ip) s.owners[p.ip] = pid;
    if (!podNs) return;
    s.namespaces[p.netns] = pid;
    s.devices[`${p.netns}/eth0`] = pid;
    if (!p.hostIf) return;
    const hostVeth = c.netns[t.netns]?.interfaces.find((d) => d.name === p.hostIf);
    const vx = px + (G.podW - G.vethW) / 2;
    const vid = nodeId.dev(t.netns, p.hostIf);
    s.place(
      {
        ...child(vid, vx, b.vethY, G.vethW, G.vethH),
        type: 'device',
        data: { netnsId: t.netns, ifname: p.hostIf, ifkind: 'veth', addr: null, mtu: hostVeth?.mtu ?? 0, up: hostVeth?.up ?? true, detail: null },
        focusable: false,
      },
      abs(vx, b.vethY),
      G.vethW,
      G.vethH,
    );
    s.devices[`${t.netns}/${p.hostIf}`] = vid;
    s.edge(pid, vid, 'veth', 't', 'veth');
    const attach = p.attach === 'routing' ? hub : p.attach ? nodeId.dev(t.netns, p.attach) : undefined;
    if (attach && drawn.has(attach)) s.edge(vid, attach, 'port');
  });
  if (folded) {
    // the folded pods' card takes the next pod column
    const fx = G.pad + t.pods.length * (G.podW + G.gap);
    placeFoldedPods(t.name, folded, gid, { x: fx, y: b.podY }, abs(fx, b.podY), s);
  }
  return nicIds;
}
