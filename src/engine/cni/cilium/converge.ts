/**
 * What cilium-agent learns and writes into each node's maps after pods, Services or policies
 * change (recomputed from the cluster, so it is idempotent): endpoint ids and identities
 * (cilium_lxc), the ipcache (every endpoint, node and router address cluster-wide with its
 * identity, and in tunnel mode the node it lives behind), the lb4 maps from Services and
 * EndpointSlices (kube-proxy replacement), and each endpoint's policy map (policy-build.ts).
 *
 * ipcache content (notes/cilium.md §3.7): 0.0.0.0/0 world (2); local endpoints with their
 * identity; the node's own addresses (node IP, router IP) host (1); remote nodes remote-node
 * (6), or kube-apiserver (7) where the API server runs; in tunnel mode remote endpoints, remote
 * router IPs and remote pod CIDRs (identity 2) carry `tunnelendpoint=<node IP> flags=hastunnel`.
 * Simplified: endpoint ids are a hash of the pod's name in 1–4095 (real: a random free id).
 */
import type { Cluster, Netns, PodInfo } from '../../model/datapath';
import { identityTable, identityOf } from '../../policy/cilium-identity';
import { policyWorldOf } from '../../policy/world';
import { cidrString } from '../../wire/ipv4';
import { resyncEndpointSlices } from '../../services/api';
import { IPCACHE_MAP, LXC_MAP, type EndpointInfo, type IpcacheEntry, withMap } from './maps';
import { lxcName } from './pod';
import { lbMaps } from './lb-maps';
import { policyMaps } from './policy-build';
import { tunnelDevice } from './node';
import { fnv1a } from '../../wire/fnv';

export function routerIpOf(ns: Netns): string | undefined {
  return ns.interfaces.find((d) => d.name === 'cilium_host')?.addrs[0]?.ip;
}

/** Endpoint ids per node: idpool 1–4095, here a hash of the pod's key probing forward on collision. */
export function endpointIds(pods: readonly PodInfo[]): Map<string, number> {
  const out = new Map<string, number>();
  const used = new Map<string, Set<number>>();
  for (const p of [...pods].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1))) {
    if (p.hostNetwork || !p.ip) continue;
    const u = used.get(p.node) ?? new Set<number>();
    used.set(p.node, u);
    let id = 1 + (fnv1a(`${p.namespace}/${p.name}`) % 4095);
    while (u.has(id)) id = 1 + (id % 4095);
    u.add(id);
    out.set(`${p.namespace}/${p.name}`, id);
  }
  return out;
}

export function convergeCilium(c: Cluster): Cluster {
  const world = policyWorldOf(c);
  const table = identityTable(world);
  const apiIps = c.pods.filter((p) => p.hostNetwork && p.labels.component === 'kube-apiserver').map((p) => p.ip);
  const ids = endpointIds(c.pods);
  const tunnel = !!tunnelDevice(c.mode);
  const endpointPods = c.pods.filter((p) => !p.hostNetwork && p.ip && p.status === 'Running' && c.netns[p.netns]);
  const idOf = (p: PodInfo) =>
    identityOf(world, table, { kind: 'pod', pod: world.pods.find((x) => x.namespace === p.namespace && x.name === p.name)!, ip: p.ip } as never, p.node, []).id;
  const secIds = new Map(endpointPods.map((p) => [`${p.namespace}/${p.name}`, idOf(p)]));
  const api = resyncEndpointSlices(c.api, c.pods, c.nodes);
  const netns = { ...c.netns };
  for (const n of c.nodes) {
    let ns = netns[n.netns];
    const lxc: Record<string, EndpointInfo> = {};
    for (const p of endpointPods.filter((x) => x.node === n.name)) {
      const key = `${p.namespace}/${p.name}`;
      const dev = ns.interfaces.find((d) => d.name === lxcName(p.namespace, p.name));
      const eth0 = c.netns[p.netns].interfaces.find((d) => d.name === 'eth0');
      if (!dev || !eth0) continue;
      lxc[p.ip!] = { id: ids.get(key)!, secId: secIds.get(key)!, ifindex: dev.ifindex, ifname: dev.name, mac: eth0.mac, nodeMac: dev.mac, pod: key };
    }
    const ipc: Record<string, IpcacheEntry> = { '0.0.0.0/0': { identity: 2, tunnelEndpoint: '0.0.0.0', flags: [] } };
    const none = (identity: number): IpcacheEntry => ({ identity, tunnelEndpoint: '0.0.0.0', flags: [] });
    const behind = (identity: number, node: string): IpcacheEntry =>
      tunnel ? { identity, tunnelEndpoint: c.nodes.find((x) => x.name === node)!.ip, flags: ['hastunnel'] } : none(identity);
    for (const o of c.nodes) {
      const mine = o.name === n.name;
      ipc[`${o.ip}/32`] = none(mine ? 1 : apiIps.includes(o.ip) ? 7 : 6);
      const r = routerIpOf(netns[o.netns]);
      if (r) ipc[`${r}/32`] = mine ? none(1) : behind(6, o.name);
      if (!mine && tunnel) ipc[cidrString(o.podCidr)] = behind(2, o.name);
    }
    for (const p of endpointPods) {
      const id = secIds.get(`${p.namespace}/${p.name}`)!;
      ipc[`${p.ip}/32`] = p.node === n.name ? none(id) : behind(id, p.node);
    }
    ns = withMap(ns, { name: LXC_MAP, type: 'hash', entries: lxc });
    ns = withMap(ns, { name: IPCACHE_MAP, type: 'lpm_trie', entries: ipc });
    // with the kube-proxy replacement every frontend; without it only ClusterIPs, which bpf_lxc
    // load-balances per packet (Helm kubeProxyReplacement=false; NodePorts are not reflected)
    for (const m of lbMaps(c, api, n.name, c.kubeProxy !== 'ebpf')) ns = withMap(ns, m);
    // a removed endpoint's policy map goes with it
    const bpf = Object.fromEntries(Object.entries(ns.bpf ?? {}).filter(([k]) => !k.startsWith('cilium_policy_v2_')));
    ns = { ...ns, bpf };
    for (const m of policyMaps(c, world, table, Object.values(lxc), n.name)) ns = withMap(ns, m);
    netns[n.netns] = ns;
  }
  return { ...c, netns };
}
