/**
 * kube-proxy's nftables mode, v1.36 layout (K8S pkg/proxy/nftables/proxier.go setupNFTables,
 * syncProxyRules, writeServiceToEndpointDNATs, writeServiceToEndpointJumps; notes
 * kube-proxy-nft-ipvs.md §1): one table `ip kube-proxy` whose base chains hook in at
 * dstnat-10, filter, dstnat and srcnat, dispatching through verdict maps —
 *
 *   services           ip daddr . meta l4proto . th dport vmap @service-ips  (ClusterIP, externalIP, LB IP)
 *                      ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
 *   service-<hash>-…   meta l4proto tcp dnat ip addr . port to numgen random mod N map { 0 : ip . port, … }
 *   external-<hash>-…  the masquerade mark, or eTP=Local's short-circuits, then the policy chain
 *   filter-*           ct state new → @no-endpoint-services / @no-endpoint-nodeports (reject or drop),
 *                      cluster-ips-check (reject other ports of a ClusterIP, drop unallocated ones)
 *   masquerading       what carries mark 0x4000, and hairpin connections (@hairpin-connections)
 *
 * Chain names are hashAndTruncate("ns/svc/proto/port"): the first 8 base32 characters of its
 * SHA-256, a dash, the name. kube-proxy walks a Go map of service ports (random order); the lab
 * walks the API's order, which is also the order of chains and elements in `nft list`
 * (the kernel's creation order, and its hash-walk order stood in for by insertion order).
 * nodePortAddresses is the nftables default `primary`: the node IP only.
 *
 * Simplified: every sync rebuilds the table (kube-proxy's partial syncs and its stale chains,
 * flushed at once and deleted a second later, leave the same rules); no LoadBalancerSourceRanges
 * (the scenario has none, so firewall-ips stays empty); no topology hints.
 */
import type { Chain, Netfilter, Netns, NftChain, NftElement, NftKey, NftRule, NftSet, NftStmt, NftTable, NftVerdict } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo, ServicePortInfo } from '../model/k8s';
import { cidrString, type Cidr, type Ipv4 } from '../wire/ipv4';
import { sha256 } from '@noble/hashes/sha2.js';
import { base32, servicePortName } from './chain-names';
import { endpointsFor, type ServiceEndpoint } from './iptables';
import { prepareTable } from '../tables/nft';

export interface NftProxyInput {
  readonly node: string;
  readonly clusterCIDR: Cidr;
  readonly services: readonly ServiceInfo[];
  readonly slices: readonly EndpointSliceInfo[];
  /** the node's IPs: nodePortAddresses `primary` (cmd/kube-proxy platformApplyDefaults) */
  readonly nodeIps?: readonly Ipv4[];
  /** the ServiceCIDRs (OnServiceCIDRsChanged); without them there is no rule dropping unallocated ClusterIPs */
  readonly serviceCIDRs?: readonly Cidr[];
}

/** 1 << masqueradeBit 14 (kube-proxy writes it as Go's %#08x: 0x00004000) */
export const NFT_MASQ_MARK = 0x4000;
export const KUBE_PROXY_TABLE = 'kube-proxy';

const memo = new Map<string, string>();

/** hashAndTruncate: `ULMVA6XW-ns1/svc1/tcp/p80`; names over 240 characters are cut to 237 + `...`. */
export function hashAndTruncate(name: string): string {
  let out = memo.get(name);
  if (!out) {
    out = `${base32(sha256(new TextEncoder().encode(name))).slice(0, 8)}-${name}`;
    if (out.length > 240) out = `${out.slice(0, 237)}...`;
    if (memo.size > 50_000) memo.clear();
    memo.set(name, out);
  }
  return out;
}

// ---- statements, in the words kube-proxy writes them ----------------------------------------
const match = (key: NftKey, value: string | readonly string[], op?: '!='): NftStmt => ({ s: 'match', key, value, ...(op ? { op } : {}) });
const lookup = (keys: readonly NftKey[], set: string, vmap = false): NftStmt => ({ s: 'lookup', keys, set, vmap });
const to = (kind: 'goto' | 'jump', chain: string): NftVerdict => ({ kind, chain });
const verdict = (v: NftVerdict): NftStmt => ({ s: 'verdict', verdict: v });
const ctNew = match('ct state', 'new');
const masqRule: NftStmt = { s: 'mark-set', or: NFT_MASQ_MARK };
const DEST: readonly NftKey[] = ['ip daddr', 'meta l4proto', 'th dport'];
const PORT: readonly NftKey[] = ['meta l4proto', 'th dport'];

// ---- a transaction, as knftables collects it ------------------------------------------------
interface Draft {
  readonly chains: Map<string, { name: string; base?: NftChain['base']; comment?: string; rules: NftRule[] }>;
  readonly sets: Map<string, { readonly def: Omit<NftSet, 'elements'>; readonly elements: Map<string, NftElement> }>;
}

/** ensureChain: created once, at its first mention. */
function chain(d: Draft, name: string, extra: { base?: NftChain['base']; comment?: string } = {}): void {
  if (!d.chains.has(name)) d.chains.set(name, { name, ...extra, rules: [] });
}

function rule(d: Draft, chainName: string, stmts: readonly NftStmt[], comment?: string): void {
  chain(d, chainName);
  d.chains.get(chainName)!.rules.push(comment === undefined ? { stmts } : { stmts, comment });
}

function container(d: Draft, def: Omit<NftSet, 'elements'>): void {
  if (!d.sets.has(def.name)) d.sets.set(def.name, { def, elements: new Map() });
}

/** ensureElem: one element per key; a new value replaces the old. */
function elem(d: Draft, set: string, key: readonly string[], value?: NftVerdict, comment?: string): void {
  const e: NftElement = { key, ...(value ? { value } : {}), ...(comment !== undefined ? { comment } : {}) };
  d.sets.get(set)!.elements.set(key.join(' . '), e);
}

type BaseSpec = readonly [string, NonNullable<NftChain['base']>];
/** nftablesBaseChains: dstnat-10 = -110, filter = 0, dstnat = -100, srcnat = 100 */
const BASE_CHAINS: readonly BaseSpec[] = [
  ['filter-prerouting-pre-dnat', { type: 'filter', hook: 'prerouting', priority: -110 }],
  ['filter-output-pre-dnat', { type: 'filter', hook: 'output', priority: -110 }],
  ['filter-input', { type: 'filter', hook: 'input', priority: 0 }],
  ['filter-forward', { type: 'filter', hook: 'forward', priority: 0 }],
  ['filter-output', { type: 'filter', hook: 'output', priority: 0 }],
  ['nat-prerouting', { type: 'nat', hook: 'prerouting', priority: -100 }],
  ['nat-output', { type: 'nat', hook: 'output', priority: -100 }],
  ['nat-postrouting', { type: 'nat', hook: 'postrouting', priority: 100 }],
];

/** nftablesJumpChains: [to, from, ct state new?] */
const JUMP_CHAINS: readonly (readonly [string, string, boolean])[] = [
  ['nodeport-endpoints-check', 'filter-input', true],
  ['service-endpoints-check', 'filter-input', true],
  ['service-endpoints-check', 'filter-forward', true],
  ['service-endpoints-check', 'filter-output', true],
  ['firewall-check', 'filter-prerouting-pre-dnat', true],
  ['firewall-check', 'filter-output-pre-dnat', true],
  ['services', 'nat-output', false],
  ['services', 'nat-prerouting', false],
  ['masquerading', 'nat-postrouting', false],
  ['cluster-ips-check', 'filter-forward', true],
  ['cluster-ips-check', 'filter-output', true],
];

const ADDR_PORT = ['ipv4_addr', 'inet_proto', 'inet_service'];

/** setupNFTables: the fixed part of the table, in kube-proxy's transaction order. */
function setup(d: Draft, input: NftProxyInput): void {
  for (const [name, base] of BASE_CHAINS) chain(d, name, { base });
  for (const [dst, src, ct] of JUMP_CHAINS) {
    chain(d, dst);
    rule(d, src, [...(ct ? [ctNew] : []), verdict(to('jump', dst))]);
  }
  for (const c of ['services', 'cluster-ips-check', 'masquerading']) chain(d, c);
  container(d, {
    name: 'hairpin-connections',
    kind: 'set',
    type: ['ipv4_addr', 'ipv4_addr', 'inet_proto', 'inet_service'],
    comment: 'service hairpin connections',
  });
  rule(d, 'masquerading', [
    { s: 'mark-test', mask: NFT_MASQ_MARK, op: '!=', value: 0 },
    { s: 'mark-set', xor: NFT_MASQ_MARK },
    { s: 'masquerade', fullyRandom: true },
  ]);
  rule(d, 'masquerading', [
    match('ct status', 'dnat'),
    lookup(['ip saddr', 'ip daddr', 'meta l4proto', 'th dport'], 'hairpin-connections'),
    { s: 'masquerade', fullyRandom: true },
  ]);
  container(d, { name: 'cluster-ips', kind: 'set', type: ['ipv4_addr'], comment: 'Active ClusterIPs' });
  rule(d, 'cluster-ips-check', [lookup(['ip daddr'], 'cluster-ips'), { s: 'reject' }], 'Reject traffic to invalid ports of ClusterIPs');
  const cidrs = (input.serviceCIDRs ?? []).map(cidrString);
  if (cidrs.length) rule(d, 'cluster-ips-check', [match('ip daddr', cidrs), verdict({ kind: 'drop' })], 'Drop traffic to unallocated ClusterIPs');
  container(d, { name: 'nodeport-ips', kind: 'set', type: ['ipv4_addr'], comment: 'IPs that accept NodePort traffic' });
  for (const ip of input.nodeIps ?? []) if (!ip.startsWith('127.')) elem(d, 'nodeport-ips', [ip]);
  const verdictMap = (name: string, type: string[], comment: string) => container(d, { name, kind: 'map', type, valueType: 'verdict', comment });
  verdictMap('no-endpoint-services', ADDR_PORT, 'vmap to drop or reject packets to services with no endpoints');
  verdictMap('no-endpoint-nodeports', ['inet_proto', 'inet_service'], 'vmap to drop or reject packets to service nodeports with no endpoints');
  chain(d, 'reject-chain', { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
  rule(d, 'reject-chain', [{ s: 'reject' }]);
  rule(d, 'service-endpoints-check', [lookup(DEST, 'no-endpoint-services', true)]);
  rule(d, 'nodeport-endpoints-check', [lookup(['ip daddr'], 'nodeport-ips'), lookup(PORT, 'no-endpoint-nodeports', true)]);
  verdictMap('firewall-ips', ADDR_PORT, 'destinations that are subject to LoadBalancerSourceRanges');
  rule(d, 'firewall-check', [lookup(DEST, 'firewall-ips', true)]);
  verdictMap('service-ips', ADDR_PORT, 'ClusterIP, ExternalIP and LoadBalancer IP traffic');
  verdictMap('service-nodeports', ['inet_proto', 'inet_service'], 'NodePort traffic');
  // the local detector (detect-local ClusterCIDR): IfNotLocalNFT = `ip saddr != <cluster CIDR>`
  const podCidr = cidrString(input.clusterCIDR);
  rule(d, 'services', [lookup(['ip daddr'], 'cluster-ips'), match('ip saddr', podCidr, '!='), masqRule], 'masquerade clusterIP traffic from outside cluster');
  rule(d, 'services', [lookup(DEST, 'service-ips', true)]);
  rule(d, 'services', [lookup(['ip daddr'], 'nodeport-ips'), lookup(PORT, 'service-nodeports', true)]);
}

interface Categorized {
  readonly cluster: readonly ServiceEndpoint[];
  readonly local: readonly ServiceEndpoint[];
  readonly reachable: readonly ServiceEndpoint[];
  readonly hasAny: boolean;
}

/** proxy.CategorizeEndpoints (pkg/proxy/topology.go), without topology hints. */
function categorize(all: readonly ServiceEndpoint[], node: string, usesCluster: boolean, usesLocal: boolean): Categorized {
  let cluster: ServiceEndpoint[] = [];
  let hasAny = false;
  if (usesCluster) {
    cluster = all.filter((e) => e.ready);
    if (!cluster.length) cluster = all.filter((e) => e.serving && e.terminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocal) return { cluster, local: [], reachable: cluster, hasAny };
  const isLocal = (e: ServiceEndpoint) => e.node === node;
  hasAny ||= all.some((e) => e.ready || (e.serving && e.terminating));
  let local = all.filter((e) => isLocal(e) && e.ready);
  if (!local.length) local = all.filter((e) => isLocal(e) && e.serving && e.terminating);
  if (!usesCluster) return { cluster, local, reachable: local, hasAny };
  const key = (e: ServiceEndpoint) => `${e.ip}:${e.port}`;
  const seen = new Set(cluster.map(key));
  return { cluster, local, reachable: [...cluster, ...local.filter((e) => !seen.has(key(e)))], hasAny };
}

function protoOf(p: ServicePortInfo['protocol']): 'tcp' | 'udp' | 'sctp' {
  return p === 'TCP' ? 'tcp' : p === 'UDP' ? 'udp' : 'sctp';
}

/** syncProxyRules' loop body for one service port. */
function servicePort(d: Draft, input: NftProxyInput, svc: ServiceInfo, sp: ServicePortInfo, slices: readonly EndpointSliceInfo[]): void {
  if (svc.type === 'ExternalName' || !svc.clusterIP || svc.clusterIP === 'None') return; // ShouldSkipService
  const proto = protoOf(sp.protocol);
  const comment = servicePortName(svc.namespace, svc.name, sp.name).slice(0, 128);
  const base = hashAndTruncate(`${svc.namespace}/${svc.name}/${proto}/${sp.name ?? ''}`);
  const [clusterChain, localChain, extChain] = ['service-', 'local-', 'external-'].map((p) => p + base);
  const lbIps = svc.loadBalancerIP && svc.type === 'LoadBalancer' ? [svc.loadBalancerIP] : [];
  const nodePort = svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? sp.nodePort : undefined;
  const externallyAccessible = nodePort !== undefined || lbIps.length > 0 || svc.externalIPs.length > 0;
  const internalLocal = svc.internalTrafficPolicy === 'Local';
  const externalLocal = externallyAccessible && svc.externalTrafficPolicy === 'Local';
  const usesCluster = !internalLocal || externallyAccessible;
  const usesLocal = internalLocal || externalLocal;
  const eps = categorize(endpointsFor(svc, sp, slices), input.node, usesCluster, usesLocal);
  const affinity = svc.sessionAffinity === 'ClientIP';
  const epBase = (e: ServiceEndpoint) => hashAndTruncate(`${svc.namespace}/${svc.name}/${proto}/${sp.name ?? ''}__${e.ip}/${e.port}`);

  for (const e of eps.reachable) {
    if (affinity) chain(d, `endpoint-${epBase(e)}`);
    if (e.node === input.node) elem(d, 'hairpin-connections', [e.ip, e.ip, proto, String(e.port)]);
  }
  const usesClusterChain = eps.cluster.length > 0 && usesCluster;
  const usesLocalChain = eps.local.length > 0 && usesLocal;
  if (usesClusterChain) chain(d, clusterChain);
  if (usesLocalChain) chain(d, localChain);
  const hasInternal = eps.hasAny && (!internalLocal || eps.local.length > 0);
  const hasExternal = eps.hasAny && (!externalLocal || eps.local.length > 0);
  const usesExtChain = eps.hasAny && externallyAccessible;
  if (usesExtChain) chain(d, extChain);
  // no endpoints at all: reject; endpoints, but none for this policy (Local): drop
  const none: NftVerdict = eps.hasAny ? { kind: 'drop' } : to('goto', 'reject-chain');
  const port = String(sp.port);

  elem(d, 'cluster-ips', [svc.clusterIP]);
  if (hasInternal) elem(d, 'service-ips', [svc.clusterIP, proto, port], to('goto', internalLocal ? localChain : clusterChain));
  else elem(d, 'no-endpoint-services', [svc.clusterIP, proto, port], none, comment);
  for (const ip of [...svc.externalIPs, ...lbIps]) {
    if (eps.hasAny) elem(d, 'service-ips', [ip, proto, port], to('goto', extChain));
    if (!hasExternal) elem(d, 'no-endpoint-services', [ip, proto, port], none, comment);
  }
  if (nodePort !== undefined) {
    if (eps.hasAny) elem(d, 'service-nodeports', [proto, String(nodePort)], to('goto', extChain));
    if (!hasExternal) elem(d, 'no-endpoint-nodeports', [proto, String(nodePort)], none, comment);
  }

  if (usesExtChain) {
    if (!externalLocal) rule(d, extChain, [masqRule], 'masquerade');
    else {
      rule(d, extChain, [match('ip saddr', cidrString(input.clusterCIDR)), verdict(to('goto', clusterChain))], 'short-circuit pod traffic');
      rule(d, extChain, [match('fib saddr type', 'local'), masqRule], 'masquerade local traffic');
      rule(d, extChain, [match('fib saddr type', 'local'), verdict(to('goto', clusterChain))], 'short-circuit local traffic');
    }
    if (hasExternal) rule(d, extChain, [verdict(to('goto', externalLocal ? localChain : clusterChain))]);
  }
  if (affinity)
    for (const e of eps.reachable)
      container(d, { name: `affinity-${epBase(e)}`, kind: 'set', type: ['ipv4_addr'], flags: ['dynamic', 'timeout'], timeout: svc.sessionAffinityTimeout });
  const policy: [boolean, string, readonly ServiceEndpoint[]][] = [
    [usesClusterChain, clusterChain, eps.cluster],
    [usesLocalChain, localChain, eps.local],
  ];
  for (const [used, name, list] of policy) {
    if (!used) continue;
    if (!affinity) {
      rule(d, name, [match('meta l4proto', proto), { s: 'dnat-map', mod: list.length, map: list.map((e, n) => ({ n, to: e.ip, port: e.port })) }]);
      continue;
    }
    for (const e of list) rule(d, name, [lookup(['ip saddr'], `affinity-${epBase(e)}`), verdict(to('goto', `endpoint-${epBase(e)}`))]);
    rule(d, name, [{ s: 'numgen', mod: list.length, map: list.map((e, n) => ({ n, verdict: to('goto', `endpoint-${epBase(e)}`) })) }]);
  }
  if (affinity)
    for (const e of eps.reachable) {
      const ep = `endpoint-${epBase(e)}`;
      rule(d, ep, [{ s: 'set-update', set: `affinity-${epBase(e)}`, keys: ['ip saddr'] }]);
      rule(d, ep, [match('meta l4proto', proto), { s: 'dnat', to: e.ip, port: e.port }]);
    }
}

/** The `ip kube-proxy` table for this node (one full sync). */
export function kubeProxyTable(input: NftProxyInput): NftTable {
  const d: Draft = { chains: new Map(), sets: new Map() };
  setup(d, input);
  const bySvc = new Map<string, EndpointSliceInfo[]>();
  for (const sl of input.slices) {
    const k = `${sl.namespace}/${sl.service}`;
    if (!bySvc.has(k)) bySvc.set(k, []);
    bySvc.get(k)!.push(sl);
  }
  for (const svc of input.services) for (const sp of svc.ports) servicePort(d, input, svc, sp, bySvc.get(`${svc.namespace}/${svc.name}`) ?? []);
  const chains: NftChain[] = [...d.chains.values()];
  const sets = [...d.sets.values()].map(({ def, elements }) => ({ ...def, elements: [...elements.values()] }));
  return { family: 'ip', name: KUBE_PROXY_TABLE, comment: 'rules for kube-proxy', chains, sets };
}

// iptables.CleanupLeftovers (pkg/proxy/iptables/proxier.go), run when kube-proxy starts in
// nftables mode (cmd/kube-proxy/app/server_linux.go platformCleanup): unlink kube-proxy's
// jumps, flush and delete these chains and every service chain in nat. Not touched: kubelet's
// KUBE-FIREWALL (and its INPUT/OUTPUT jumps), KUBE-MARK-MASQ, the canaries, KUBE-PROXY-FIREWALL.
const CLEANED: Readonly<Record<string, readonly string[]>> = {
  nat: ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING'],
  filter: ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS'],
};
const SERVICE_CHAIN = /^KUBE-(SVC|SVL|SEP|FW|EXT)-/;
const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

function cleanupIptables(nf: Netfilter): Netfilter {
  const out: Record<string, Record<string, Chain>> = {};
  for (const [table, chains] of Object.entries(nf)) {
    const gone = (name: string) => (CLEANED[table] ?? []).includes(name) || (table === 'nat' && SERVICE_CHAIN.test(name));
    const unlinked = (name: string) => gone(name) || name === 'KUBE-PROXY-FIREWALL';
    const kept: Record<string, Chain> = {};
    for (const [name, ch] of Object.entries(chains ?? {})) {
      if (gone(name)) continue;
      kept[name] = BUILTIN.has(name) ? { ...ch, rules: ch.rules.filter((r) => !(r.target.kind === 'JUMP' && unlinked(r.target.chain))) } : ch;
    }
    out[table] = kept;
  }
  return out;
}

/**
 * One kube-proxy sync in nftables mode: the node's `ip kube-proxy` table replaced (other nft
 * tables kept), and the iptables mode's leftovers cleaned up.
 */
export function syncNftables(ns: Netns, input: NftProxyInput): Netns {
  const table = kubeProxyTable(input);
  prepareTable(table);
  const others = (ns.nft ?? []).filter((t) => !(t.family === 'ip' && t.name === KUBE_PROXY_TABLE));
  return { ...ns, netfilter: cleanupIptables(ns.netfilter), nft: [...others, table] };
}
