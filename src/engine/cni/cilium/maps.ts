/**
 * The BPF maps cilium-agent writes on a node and its datapath reads (notes/cilium.md §3.7),
 * with their value records and typed accessors. Maps live in the node's Netns.bpf (its bpffs);
 * entries are keyed by the text `cilium-dbg bpf … list` prints as the key.
 *
 * - cilium_lxc (endpoints): local endpoint IP → endpoint id, identity, lxc ifindex and MACs;
 * - cilium_ipcache_v2 (LPM trie): prefix → identity and, in tunnel mode, the tunnel endpoint;
 * - cilium_lb4_services_v2 / cilium_lb4_backends_v3 / cilium_lb4_reverse_nat (socket and NodePort LB);
 * - cilium_policy_v2_<epid %05d>: per endpoint, (direction, identity, proto, port) → allow/deny.
 */
import type { BpfMap, Netns } from '../../model/datapath';
import { cidrContains, parseCidr, type Ipv4 } from '../../wire/ipv4';

export const LXC_MAP = 'cilium_lxc';
export const IPCACHE_MAP = 'cilium_ipcache_v2';
export const LB4_SERVICES = 'cilium_lb4_services_v2';
export const LB4_BACKENDS = 'cilium_lb4_backends_v3';
export const LB4_REVNAT = 'cilium_lb4_reverse_nat';
/** live state the datapath writes: conntrack (TCP and non-TCP tables) and the monitor ring */
export const CT_TCP = 'cilium_ct4_global';
export const CT_ANY = 'cilium_ct_any4_global';
export const EVENTS = 'cilium_events';
/**
 * The agent's datapath settings. In Cilium most are compile-time defines of the node's programs
 * (node_config.h: SERVICE_NO_BACKEND_RESPONSE); the lab keeps them in one map the programs read.
 */
export const RUNTIME_CONFIG = 'cilium_runtime_config';

export function policyMapName(epId: number): string {
  return `cilium_policy_v2_${String(epId).padStart(5, '0')}`;
}

export interface EndpointInfo {
  readonly id: number;
  readonly secId: number;
  readonly ifindex: number;
  /** host-side device (lxc…) */
  readonly ifname: string;
  /** the pod's eth0 MAC and the lxc MAC (the endpoint's node_mac) */
  readonly mac: string;
  readonly nodeMac: string;
  readonly pod: string;
}

export interface IpcacheEntry {
  readonly identity: number;
  readonly tunnelEndpoint: Ipv4;
  readonly flags: readonly ('hastunnel' | 'skiptunnel')[];
}

/** slot 0 of a frontend: how many backends, the RevNAT id, the service type and flags */
export interface Lb4Frontend {
  readonly count: number;
  readonly revNat: number;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIPs';
  readonly flags: readonly string[];
  /** `ns/name` of the Service (the agent's own record; hubble names VIPs with it) */
  readonly service: string;
}

export interface Lb4Slot {
  readonly backendId: number;
  readonly revNat: number;
}

export interface Lb4Backend {
  readonly ip: Ipv4;
  readonly port: number;
  readonly proto: 'TCP' | 'UDP';
  readonly state: 'active' | 'terminating';
}

export interface PolicyEntry {
  readonly verdict: 'allow' | 'deny';
  /** ANY / TCP / 80/TCP, as bpf policy get prints it */
  readonly portProto: string;
  /** 0 without L7; an L7 rule redirects to the proxy */
  readonly proxyPort: number;
  /** the rule that allowed, or why nothing matched / which deny rule matched (the evaluator's words) */
  readonly why: string;
  /** the policies that isolate the endpoint for that direction */
  readonly policies: readonly string[];
  /** L7 HTTP rules the proxy checks (method, path regexes) */
  readonly http?: readonly { readonly method: string | null; readonly path: string | null }[];
  readonly l7Rule?: string;
}

export function entries<T>(ns: Netns, map: string): Readonly<Record<string, T>> {
  return (ns.bpf?.[map]?.entries ?? {}) as Readonly<Record<string, T>>;
}

export function withMap(ns: Netns, map: BpfMap): Netns {
  return { ...ns, bpf: { ...ns.bpf, [map.name]: map } };
}

export function endpointOf(ns: Netns, ip: Ipv4): EndpointInfo | undefined {
  return entries<EndpointInfo>(ns, LXC_MAP)[ip];
}

/** Longest-prefix match in the ipcache trie. */
export function ipcacheLookup(ns: Netns, ip: Ipv4): { prefix: string; entry: IpcacheEntry } | undefined {
  let best: { prefix: string; entry: IpcacheEntry; len: number } | undefined;
  for (const [prefix, entry] of Object.entries(entries<IpcacheEntry>(ns, IPCACHE_MAP))) {
    const c = parseCidr(prefix);
    if (cidrContains(c, ip) && (!best || c.prefix > best.len)) best = { prefix, entry, len: c.prefix };
  }
  return best && { prefix: best.prefix, entry: best.entry };
}

/** `identity=%d encryptkey=%d tunnelendpoint=%s flags=%s` (RemoteEndpointInfo.String) */
export function formatIpcacheValue(e: IpcacheEntry): string {
  return `identity=${e.identity} encryptkey=0 tunnelendpoint=${e.tunnelEndpoint} flags=${e.flags.length ? e.flags.join(',') : '<none>'}`;
}

const hexMac = (m: string) => m.toUpperCase();

/** `id=%-5d sec_id=%-5d flags=0x%04X ifindex=%-3d mac=… nodemac=… parent_ifindex=%-3d` (EndpointInfo.String) */
export function formatEndpointValue(e: EndpointInfo): string {
  const pad = (n: number, w: number) => String(n).padEnd(w);
  return `id=${pad(e.id, 5)} sec_id=${pad(e.secId, 5)} flags=0x0000 ifindex=${pad(e.ifindex, 3)} mac=${hexMac(e.mac)} nodemac=${hexMac(e.nodeMac)} parent_ifindex=${pad(0, 3)}`;
}

/** service key `IP:port/PROTO (slot)` (Service4Key.String) */
export function serviceKey(ip: Ipv4, port: number, proto: string, slot: number): string {
  return `${ip}:${port}/${proto} (${slot})`;
}
