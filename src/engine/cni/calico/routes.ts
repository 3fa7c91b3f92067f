/**
 * The control plane, recomputed from the cluster (program.converge): what every node learns
 * about every other node's IPAM blocks, and how it programs them (/work/notes/calico.md §3, §4):
 *
 * - BIRD's node-to-node mesh (bgp, ipip, the main table under wireguard): a route per peer block
 *   and per address a peer borrowed (`<cidr> via <node> dev eth0 proto bird`; ipip: `dev tunl0
 *   onlink`; ipip-crosssubnet: tunl0 only towards another subnet). A node's blocks come from its
 *   `blackhole` routes (BIRD's `protocol static` exports them); a node whose BIRD is down (no
 *   listener on TCP 179: fault bgp-down) exports nothing, and learns nothing — BIRD's kernel
 *   protocol has `persist`, so the routes it had stay in its kernel.
 * - Felix's VXLAN routes from the datastore (vxlan, vxlan-crosssubnet): `<cidr> via <peer VTEP>
 *   dev vxlan.calico onlink` (≤ v3.30, the lab's baseline: felix#2953's real line; v3.31 adds
 *   ` mtu 1450`), the peer VTEP's PERMANENT neighbour and FDB entry; same-subnet peers under CrossSubnet get `via <node> dev eth0 proto 80 onlink`.
 * - Felix's WireGuard table 1 (`<peer cidr> dev wireguard.cali scope link`) and the peers of
 *   wireguard.cali (allowed IPs: the peer's blocks and tunnel /32s; endpoint <node>:51820).
 */
import type { Cluster, FdbEntry, Interface, NeighEntry, Netns, Route, WireguardPeer } from '../../model/datapath';
import { cidrContains, cidrString, parseCidr, type Cidr, type Ipv4 } from '../../wire/ipv4';
import { route } from '../netns';
import {
  BGP_PORT,
  BIRD_OWNER,
  CALICO_IPIP_DEVICE,
  CALICO_VXLAN_DEVICE,
  CALICO_WG_DEVICE,
  CALICO_WG_PORT,
  CALICO_WG_TABLE,
  FELIX_ROUTE_PROTO,
  calicoMode,
  type CalicoMode,
} from './names';

export interface CalicoPeer {
  readonly name: string;
  readonly ip: Ipv4;
  /** the node's own subnet (eth0's address and prefix: confd network_v4) */
  readonly subnet: Cidr;
  readonly blocks: readonly Cidr[];
  /** addresses of pods on this node taken from another node's block */
  readonly borrowed: readonly Ipv4[];
  readonly birdUp: boolean;
  readonly vtep?: { readonly ip: Ipv4; readonly mac: string };
  readonly wg?: { readonly ip?: Ipv4; readonly key: string };
}

const dev = (ns: Netns, name: string): Interface | undefined => ns.interfaces.find((d) => d.name === name);

export function birdRunning(ns: Netns): boolean {
  return ns.sockets.some((s) => s.proto === 'tcp' && s.port === BGP_PORT && s.owner === BIRD_OWNER);
}

/** The node's blocks: its blackhole routes inside the pod network (BIRD static / Felix blackholeRoutes). */
export function nodeBlocks(c: Cluster, ns: Netns): Cidr[] {
  return ns.routes.filter((r) => r.type === 'blackhole' && cidrContains(c.podCidr, r.dst.net) && r.dst.prefix > 0).map((r) => r.dst);
}

export function calicoPeers(c: Cluster): CalicoPeer[] {
  return c.nodes.map((n) => {
    const ns = c.netns[n.netns];
    const blocks = nodeBlocks(c, ns);
    const eth0 = dev(ns, 'eth0')?.addrs[0];
    const borrowed = c.pods.filter((p) => p.node === n.name && !p.hostNetwork && p.ip && !blocks.some((b) => cidrContains(b, p.ip!))).map((p) => p.ip!);
    const vx = dev(ns, CALICO_VXLAN_DEVICE);
    const wg = dev(ns, CALICO_WG_DEVICE);
    return {
      name: n.name,
      ip: n.ip,
      subnet: parseCidr(`${n.ip}/${eth0?.prefix ?? 32}`),
      blocks,
      borrowed,
      birdUp: birdRunning(ns),
      ...(vx?.addrs[0] ? { vtep: { ip: vx.addrs[0].ip, mac: vx.mac } } : {}),
      ...(wg?.wireguard ? { wg: { ip: wg.addrs[0]?.ip, key: wg.wireguard.publicKey } } : {}),
    };
  });
}

const cidrsOf = (p: CalicoPeer): Cidr[] => [...p.blocks, ...p.borrowed.map((ip) => parseCidr(`${ip}/32`))];

/** Routes a converge owns (and so removes before writing them again). */
function isClusterRoute(r: Route, keepBird: boolean): boolean {
  if (r.type === 'blackhole') return false;
  if (r.proto === 'bird') return !keepBird;
  if (r.proto === FELIX_ROUTE_PROTO) return true;
  return r.dev === CALICO_VXLAN_DEVICE && r.via !== undefined;
}

function birdRoutes(mode: CalicoMode, me: CalicoPeer, peers: readonly CalicoPeer[]): Route[] {
  if (!me.birdUp) return [];
  return peers
    .filter((p) => p.birdUp)
    .flatMap((p) => {
      const tunnel = mode.encap === 'ipip' && !(mode.crossSubnet && cidrContains(me.subnet, p.ip));
      return cidrsOf(p).map((c) =>
        route(cidrString(c), { via: p.ip, dev: tunnel ? CALICO_IPIP_DEVICE : 'eth0', proto: 'bird', ...(tunnel ? { onlink: true } : {}) }),
      );
    });
}

function vxlanRoutes(mode: CalicoMode, me: CalicoPeer, peers: readonly CalicoPeer[]): Route[] {
  return peers.flatMap((p) => {
    if (mode.crossSubnet && cidrContains(me.subnet, p.ip))
      return cidrsOf(p).map((c) => route(cidrString(c), { via: p.ip, dev: 'eth0', proto: FELIX_ROUTE_PROTO, onlink: true }));
    if (!p.vtep) return [];
    return cidrsOf(p).map((c) => route(cidrString(c), { via: p.vtep!.ip, dev: CALICO_VXLAN_DEVICE, onlink: true }));
  });
}

function wgPeers(peers: readonly CalicoPeer[], all: readonly CalicoPeer[]): WireguardPeer[] {
  return peers
    .filter((p) => p.wg)
    .map((p) => ({
      publicKey: p.wg!.key,
      endpoint: { ip: p.ip, port: CALICO_WG_PORT },
      allowedIps: [...cidrsOf(p), ...(p.wg!.ip ? [parseCidr(`${p.wg!.ip}/32`)] : [])],
      index: all.indexOf(p) + 1,
    }));
}

function convergeNode(c: Cluster, mode: CalicoMode, me: CalicoPeer, all: readonly CalicoPeer[]): Netns {
  const ns = c.netns[me.name];
  const peers = all.filter((p) => p !== me);
  const keepBird = mode.bird && !me.birdUp;
  const routes = ns.routes.filter((r) => !isClusterRoute(r, keepBird));
  let neigh: readonly NeighEntry[] = ns.neigh;
  let fdb: readonly FdbEntry[] = ns.fdb;
  let interfaces = ns.interfaces;
  let routeTables = ns.routeTables;
  if (mode.bird) routes.push(...birdRoutes(mode, me, peers));
  if (mode.encap === 'vxlan') {
    routes.push(...vxlanRoutes(mode, me, peers));
    // felix/vxlanfdb: one PERMANENT neighbour and FDB entry per remote VTEP, same-subnet ones included
    const vteps = peers.filter((p) => p.vtep);
    neigh = [
      ...ns.neigh.filter((e) => e.dev !== CALICO_VXLAN_DEVICE),
      ...vteps.map((p) => ({ ip: p.vtep!.ip, dev: CALICO_VXLAN_DEVICE, mac: p.vtep!.mac, state: 'PERMANENT' as const })),
    ];
    fdb = [
      ...ns.fdb.filter((e) => e.dev !== CALICO_VXLAN_DEVICE),
      ...vteps.map((p) => ({ mac: p.vtep!.mac, dev: CALICO_VXLAN_DEVICE, dst: p.ip, self: true, permanent: true })),
    ];
  }
  if (mode.wireguard) {
    const wgPeerList = wgPeers(peers, all);
    interfaces = ns.interfaces.map((d) => (d.name === CALICO_WG_DEVICE && d.wireguard ? { ...d, wireguard: { ...d.wireguard, peers: wgPeerList } } : d));
    const table = peers
      .filter((p) => p.wg)
      .flatMap((p) => wgPeerList.find((w) => w.publicKey === p.wg!.key)!.allowedIps.map((a) => route(cidrString(a), { dev: CALICO_WG_DEVICE, scope: 'link' })));
    routeTables = { ...(ns.routeTables ?? {}), [CALICO_WG_TABLE]: table };
  }
  return { ...ns, routes, neigh, fdb, interfaces, ...(routeTables ? { routeTables } : {}) };
}

export function convergeCalico(c: Cluster): Cluster {
  const mode = calicoMode(c.mode);
  const peers = calicoPeers(c);
  const netns = { ...c.netns };
  for (const p of peers) netns[p.name] = convergeNode(c, mode, p, peers);
  return { ...c, netns };
}
