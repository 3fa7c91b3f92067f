/**
 * kube-proxy's iptables mode (K8S pkg/proxy/iptables/proxier.go syncProxyRules;
 * REFERENCE.md §2): from the Services and EndpointSlices it writes, on every node,
 *
 *   nat    KUBE-SERVICES (one rule per ClusterIP port, the NodePort jump last), KUBE-SVC-<hash>
 *          (the masquerade rule for sources outside the cluster CIDR, then one rule per endpoint
 *          with -m statistic probabilities 1/n, 1/(n-1) … and none for the last), KUBE-SEP-<hash>
 *          (hairpin masquerade, DNAT), KUBE-EXT/KUBE-SVL for external and local-only traffic,
 *          KUBE-NODEPORTS, KUBE-MARK-MASQ, KUBE-POSTROUTING (MASQUERADE what was marked 0x4000);
 *   filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES (REJECT for no endpoints, DROP for no local
 *          endpoints), KUBE-FORWARD, KUBE-PROXY-FIREWALL, and kubelet's KUBE-FIREWALL;
 *
 * with its jump rules prepended to the built-in chains. Endpoints are in `ip:port` string order
 * (endpointslicecache byEndpoint). Rules are built as records; iptables-save prints them.
 */
import type { Chain, MatchModule, Netfilter, Rule, RuleTarget } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo, ServicePortInfo } from '../model/k8s';
import { endpointsFor, type ServiceEndpoint } from './endpoints';
import { parseCidr, type Cidr, type Ipv4 } from '../wire/ipv4';
import { probabilityValue } from '../tables/iptables-rule';
import { extChain, sepChain, servicePortName, svcChain, svlChain } from './chain-names';

export const MASQ_MARK = 0x4000;

const comment = (text: string): MatchModule => ({ m: 'comment', comment: text });
const jump = (chain: string): RuleTarget => ({ kind: 'JUMP', chain });
const host = (ip: Ipv4): Cidr => parseCidr(`${ip}/32`);
const ctNew: MatchModule = { m: 'conntrack', ctstate: ['NEW'] };

export { endpointsFor, type ServiceEndpoint } from './endpoints';

function lower(p: ServicePortInfo['protocol']): 'tcp' | 'udp' | undefined {
  return p === 'TCP' ? 'tcp' : p === 'UDP' ? 'udp' : undefined;
}

/** `fmt.Sprintf("%0.10f", 1.0/float64(n))`, stored as the kernel stores it. */
function probability(n: number): number {
  return probabilityValue(Number((1 / n).toFixed(10)));
}

export interface IptablesProxyInput {
  readonly node: string;
  /** addresses of this node (NodePorts answer on every local address: -m addrtype --dst-type LOCAL) */
  readonly clusterCIDR: Cidr;
  readonly services: readonly ServiceInfo[];
  readonly slices: readonly EndpointSliceInfo[];
}

type Tables = Record<'nat' | 'filter', Map<string, Rule[]>>;

function add(t: Map<string, Rule[]>, chain: string, rule?: Rule): void {
  if (!t.has(chain)) t.set(chain, []);
  if (rule) t.get(chain)!.push(rule);
}

/** Writes one Service port's chains (syncProxyRules' per-service-port loop). */
function servicePort(tb: Tables, input: IptablesProxyInput, svc: ServiceInfo, sp: ServicePortInfo): void {
  const proto = lower(sp.protocol);
  if (!proto || svc.type === 'ExternalName' || !svc.clusterIP || svc.clusterIP === 'None') return;
  const spn = servicePortName(svc.namespace, svc.name, sp.name);
  const all = endpointsFor(svc, sp, input.slices);
  // ready endpoints serve; terminating-but-serving ones only when nothing is ready (ProxyTerminatingEndpoints)
  const ready = all.filter((e) => e.ready);
  const cluster = ready.length ? ready : all.filter((e) => e.serving && e.terminating);
  const local = cluster.filter((e) => e.node === input.node);
  const svcName = svcChain(spn, sp.protocol);
  const svlName = svlChain(spn, sp.protocol);
  const extName = extChain(spn, sp.protocol);
  const pm = (dport?: number): MatchModule => ({ m: proto, ...(dport !== undefined ? { dport } : {}) });
  const vip = svc.clusterIP;
  const internalLocal = svc.internalTrafficPolicy === 'Local';
  const externalLocal = svc.externalTrafficPolicy === 'Local';
  const internal = internalLocal ? local : cluster;
  const internalChain = internalLocal ? svlName : svcName;
  const hasExternal = svc.type === 'NodePort' || svc.type === 'LoadBalancer' || svc.externalIPs.length > 0;
  const external = externalLocal ? local : cluster;

  const { nat, filter } = tb;
  // syncProxyRules' flags: which chains this port needs
  const hasEndpoints = cluster.length > 0;
  const hasInternalEndpoints = internal.length > 0;
  const hasExternalEndpoints = external.length > 0;
  // UsesClusterEndpoints: cluster-policy traffic, or external traffic (eTP Local still sends pod and LOCAL traffic there)
  const usesClusterChain = hasEndpoints && (!internalLocal || hasExternal);
  const usesLocalChain = (internalLocal || (hasExternal && externalLocal)) && local.length > 0;
  const usesExtChain = hasEndpoints && hasExternal;
  const noEndpoints = (local: boolean): { what: string; target: RuleTarget } =>
    local && hasEndpoints
      ? { what: 'has no local endpoints', target: { kind: 'DROP' } }
      : { what: 'has no endpoints', target: { kind: 'REJECT', with: 'icmp-port-unreachable' } };

  if (hasInternalEndpoints) {
    // off-cluster sources reaching a VIP are masqueraded (localDetector.IfNotLocal: ! -s <cluster CIDR>)
    add(nat, internalChain, {
      match: { notSrc: input.clusterCIDR, dst: host(vip), proto, modules: [comment(`${spn} cluster IP`), pm(sp.port)] },
      target: jump('KUBE-MARK-MASQ'),
    });
    add(nat, 'KUBE-SERVICES', { match: { dst: host(vip), proto, modules: [comment(`${spn} cluster IP`), pm(sp.port)] }, target: jump(internalChain) });
  } else {
    const n = noEndpoints(internalLocal);
    add(filter, 'KUBE-SERVICES', { match: { dst: host(vip), proto, modules: [comment(`${spn} ${n.what}`), pm(sp.port)] }, target: n.target });
  }
  if (hasExternal) {
    const n = noEndpoints(externalLocal);
    for (const ip of [...svc.externalIPs, ...(svc.loadBalancerIP ? [svc.loadBalancerIP] : [])]) {
      const label = svc.externalIPs.includes(ip) ? 'external IP' : 'loadbalancer IP';
      if (hasEndpoints)
        add(nat, 'KUBE-SERVICES', { match: { dst: host(ip), proto, modules: [comment(`${spn} ${label}`), pm(sp.port)] }, target: jump(extName) });
      if (!hasExternalEndpoints)
        add(filter, 'KUBE-EXTERNAL-SERVICES', { match: { dst: host(ip), proto, modules: [comment(`${spn} ${n.what}`), pm(sp.port)] }, target: n.target });
    }
    if (sp.nodePort !== undefined && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')) {
      if (hasEndpoints) add(nat, 'KUBE-NODEPORTS', { match: { proto, modules: [comment(spn), pm(sp.nodePort)] }, target: jump(extName) });
      if (!hasExternalEndpoints)
        add(filter, 'KUBE-EXTERNAL-SERVICES', {
          match: { proto, modules: [comment(`${spn} ${n.what}`), { m: 'addrtype', dstType: 'LOCAL' }, pm(sp.nodePort)] },
          target: n.target,
        });
    }
  }
  if (usesExtChain) {
    add(nat, extName);
    if (externalLocal) {
      add(nat, extName, { match: { src: input.clusterCIDR, modules: [comment(`pod traffic for ${spn} external destinations`)] }, target: jump(svcName) });
      add(nat, extName, {
        match: { modules: [comment(`masquerade LOCAL traffic for ${spn} external destinations`), { m: 'addrtype', srcType: 'LOCAL' }] },
        target: jump('KUBE-MARK-MASQ'),
      });
      add(nat, extName, {
        match: { modules: [comment(`route LOCAL traffic for ${spn} external destinations`), { m: 'addrtype', srcType: 'LOCAL' }] },
        target: jump(svcName),
      });
    } else {
      add(nat, extName, { match: { modules: [comment(`masquerade traffic for ${spn} external destinations`)] }, target: jump('KUBE-MARK-MASQ') });
    }
    if (hasExternalEndpoints) add(nat, extName, { match: {}, target: jump(externalLocal ? svlName : svcName) });
  }
  if (usesClusterChain) writeEndpoints(tb, svcName, spn, svc, sp, proto, cluster);
  if (usesLocalChain) writeEndpoints(tb, svlName, spn, svc, sp, proto, local);
}

function writeEndpoints(
  tb: Tables,
  chain: string,
  spn: string,
  svc: ServiceInfo,
  sp: ServicePortInfo,
  proto: 'tcp' | 'udp',
  eps: readonly ServiceEndpoint[],
): void {
  const { nat } = tb;
  add(nat, chain);
  const affinity = svc.sessionAffinity === 'ClientIP';
  const seps = eps.map((e) => ({ e, name: sepChain(spn, sp.protocol, `${e.ip}:${e.port}`) }));
  if (affinity) {
    for (const { e, name } of seps)
      add(nat, chain, {
        match: {
          modules: [
            comment(`${spn} -> ${e.ip}:${e.port}`),
            { m: 'recent', name, op: 'rcheck', seconds: svc.sessionAffinityTimeout, reap: true, mask: '255.255.255.255', side: 'source' },
          ],
        },
        target: jump(name),
      });
  }
  seps.forEach(({ e, name }, i) => {
    const left = seps.length - i;
    const mods: MatchModule[] = [comment(`${spn} -> ${e.ip}:${e.port}`)];
    if (left > 1) mods.push({ m: 'statistic', probability: probability(left) });
    add(nat, chain, { match: { modules: mods }, target: jump(name) });
    add(nat, name, { match: { src: host(e.ip), modules: [comment(spn)] }, target: jump('KUBE-MARK-MASQ') });
    const dnatMods: MatchModule[] = [comment(spn)];
    if (affinity) dnatMods.push({ m: 'recent', name, op: 'set', mask: '255.255.255.255', side: 'source' });
    dnatMods.push({ m: proto });
    add(nat, name, { match: { proto, modules: dnatMods }, target: { kind: 'DNAT', to: e.ip, port: e.port } });
  });
}

/**
 * One Service port's chains. Every node writes the same ones unless a traffic policy is Local
 * (then the node's own endpoints matter), so those are computed once per API state and shared
 * by all nodes' tables — 200 nodes × 2,000 endpoints is then one computation, not 200.
 */
interface PortTables extends Tables {
  /** the same rules as Chain records, made once and shared by every node that borrows them */
  readonly chains: Record<'nat' | 'filter', Record<string, Chain>>;
}

const portCache = new WeakMap<readonly EndpointSliceInfo[], WeakMap<ServiceInfo, Map<string, PortTables>>>();

function portTables(input: IptablesProxyInput, svc: ServiceInfo, sp: ServicePortInfo): PortTables {
  const fresh = (): PortTables => {
    const tb: Tables = { nat: new Map(), filter: new Map() };
    servicePort(tb, input, svc, sp);
    return { ...tb, chains: { nat: chainsOf(tb.nat), filter: chainsOf(tb.filter) } };
  };
  if (svc.internalTrafficPolicy === 'Local' || svc.externalTrafficPolicy === 'Local') return fresh();
  let perSvc = portCache.get(input.slices);
  if (!perSvc) portCache.set(input.slices, (perSvc = new WeakMap()));
  let perPort = perSvc.get(svc);
  if (!perPort) perSvc.set(svc, (perPort = new Map()));
  const key = `${svc.ports.indexOf(sp)} ${input.clusterCIDR.net}/${input.clusterCIDR.prefix}`;
  let tb = perPort.get(key);
  if (!tb) perPort.set(key, (tb = fresh()));
  return tb;
}

type OwnChains = Record<'nat' | 'filter', Record<string, Chain>>;

/**
 * Adds a port's chains to the node's: chains the node already has (KUBE-SERVICES…) get its
 * rules appended; chains only this port writes (its KUBE-SVC/SEP/EXT) are borrowed whole.
 */
function mergePort(tb: Tables, part: PortTables, own: OwnChains): void {
  for (const table of ['nat', 'filter'] as const) {
    const into = tb[table];
    for (const [chain, rules] of part[table]) {
      const have = into.get(chain);
      const borrowed = own[table][chain];
      if (have) have.push(...rules);
      else if (borrowed) {
        into.set(chain, [...borrowed.rules, ...rules]);
        delete own[table][chain];
      } else own[table][chain] = part.chains[table][chain];
    }
  }
}

function chainsOf(m: Map<string, Rule[]>): Record<string, Chain> {
  return Object.fromEntries([...m.entries()].map(([name, rules]) => [name, { name, rules }]));
}

/** The chains kube-proxy (and kubelet's KUBE-FIREWALL) own on a node: everything named KUBE-*. */
export function isKubeChain(name: string): boolean {
  return name.startsWith('KUBE-');
}

function withoutKube(nf: Netfilter): Netfilter {
  const out: Record<string, Record<string, Chain>> = {};
  for (const [table, chains] of Object.entries(nf)) {
    const kept: Record<string, Chain> = {};
    for (const [name, ch] of Object.entries(chains ?? {})) {
      if (isKubeChain(name)) continue;
      kept[name] = { ...ch, rules: ch.rules.filter((r) => !(r.target.kind === 'JUMP' && isKubeChain(r.target.chain))) };
    }
    out[table] = kept;
  }
  return out;
}

function prepend(nf: Record<string, Record<string, Chain>>, table: string, chain: string, rules: Rule[]): void {
  const t = (nf[table] ??= {});
  const c = t[chain] ?? { name: chain, policy: 'ACCEPT', rules: [] };
  t[chain] = { ...c, rules: [...rules, ...c.rules] };
}

function append(nf: Record<string, Record<string, Chain>>, table: string, chain: string, rules: Rule[]): void {
  const t = (nf[table] ??= {});
  const c = t[chain] ?? { name: chain, policy: 'ACCEPT', rules: [] };
  t[chain] = { ...c, rules: [...c.rules, ...rules] };
}

/** kubelet's KUBE-FIREWALL (pkg/kubelet/kubelet_network_linux.go): localnet protection, jumped to from INPUT and OUTPUT. */
export function kubeletFirewall(nf: Record<string, Record<string, Chain>>): void {
  const filter = (nf.filter ??= {});
  filter['KUBE-FIREWALL'] = {
    name: 'KUBE-FIREWALL',
    rules: [
      {
        match: {
          notSrc: parseCidr('127.0.0.0/8'),
          dst: parseCidr('127.0.0.0/8'),
          modules: [comment('block incoming localnet connections'), { m: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED', 'DNAT'], invert: true }],
        },
        target: { kind: 'DROP' },
      },
    ],
  };
  append(nf, 'filter', 'INPUT', [{ match: {}, target: jump('KUBE-FIREWALL') }]);
  append(nf, 'filter', 'OUTPUT', [{ match: {}, target: jump('KUBE-FIREWALL') }]);
}

/**
 * A node's netfilter after kube-proxy's sync: the node's own rules (flannel's, a fault's)
 * with every KUBE-* chain and jump replaced by what the Services and EndpointSlices need now.
 */
export function syncIptables(base: Netfilter, input: IptablesProxyInput): Netfilter {
  const nf = withoutKube(base) as Record<string, Record<string, Chain>>;
  kubeletFirewall(nf);
  const tb: Tables = { nat: new Map(), filter: new Map() };
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-PROXY-CANARY']) add(tb.nat, c);
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-PROXY-CANARY']) add(tb.filter, c);
  // kube-proxy walks a Go map (random order); the lab sorts by namespace/name for stable output
  const sorted = [...input.services].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  const own: OwnChains = { nat: {}, filter: {} };
  for (const svc of sorted) for (const sp of svc.ports) mergePort(tb, portTables(input, svc, sp), own);
  add(tb.nat, 'KUBE-SERVICES', {
    match: { modules: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { m: 'addrtype', dstType: 'LOCAL' }] },
    target: jump('KUBE-NODEPORTS'),
  });
  add(tb.nat, 'KUBE-MARK-MASQ', { match: {}, target: { kind: 'MARK', value: MASQ_MARK, mask: MASQ_MARK } });
  add(tb.nat, 'KUBE-POSTROUTING', { match: { modules: [{ m: 'mark', value: MASQ_MARK, mask: MASQ_MARK, invert: true }] }, target: { kind: 'RETURN' } });
  add(tb.nat, 'KUBE-POSTROUTING', { match: {}, target: { kind: 'MARK', value: MASQ_MARK, mask: 0 } });
  add(tb.nat, 'KUBE-POSTROUTING', {
    match: { modules: [comment('kubernetes service traffic requiring SNAT')] },
    target: { kind: 'MASQUERADE', randomFully: true },
  });
  add(tb.filter, 'KUBE-FORWARD', { match: { modules: [{ m: 'conntrack', ctstate: ['INVALID'] }] }, target: { kind: 'DROP' } });
  add(tb.filter, 'KUBE-FORWARD', {
    match: { modules: [comment('kubernetes forwarding rules'), { m: 'mark', value: MASQ_MARK, mask: MASQ_MARK }] },
    target: { kind: 'ACCEPT' },
  });
  add(tb.filter, 'KUBE-FORWARD', {
    match: { modules: [comment('kubernetes forwarding conntrack rule'), { m: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'] }] },
    target: { kind: 'ACCEPT' },
  });
  nf.nat = { ...nf.nat, ...chainsOf(tb.nat), ...own.nat };
  nf.filter = { ...nf.filter, ...chainsOf(tb.filter), ...own.filter };
  nf.mangle = { ...(nf.mangle ?? emptyMangle()), 'KUBE-PROXY-CANARY': { name: 'KUBE-PROXY-CANARY', rules: [] } };
  const portals = comment('kubernetes service portals');
  prepend(nf, 'nat', 'PREROUTING', [{ match: { modules: [portals] }, target: jump('KUBE-SERVICES') }]);
  prepend(nf, 'nat', 'OUTPUT', [{ match: { modules: [portals] }, target: jump('KUBE-SERVICES') }]);
  prepend(nf, 'nat', 'POSTROUTING', [{ match: { modules: [comment('kubernetes postrouting rules')] }, target: jump('KUBE-POSTROUTING') }]);
  const fw: Rule = { match: { modules: [ctNew, comment('kubernetes load balancer firewall')] }, target: jump('KUBE-PROXY-FIREWALL') };
  const ext: Rule = { match: { modules: [ctNew, comment('kubernetes externally-visible service portals')] }, target: jump('KUBE-EXTERNAL-SERVICES') };
  prepend(nf, 'filter', 'INPUT', [fw, { match: { modules: [comment('kubernetes health check service ports')] }, target: jump('KUBE-NODEPORTS') }, ext]);
  prepend(nf, 'filter', 'FORWARD', [
    fw,
    { match: { modules: [comment('kubernetes forwarding rules')] }, target: jump('KUBE-FORWARD') },
    { match: { modules: [ctNew, portals] }, target: jump('KUBE-SERVICES') },
    ext,
  ]);
  prepend(nf, 'filter', 'OUTPUT', [fw, { match: { modules: [ctNew, portals] }, target: jump('KUBE-SERVICES') }]);
  return nf;
}

function emptyMangle(): Record<string, Chain> {
  return Object.fromEntries(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].map((c) => [c, { name: c, policy: 'ACCEPT' as const, rules: [] }]));
}
