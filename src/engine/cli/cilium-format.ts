/**
 * What `cilium-dbg` prints from a node's agent state and maps (notes/cilium.md §3.7, §4.4–4.7):
 * the tables go through Go's text/tabwriter with the settings of each command (TablePrinter and
 * the list commands: minwidth 5, padding 3; status: minwidth 2, padding 3), every cell
 * tab-terminated, so lines carry trailing spaces as the real ones do. Map dumps iterate a Go map
 * (random order in Cilium); podpath prints them in the order the agent wrote them.
 * Simplified: the lab names Cilium 1.18.2 on Kubernetes v1.33.1; nodes have no IPv6 address; the
 * health endpoint (lxc_health) is not modelled, so it is missing from counts and lists.
 */
import type { Cluster, Netns } from '../model/datapath';
import { goTabwriter } from './kubectl-format';
import { endpointLabels, labelString } from '../policy/cilium-identity';
import { policyWorldOf } from '../policy/world';
import { cidrString } from '../wire/ipv4';
import { labUnixSeconds } from '../model/lab-clock';
import {
  entries,
  formatEndpointValue,
  formatIpcacheValue,
  IPCACHE_MAP,
  LB4_BACKENDS,
  LB4_SERVICES,
  LXC_MAP,
  policyMapName,
  type EndpointInfo,
  type IpcacheEntry,
  type Lb4Backend,
  type Lb4Frontend,
  type Lb4Slot,
} from '../cni/cilium/maps';
import { ENFORCED_KEY } from '../cni/cilium/policy-map';
import { tunnelDevice } from '../cni/cilium/node';

export const CILIUM_VERSION = '1.18.2';
const K8S_VERSION = '1.33 (v1.33.1) [linux/amd64]';

const tab = (rows: readonly (readonly string[])[], minwidth = 5) => goTabwriter(rows.map((r) => r.map((c) => `${c}\t`).join('')).join('\n'), minwidth, 3);

/** TablePrinter(first, second, data): `%s\t%s\t` rows, continuation rows with an empty key */
function tablePrinter(first: string, second: string, data: readonly [string, readonly string[]][]): string[] {
  const rows: string[][] = [[first, second]];
  for (const [k, vs] of data) vs.forEach((v, i) => rows.push([i === 0 ? k : '', v]));
  return tab(rows);
}

export function bpfIpcacheList(ns: Netns): string[] {
  return tablePrinter(
    'IP PREFIX/ADDRESS',
    'IDENTITY',
    Object.entries(entries<IpcacheEntry>(ns, IPCACHE_MAP)).map(([k, v]) => [k, [formatIpcacheValue(v)]]),
  );
}

export function bpfEndpointList(c: Cluster, ns: Netns): string[] {
  const rows: [string, string[]][] = Object.entries(entries<EndpointInfo>(ns, LXC_MAP)).map(([ip, v]) => [`${ip}:0`, [formatEndpointValue(v)]]);
  const node = c.nodes.find((n) => n.netns === ns.id);
  const router = ns.interfaces.find((d) => d.name === 'cilium_host')?.addrs[0]?.ip;
  for (const ip of [node?.ip, router]) if (ip) rows.push([`${ip}:0`, ['(localhost)']]);
  return tablePrinter('IP ADDRESS', 'LOCAL ENDPOINT INFO', rows);
}

/** `cilium-dbg bpf lb list`: one row per service key and slot (dumpSVC) */
export function bpfLbList(ns: Netns): string[] {
  const svc = entries<Lb4Frontend | Lb4Slot>(ns, LB4_SERVICES);
  const be = entries<Lb4Backend>(ns, LB4_BACKENDS);
  const rows: [string, string[]][] = Object.entries(svc).map(([k, v]) => {
    if ('count' in v) return [k, [`0.0.0.0:0 (${v.revNat}) (0) [${v.flags.join(', ')}]`]];
    const b = be[String(v.backendId)];
    const slot = /\((\d+)\)$/.exec(k)?.[1] ?? '0';
    return [k, [`${b.ip}:${b.port}/${b.proto} (${v.revNat}) (${slot})`]];
  });
  return tablePrinter('SERVICE ADDRESS', 'BACKEND ADDRESS (REVNAT_ID) (SLOT)', rows);
}

/** `cilium-dbg service list` (printServiceList): ID, frontend, type, backends `n => IP:port/PROTO (active)` */
export function serviceList(ns: Netns): string[] {
  const svc = entries<Lb4Frontend | Lb4Slot>(ns, LB4_SERVICES);
  const be = entries<Lb4Backend>(ns, LB4_BACKENDS);
  const rows: string[][] = [['ID', 'Frontend', 'Service Type', 'Backend']];
  const fronts = Object.entries(svc)
    .filter((e): e is [string, Lb4Frontend] => 'count' in e[1])
    .sort((a, b) => a[1].revNat - b[1].revNat);
  for (const [key, fe] of fronts) {
    const addr = key.replace(/ \(0\)$/, '');
    const backends = Array.from({ length: fe.count }, (_, i) => {
      const b = be[String((svc[key.replace(/\(0\)$/, `(${i + 1})`)] as Lb4Slot).backendId)];
      return `${i + 1} => ${b.ip}:${b.port}/${b.proto} (${b.state})`;
    });
    rows.push([String(fe.revNat), addr, fe.type, backends[0] ?? '']);
    for (const b of backends.slice(1)) rows.push(['', '', '', b]);
  }
  return tab(rows);
}

/** `cilium-dbg endpoint list`: the node's endpoints by id, labels one per line. */
export function endpointList(c: Cluster, ns: Netns): string[] {
  const world = policyWorldOf(c);
  const rows: string[][] = [
    ['ENDPOINT', 'POLICY (ingress)', 'POLICY (egress)', 'IDENTITY', 'LABELS (source:key[=value])', 'IPv6', 'IPv4', 'STATUS'],
    ['', 'ENFORCEMENT', 'ENFORCEMENT', '', '', '', '', ''],
  ];
  const eps = Object.entries(entries<EndpointInfo>(ns, LXC_MAP)).sort((a, b) => a[1].id - b[1].id);
  for (const [ip, ep] of eps) {
    const pol = entries<unknown>(ns, policyMapName(ep.id));
    const enf = (d: 'Ingress' | 'Egress') => (pol[ENFORCED_KEY(d)] ? 'Enabled' : 'Disabled');
    const [pns, pname] = ep.pod.split('/');
    const pod = world.pods.find((p) => p.namespace === pns && p.name === pname);
    const labels = pod ? endpointLabels(world, pod).map(labelString) : [];
    rows.push([String(ep.id), enf('Ingress'), enf('Egress'), String(ep.secId), labels[0] ?? '', '', ip, 'ready']);
    for (const l of labels.slice(1)) rows.push(['', '', '', '', l, '', '', '']);
  }
  return tab(rows);
}

export interface StatusInput {
  readonly flows: number;
  readonly nowMs: number;
}

/** `cilium-dbg status` (FormatStatusResponse), the lines the lab can derive. */
export function statusLines(c: Cluster, ns: Netns, s: StatusInput): string[] {
  const node = c.nodes.find((n) => n.netns === ns.id)!;
  const router = ns.interfaces.find((d) => d.name === 'cilium_host')?.addrs[0]?.ip ?? '';
  const used = Object.keys(entries(ns, LXC_MAP)).length + 1;
  const size = 2 ** (32 - node.podCidr.prefix) - 2;
  const tdev = tunnelDevice(c.mode);
  const kpr = c.kubeProxy === 'ebpf' ? 'True' : 'False';
  // getKubeProxyReplacementStatus builds the address list with make([]string, n) and then appends: 1 + n spaces
  const devices = `[eth0  ${node.ip} (Direct Routing)]`;
  const reachable = `${c.nodes.length}/${c.nodes.length} reachable`;
  const flowsPerSecond = (s.nowMs > 0 ? s.flows / (s.nowMs / 1000) : 0).toFixed(2);
  const stamp = new Date(labUnixSeconds(s.nowMs) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const rows: string[][] = [
    ['KVStore:', 'Disabled'],
    ['Kubernetes:', `Ok`, K8S_VERSION],
    [
      'Kubernetes APIs:',
      '["EndpointSliceOrEndpoint", "cilium/v2::CiliumClusterwideNetworkPolicy", "cilium/v2::CiliumEndpoint", "cilium/v2::CiliumNetworkPolicy", "cilium/v2::CiliumNode", "core/v1::Namespace", "core/v1::Pods", "core/v1::Service", "networking.k8s.io/v1::NetworkPolicy"]',
    ],
    ['KubeProxyReplacement:', kpr, devices],
    ['Host firewall:', 'Disabled'],
    ['SRv6:', 'Disabled'],
    ['CNI Chaining:', 'none'],
    ['CNI Config file:', 'successfully wrote CNI configuration file to /host/etc/cni/net.d/05-cilium.conflist'],
    ['Cilium:', 'Ok', `${CILIUM_VERSION}`],
    ['Cilium health daemon:', 'Ok', ''],
    ['IPAM:', `IPv4: ${used}/${size} allocated from ${cidrString(node.podCidr)}, `],
    ['IPv4 BIG TCP:', 'Disabled'],
    ['IPv6 BIG TCP:', 'Disabled'],
    ['BandwidthManager:', 'Disabled'],
    ['Routing:', `Network: ${tdev ? `Tunnel [${c.mode}]` : 'Native'}`, 'Host: Legacy'],
    ['Attach Mode:', 'TCX'],
    ['Device Mode:', 'veth'],
    ['Masquerading:', 'IPTables [IPv4: Enabled, IPv6: Disabled]'],
    ['Proxy Status:', `OK, ip ${router}, 0 redirects active on ports 10000-20000, Envoy: external`],
    ['Global Identity Range:', 'min 256, max 65535'],
    // hubble's and the encryption line's text is one cell each (their spacing as in notes/cilium.md §4.4)
    ['Hubble:', `Ok   Current/Max Flows: ${s.flows}/4095 (${((100 * s.flows) / 4095).toFixed(2)}%), Flows/s: ${flowsPerSecond}   Metrics: Disabled`],
    ['Encryption:', 'Disabled   '],
  ];
  // status.go prints the cluster health after the agent's block, in its own column layout
  return [...goTabwriter(rows.map((r) => r.join('\t')).join('\n'), 2, 3), `${'Cluster health:'.padEnd(25)}${reachable}   (${stamp})`];
}
