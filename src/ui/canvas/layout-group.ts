/**
 * One Kubernetes node on the canvas: the group box and what its root namespace holds — the
 * hostNetwork pods as labels under the header (they share the node's namespace, so they get
 * no card, veth or eth0 of their own), the pods with their host veths, the cni0 bridge and,
 * in IPVS mode, kube-ipvs0 beside it (a DOWN dummy device holding every Service address),
 * then flannel.1 and eth0. The scenario's pods come first, the cluster's own (kube-system)
 * after them, so the learner's pods keep their place when CoreDNS appears.
 */
import type { Cluster, Interface, Netns, NodeInfo, PodInfo } from '../../engine';
import { cidrString } from '../../engine/shell';
import { nodeId, type Point } from './layout-types';
import type { Sink } from './layout-sink';
import { G } from './geometry';

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
  const vethY = podY + G.podH + 30;
  const bridgeY = vethY + G.vethH + 30;
  const devY = bridgeY + G.devH + 34;
  const height = devY + G.devH + G.pad;
  if (!flipped) return { chipY, podY, vethY, bridgeY, devY, height };
  // mirrored: devices just under the header, pods at the bottom
  const fPodY = top + 2 * G.devH + 68 + G.vethH + 30;
  return { chipY, devY: top, bridgeY: top + G.devH + 34, vethY: top + 2 * G.devH + 68, podY: fPodY, height: Math.max(height, fPodY + G.podH + G.pad) };
}

export function groupWidth(podCount: number, minCols = 2): number {
  const k = Math.max(podCount, minCols);
  return 2 * G.pad + k * G.podW + (k - 1) * G.gap;
}

export const isSystemPod = (p: PodInfo) => p.namespace === 'kube-system';

/** The pods drawn as cards in a node (own network namespace), the scenario's first. */
export function cardPods(c: Cluster, node: string): PodInfo[] {
  return c.pods
    .filter((p) => p.node === node && !p.hostNetwork)
    .sort((a, b) => Number(isSystemPod(a)) - Number(isSystemPod(b)) || a.name.localeCompare(b.name));
}

export function hostNetworkPods(c: Cluster, node: string): PodInfo[] {
  return c.pods.filter((p) => p.node === node && p.hostNetwork).sort((a, b) => a.name.localeCompare(b.name));
}

/** The node's kube-ipvs0 (or any dummy device): it asks for a third column beside cni0. */
export function dummyOf(ns: Netns | undefined): Interface | undefined {
  return ns?.interfaces.find((d) => d.kind === 'dummy');
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
  if (d.kind === 'dummy') return `dummy · ${d.up ? 'UP' : 'DOWN'} · ${d.addrs.length} Service address${d.addrs.length === 1 ? '' : 'es'}`;
  return null;
}

const SYSTEM_APPS: Record<string, string> = { 'kube-dns': 'CoreDNS' };

function appOf(p: PodInfo): string | null {
  if (!isSystemPod(p)) return null;
  return SYSTEM_APPS[p.labels['k8s-app'] ?? ''] ?? p.labels.component ?? null;
}

const portsText = (p: PodInfo) => p.ports.map((x) => `:${x.containerPort}`).join(' ');

/** Places node `info` as a group at (gx, gy) of width `w`; returns the canvas id of its NIC (for the underlay). */
export function placeGroup(c: Cluster, info: NodeInfo, at: Point, w: number, b: Bands, flipped: boolean, s: Sink): string | undefined {
  const { x: gx, y: gy } = at;
  const ns = c.netns[info.netns];
  const gid = nodeId.k8s(info.name);
  s.place(
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
  s.namespaces[info.netns] = gid;
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
  for (const p of hostNetworkPods(c, info.name)) {
    const text = `${p.name} ${portsText(p)} hostNetwork`;
    const cw = Math.min(w - G.pad - cx, 7 * text.length + 28);
    if (cw < 60) break;
    const id = nodeId.hostPod(p.namespace, p.name);
    s.place(
      {
        ...child(id, cx, b.chipY, cw, G.chipH),
        type: 'hostpod',
        data: { name: p.name, namespace: p.namespace, ports: portsText(p), netnsId: info.netns, system: isSystemPod(p) },
        ariaLabel: `hostNetwork pod ${p.name} in ${info.name}'s network namespace`,
      },
      abs(cx, b.chipY),
      cw,
      G.chipH,
    );
    cx += cw + 8;
  }

  // devices of the node's root namespace
  const bridge = ns?.interfaces.find((d) => d.kind === 'bridge');
  const tunnel = ns?.interfaces.find((d) => d.kind === 'vxlan');
  const nic = ns?.interfaces.find((d) => d.kind === 'nic');
  const dummy = dummyOf(ns);
  const device = (d: Interface, x: number, y: number) => {
    const id = nodeId.dev(info.netns, d.name);
    s.place(
      {
        ...child(id, x, y, G.devW, G.devH),
        type: 'device',
        data: {
          netnsId: info.netns,
          ifname: d.name,
          ifkind: d.kind,
          addr: d.kind === 'dummy' ? null : addrOf(d),
          mtu: d.mtu,
          up: d.up,
          detail: detailOf(d),
          addrs: d.addrs.map((a) => `${a.ip}/${a.prefix}`),
        },
        focusable: false,
      },
      abs(x, y),
      G.devW,
      G.devH,
    );
    s.devices[`${info.netns}/${d.name}`] = id;
    return id;
  };
  const bridgeId = bridge ? device(bridge, w / 2 - G.devW / 2, b.bridgeY) : undefined;
  if (dummy) device(dummy, w - G.pad - G.devW, b.bridgeY);
  const tunnelId = tunnel ? device(tunnel, w / 2 - G.devW - 14, b.devY) : undefined;
  const nicId = nic ? device(nic, tunnel ? w / 2 + 14 : w / 2 - G.devW / 2, b.devY) : undefined;
  if (bridgeId && tunnelId) s.edge(bridgeId, tunnelId, 'stack', 't', 'route');
  if (tunnelId && nicId) s.edge(tunnelId, nicId, 'lower', 't', 'encap');
  if (bridgeId && nicId) s.edge(bridgeId, nicId, 'stack', 't', 'route');
  if (nicId) s.owners[info.ip] = nicId;

  // pods and their host-side veths
  cardPods(c, info.name).forEach((p, k) => {
    const px = G.pad + k * (G.podW + G.gap);
    const pid = nodeId.ns(p.netns);
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
          mtu: mtuOf(podNs, 'eth0'),
          netnsId: p.netns,
          hostNetwork: false,
          system: isSystemPod(p),
          app: appOf(p),
          ready: p.ready,
        },
        ariaLabel: `Pod ${p.namespace}/${p.name}${p.ip ? ` ${p.ip}` : ''}${p.ready ? '' : ' not ready'}`,
      },
      abs(px, b.podY),
      G.podW,
      G.podH,
    );
    if (p.ip) s.owners[p.ip] = pid;
    if (!podNs) return;
    s.namespaces[p.netns] = pid;
    s.devices[`${p.netns}/eth0`] = pid;
    const peer = podNs.interfaces.find((d) => d.name === 'eth0')?.peer;
    const hostVeth = peer ? ns?.interfaces.find((d) => d.name === peer.ifname) : undefined;
    if (!hostVeth) return;
    const vx = px + (G.podW - G.vethW) / 2;
    const vid = nodeId.dev(info.netns, hostVeth.name);
    s.place(
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
    s.devices[`${info.netns}/${hostVeth.name}`] = vid;
    s.edge(pid, vid, 'veth', 't', 'veth');
    if (bridgeId && hostVeth.master === bridge?.name) s.edge(vid, bridgeId, 'port');
  });
  return nicId;
}
