/**
 * The iptables rules of kube-proxy's IPVS proxier (K8S pkg/proxy/ipvs/proxier.go
 * createAndLinkKubeChain, writeIptablesRules, acceptIPVSTraffic), as records:
 *
 *   nat    KUBE-SERVICES (localhost RETURN, then one rule per non-empty ipset: masquerade
 *          off-cluster sources to ClusterIPs, external IPs, the NodePort jump for local
 *          destinations, ACCEPT for ClusterIPs and LB IPs), KUBE-NODE-PORT, KUBE-LOAD-BALANCER,
 *          KUBE-POSTROUTING (hairpin MASQUERADE via KUBE-LOOP-BACK, then what was marked
 *          0x4000), KUBE-MARK-MASQ;
 *   filter KUBE-FORWARD, KUBE-NODE-PORT (health check ports), KUBE-PROXY-FIREWALL and
 *          KUBE-SOURCE-RANGES-FIREWALL (LoadBalancerSourceRanges), KUBE-IPVS-FILTER (REJECT a
 *          NEW connection to a kube-ipvs0 address that is no ip:port of a Service: issue
 *          #72236, so a ping to a ClusterIP is refused), KUBE-IPVS-OUT-FILTER;
 *
 * each ipset rule only when its set has members (ipsetWithIptablesChain). The jumps from the
 * built-in chains are EnsureRule(Prepend) one at a time in iptablesJumpChain order, so a later
 * entry ends up above an earlier one in the same chain. kubelet's KUBE-FIREWALL is kubelet's,
 * not kube-proxy's, and is written as in iptables mode.
 */
import type { Chain, MatchModule, Netfilter, Rule, RuleTarget } from '../model/datapath';
import { parseCidr, type Cidr } from '../wire/ipv4';
import { isKubeChain, kubeletFirewall, MASQ_MARK } from './iptables';
import { KUBE_IPSETS, type IpsetBuilder, type KubeIpsetName } from './ipsets';

type Tables = Record<string, Record<string, Chain>>;

const comment = (text: string): MatchModule => ({ m: 'comment', comment: text });
const jump = (chain: string): RuleTarget => ({ kind: 'JUMP', chain });
const setMatch = (set: KubeIpsetName, dirs: readonly ('src' | 'dst')[]): MatchModule => ({ m: 'set', set, dirs });
const commentOf = (set: KubeIpsetName): MatchModule => comment(KUBE_IPSETS.find((s) => s.name === set)!.comment);

/** iptablesChains: the chains kube-proxy declares (`:KUBE-… - [0:0]`) even when they stay empty. */
const CHAINS: Readonly<Record<'nat' | 'filter', readonly string[]>> = {
  nat: ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'],
  filter: ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'],
};

/** iptablesJumpChain, in its order: table, built-in chain, KUBE chain, comment. */
const JUMPS: readonly (readonly [table: 'nat' | 'filter', from: string, to: string, text: string])[] = [
  ['nat', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals'],
  ['nat', 'PREROUTING', 'KUBE-SERVICES', 'kubernetes service portals'],
  ['nat', 'POSTROUTING', 'KUBE-POSTROUTING', 'kubernetes postrouting rules'],
  ['filter', 'FORWARD', 'KUBE-FORWARD', 'kubernetes forwarding rules'],
  ['filter', 'INPUT', 'KUBE-NODE-PORT', 'kubernetes health check rules'],
  ['filter', 'INPUT', 'KUBE-PROXY-FIREWALL', 'kube-proxy firewall rules'],
  ['filter', 'FORWARD', 'KUBE-PROXY-FIREWALL', 'kube-proxy firewall rules'],
  ['filter', 'INPUT', 'KUBE-IPVS-FILTER', 'kubernetes ipvs access filter'],
  ['filter', 'OUTPUT', 'KUBE-IPVS-OUT-FILTER', 'kubernetes ipvs access filter'],
];

/**
 * ipsetWithIptablesChain: `-A <from> [-p proto] -m comment --comment <set comment> -m set
 * --match-set <set> <dirs> -j <to>`, written for every set that has members.
 */
const SET_RULES: readonly {
  readonly set: KubeIpsetName;
  readonly table: 'nat' | 'filter';
  readonly from: string;
  readonly to: string;
  readonly dirs: readonly ('src' | 'dst')[];
  readonly proto?: 'tcp' | 'udp';
}[] = [
  { set: 'KUBE-LOOP-BACK', table: 'nat', from: 'KUBE-POSTROUTING', to: 'MASQUERADE', dirs: ['dst', 'dst', 'src'] },
  { set: 'KUBE-LOAD-BALANCER', table: 'nat', from: 'KUBE-SERVICES', to: 'KUBE-LOAD-BALANCER', dirs: ['dst', 'dst'] },
  { set: 'KUBE-LOAD-BALANCER-LOCAL', table: 'nat', from: 'KUBE-LOAD-BALANCER', to: 'RETURN', dirs: ['dst', 'dst'] },
  { set: 'KUBE-NODE-PORT-LOCAL-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', dirs: ['dst'], proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', dirs: ['dst'], proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-LOCAL-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', dirs: ['dst'], proto: 'udp' },
  { set: 'KUBE-NODE-PORT-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', dirs: ['dst'], proto: 'udp' },
  { set: 'KUBE-LOAD-BALANCER-FW', table: 'filter', from: 'KUBE-PROXY-FIREWALL', to: 'KUBE-SOURCE-RANGES-FIREWALL', dirs: ['dst', 'dst'] },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', dirs: ['dst', 'dst', 'src'] },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-IP', table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', dirs: ['dst', 'dst', 'src'] },
];

function target(to: string): RuleTarget {
  if (to === 'RETURN' || to === 'ACCEPT' || to === 'DROP') return { kind: to };
  if (to === 'MASQUERADE') return { kind: 'MASQUERADE' };
  return jump(to);
}

/** The node's tables without any KUBE-* chain or jump (a sync rewrites them all; the node's own rules stay). */
function withoutKube(nf: Netfilter): Tables {
  const out: Tables = {};
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

/** EnsureRule(Prepend): the rule goes to the top of the built-in chain. */
function prepend(nf: Tables, table: string, chain: string, rule: Rule): void {
  const t = (nf[table] ??= {});
  const c = t[chain] ?? { name: chain, policy: 'ACCEPT', rules: [] };
  t[chain] = { ...c, rules: [rule, ...c.rules] };
}

/** A node's netfilter after one IPVS-mode sync: the node's own rules plus what kube-proxy (and kubelet) write for `sets`. */
export function writeIpvsRules(base: Netfilter, sets: IpsetBuilder, clusterCIDR: Cidr): Netfilter {
  const nf = withoutKube(base);
  kubeletFirewall(nf);
  const rules: Record<'nat' | 'filter', Map<string, Rule[]>> = {
    nat: new Map(CHAINS.nat.map((c) => [c, []])),
    filter: new Map(CHAINS.filter.map((c) => [c, []])),
  };
  const add = (table: 'nat' | 'filter', chain: string, rule: Rule) => rules[table].get(chain)!.push(rule);
  const has = (set: KubeIpsetName) => !sets.isEmpty(set);

  // Dismiss connects to localhost early in the service chain (IPVS would drop them: crosses_local_route_boundary)
  add('nat', 'KUBE-SERVICES', { match: { src: parseCidr('127.0.0.0/8') }, target: { kind: 'RETURN' } });
  for (const r of SET_RULES)
    if (has(r.set))
      add(r.table, r.from, { match: { ...(r.proto ? { proto: r.proto } : {}), modules: [commentOf(r.set), setMatch(r.set, r.dirs)] }, target: target(r.to) });
  if (has('KUBE-CLUSTER-IP')) {
    // the local detector (--cluster-cidr): off-cluster sources to a ClusterIP are masqueraded
    add('nat', 'KUBE-SERVICES', {
      match: { notSrc: clusterCIDR, modules: [commentOf('KUBE-CLUSTER-IP'), setMatch('KUBE-CLUSTER-IP', ['dst', 'dst'])] },
      target: jump('KUBE-MARK-MASQ'),
    });
  }
  const externalIpRules = (set: KubeIpsetName) => {
    const head = [commentOf(set), setMatch(set, ['dst', 'dst'])];
    // traffic from off the machine: not from a bridge port (a container) and not from a local process
    add('nat', 'KUBE-SERVICES', {
      match: { modules: [...head, { m: 'physdev', isBridged: false, isIn: false }, { m: 'addrtype', srcType: 'LOCAL', invert: true }] },
      target: { kind: 'ACCEPT' },
    });
    add('nat', 'KUBE-SERVICES', { match: { modules: [...head, { m: 'addrtype', dstType: 'LOCAL' }] }, target: { kind: 'ACCEPT' } });
  };
  if (has('KUBE-EXTERNAL-IP')) {
    add('nat', 'KUBE-SERVICES', {
      match: { modules: [commentOf('KUBE-EXTERNAL-IP'), setMatch('KUBE-EXTERNAL-IP', ['dst', 'dst'])] },
      target: jump('KUBE-MARK-MASQ'),
    });
    externalIpRules('KUBE-EXTERNAL-IP');
  }
  if (has('KUBE-EXTERNAL-IP-LOCAL')) externalIpRules('KUBE-EXTERNAL-IP-LOCAL');
  add('nat', 'KUBE-SERVICES', { match: { modules: [{ m: 'addrtype', dstType: 'LOCAL' }] }, target: jump('KUBE-NODE-PORT') });
  add('nat', 'KUBE-LOAD-BALANCER', { match: {}, target: jump('KUBE-MARK-MASQ') });
  add('filter', 'KUBE-SOURCE-RANGES-FIREWALL', { match: {}, target: { kind: 'DROP' } });
  // acceptIPVSTraffic: the end of KUBE-SERVICES, so that no later nat rule touches IPVS traffic
  for (const set of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER'] as const)
    if (has(set)) add('nat', 'KUBE-SERVICES', { match: { modules: [setMatch(set, ['dst', 'dst'])] }, target: { kind: 'ACCEPT' } });
  add('filter', 'KUBE-FORWARD', {
    match: { modules: [comment('kubernetes forwarding rules'), { m: 'mark', value: MASQ_MARK, mask: MASQ_MARK }] },
    target: { kind: 'ACCEPT' },
  });
  add('filter', 'KUBE-FORWARD', {
    match: { modules: [comment('kubernetes forwarding conntrack rule'), { m: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'] }] },
    target: { kind: 'ACCEPT' },
  });
  add('filter', 'KUBE-NODE-PORT', {
    match: { modules: [commentOf('KUBE-HEALTH-CHECK-NODE-PORT'), setMatch('KUBE-HEALTH-CHECK-NODE-PORT', ['dst'])] },
    target: { kind: 'ACCEPT' },
  });
  for (const set of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL'] as const)
    add('filter', 'KUBE-IPVS-FILTER', { match: { modules: [setMatch(set, ['dst', 'dst'])] }, target: { kind: 'RETURN' } });
  add('filter', 'KUBE-IPVS-FILTER', { match: { modules: [setMatch('KUBE-HEALTH-CHECK-NODE-PORT', ['dst'])] }, target: { kind: 'RETURN' } });
  add('filter', 'KUBE-IPVS-FILTER', {
    match: { modules: [{ m: 'conntrack', ctstate: ['NEW'] }, setMatch('KUBE-IPVS-IPS', ['dst'])] },
    target: { kind: 'REJECT', with: 'icmp-port-unreachable' },
  });
  add('nat', 'KUBE-POSTROUTING', { match: { modules: [{ m: 'mark', value: MASQ_MARK, mask: MASQ_MARK, invert: true }] }, target: { kind: 'RETURN' } });
  // clear the mark (--xor-mark) so a packet that traverses the stack again is not masqueraded twice
  add('nat', 'KUBE-POSTROUTING', { match: {}, target: { kind: 'MARK', value: MASQ_MARK, mask: 0 } });
  add('nat', 'KUBE-POSTROUTING', {
    match: { modules: [comment('kubernetes service traffic requiring SNAT')] },
    target: { kind: 'MASQUERADE', randomFully: true },
  });
  add('nat', 'KUBE-MARK-MASQ', { match: {}, target: { kind: 'MARK', value: MASQ_MARK, mask: MASQ_MARK } });

  for (const table of ['nat', 'filter'] as const)
    nf[table] = { ...nf[table], ...Object.fromEntries([...rules[table]].map(([name, rs]) => [name, { name, rules: rs }])) };
  for (const [table, from, to, text] of JUMPS) prepend(nf, table, from, { match: { modules: [comment(text)] }, target: jump(to) });
  return nf;
}
