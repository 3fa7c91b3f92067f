/**
 * The agent's policy engine, distilled into each endpoint's policy map (pkg/policy
 * repository.go, mapstate.go; notes/cilium.md §6): Kubernetes NetworkPolicies and
 * CiliumNetworkPolicies selecting the endpoint are one rule set per direction. For every peer
 * identity the cluster has (one representative endpoint or address each) and every protocol and
 * port range the policies distinguish, the evaluators (policy/evaluate.ts, policy/cilium.ts)
 * decide, and the decision becomes the map entry the tc programs look up. A direction no rule
 * selects gets the allow-all key and no enforcement.
 *
 * Cilium's rules: a deny rule wins over every allow; allows are a union (either kind of policy
 * may admit); CIDR rules (ipBlock, toCIDR) match only peers outside the cluster — "CIDR rules do
 * not apply to traffic where both sides of the connection are either managed by Cilium or use an
 * IP belonging to a node in the cluster" (Documentation/security/policy/language.rst), so a
 * Kubernetes ipBlock naming a pod address admits nothing there.
 * Simplified: one world identity (no CIDR identities); the world peer is represented by the
 * first outside host.
 */
import type { BpfMap, Cluster } from '../../model/datapath';
import { evaluateDirection } from '../../policy/evaluate';
import { evaluateCiliumDirection } from '../../policy/cilium';
import { identityOf } from '../../policy/cilium-identity';
import { resolveEnd, type Resolved } from '../../policy/endpoints';
import type { CiliumContext, CiliumPolicy } from '../../policy/crd-types';
import type { Connection, DirectionResult, NetworkPolicyRecord, PolicyContext, PolicyWorld, RuleRef } from '../../policy/types';
import { policyMapName, type EndpointInfo } from './maps';
import { ENFORCED_KEY, policyKey, portProtoText, type PolicyDir, type PolicyProto, type PolicyValue } from './policy-map';

/** The ports at which any rule's port set can change: every port, range end and container port. */
export function portIntervals(c: Cluster): [number, number][] {
  const pts = new Set<number>();
  for (const p of c.api.networkPolicies) {
    if (p.kind === 'NetworkPolicy')
      for (const r of [...p.ingress, ...p.egress])
        for (const x of r.ports) {
          if (typeof x.port === 'number') pts.add(x.port);
          if (x.endPort !== null) pts.add(x.endPort);
        }
    if (p.kind === 'CiliumNetworkPolicy')
      for (const rule of p.rules)
        for (const r of [...rule.ingress, ...rule.egress, ...rule.ingressDeny, ...rule.egressDeny])
          for (const pr of r.toPorts)
            for (const x of pr.ports) {
              if (typeof x.port === 'number' && x.port > 0) pts.add(x.port);
              if (x.endPort !== null) pts.add(x.endPort);
            }
  }
  for (const pod of c.pods) for (const x of pod.ports) pts.add(x.containerPort);
  const sorted = [...pts].filter((x) => x >= 1 && x <= 65535).sort((a, b) => a - b);
  const out: [number, number][] = [];
  let start = 1;
  for (const p of sorted) {
    if (start <= p - 1) out.push([start, p - 1]);
    out.push([p, p]);
    start = p + 1;
  }
  if (start <= 65535) out.push([start, 65535]);
  return out;
}

/** ipBlock peers never match cluster endpoints or nodes under Cilium: replaced by an address no peer has. */
function withoutIpBlocks(ps: readonly NetworkPolicyRecord[]): NetworkPolicyRecord[] {
  const fix = (r: NetworkPolicyRecord['ingress'][number]) => ({
    ...r,
    peers: r.peers.map((x) => (x.kind === 'ipBlock' ? { ...x, cidr: '255.255.255.255/32', except: [] } : x)),
  });
  return ps.map((p) => ({ ...p, ingress: p.ingress.map(fix), egress: p.egress.map(fix) }));
}

function matchOf(by: RuleRef | null): string {
  if (!by) return 'L3-Only';
  if (by.peer === null && by.port === null) return 'all';
  if (by.peer === null) return 'L4-Only';
  return by.port === null ? 'L3-Only' : 'L3-L4';
}

/** Simplified: the proxy port the agent allocates in 10000-20000, a hash of the endpoint id here. */
function proxyPort(epId: number): number {
  return 10000 + (((epId * 2654435761) >>> 0) % 10001);
}

interface Peer {
  readonly identity: number;
  readonly end: Resolved;
}

/** One peer per identity: an endpoint of each identity, the local host, a remote node (and the API server's), the world. */
function peersOf(c: Cluster, world: PolicyWorld, table: Map<string, number>, node: string): Peer[] {
  const apiIps = c.pods.filter((p) => p.hostNetwork && p.labels.component === 'kube-apiserver' && p.ip).map((p) => p.ip!);
  const out = new Map<number, Peer>();
  for (const p of world.pods)
    if (!p.hostNetwork && p.ip) {
      const end = resolveEnd(world, { pod: p });
      const id = identityOf(world, table, end, node, apiIps).id;
      if (!out.has(id)) out.set(id, { identity: id, end });
    }
  for (const n of c.nodes) {
    const end = resolveEnd(world, { ip: n.ip });
    const id = identityOf(world, table, end, node, apiIps).id;
    if (!out.has(id)) out.set(id, { identity: id, end });
  }
  const outside = c.externals[0]?.ip ?? '203.0.113.10';
  out.set(2, { identity: 2, end: resolveEnd(world, { ip: outside }) });
  return [...out.values()];
}

type Combined =
  { enforced: false } | { enforced: true; allowed: boolean; deny: boolean; why: string; match: string; policies: readonly string[]; l7?: boolean };

function combine(rs: readonly DirectionResult[]): Combined {
  const isolated = rs.filter((r) => r.kind !== 'not-isolated');
  if (!isolated.length) return { enforced: false };
  const policies = [...new Set(isolated.flatMap((r) => (r.kind === 'allowed' || r.kind === 'denied' ? r.isolatedBy : [])))];
  const denyRule = isolated.find((r) => r.kind === 'denied' && r.reason === 'deny-rule');
  if (denyRule) return { enforced: true, allowed: false, deny: true, why: denyRule.text, match: 'none', policies };
  const allow = isolated.find((r) => r.kind === 'allowed');
  if (allow && allow.kind === 'allowed')
    // an allow whose port carries HTTP rules (and no plain L4 allow) sends the flow to the proxy
    return { enforced: true, allowed: true, deny: false, why: allow.text, match: matchOf(allow.by), policies, ...(allow.l7?.pending ? { l7: true } : {}) };
  return {
    enforced: true,
    allowed: false,
    deny: false,
    why: isolated.map((r) => `${r.direction.toLowerCase()}: ${r.text}`).join('; '),
    match: 'none',
    policies,
  };
}

export function policyMaps(c: Cluster, world: PolicyWorld, table: Map<string, number>, eps: readonly EndpointInfo[], node: string): BpfMap[] {
  // splitPolicies (policy/objects.ts) would pull the schemas (zod) into the first load
  const split = {
    kubernetes: c.api.networkPolicies.filter((o): o is NetworkPolicyRecord => o.kind === 'NetworkPolicy'),
    cilium: c.api.networkPolicies.filter((o): o is CiliumPolicy => o.kind === 'CiliumNetworkPolicy'),
  };
  if (!split.kubernetes.length && !split.cilium.length) return [];
  const intervals = portIntervals(c);
  const k8sPods: PolicyContext = { ...world, policies: withoutIpBlocks(split.kubernetes) };
  const k8sWorld: PolicyContext = { ...world, policies: split.kubernetes };
  const cil: CiliumContext = { ...world, ciliumPolicies: split.cilium };
  const peers = peersOf(c, world, table, node);
  const maps: BpfMap[] = [];
  for (const ep of eps) {
    const [ns, name] = ep.pod.split('/');
    const me = resolveEnd(world, { pod: { namespace: ns, name } });
    const out: Record<string, unknown> = {};
    for (const dir of ['Ingress', 'Egress'] as PolicyDir[]) {
      const rows: [string, PolicyValue][] = [];
      let enforced = false;
      let policies: readonly string[] = [];
      for (const peer of peers) {
        const [src, dst] = dir === 'Ingress' ? [peer.end, me] : [me, peer.end];
        const k8s = peer.end.kind === 'external' ? k8sWorld : k8sPods;
        const decide = (protocol: Connection['protocol'], port?: number) => {
          const conn: Connection = { src: {}, dst: {}, protocol, ...(port !== undefined ? { port } : {}) };
          return combine([evaluateDirection(k8s, conn, dir, src, dst), evaluateCiliumDirection(cil, conn, dir, src, dst, table)]);
        };
        const add = (proto: PolicyProto, lo: number, hi: number, r: Combined) => {
          if (!r.enforced) return;
          enforced = true;
          policies = [...new Set([...policies, ...r.policies])];
          const value: PolicyValue = {
            verdict: r.allowed ? 'allow' : 'deny',
            portProto: portProtoText(proto, lo, hi),
            proxyPort: r.l7 ? proxyPort(ep.id) : 0,
            why: r.why,
            policies: r.policies,
            match: r.match,
            ...(r.deny ? { denyRule: true } : {}),
            ...(!r.allowed && !r.deny ? { miss: true } : {}),
          };
          const prev = rows[rows.length - 1];
          // adjacent ranges with the same decision are one LPM entry
          if (prev && prev[0].startsWith(`${dir}|${peer.identity}|${proto}|`) && prev[1].why === value.why && prev[1].verdict === value.verdict) {
            const plo = Number(prev[0].split('|')[3].split('-')[0]);
            rows[rows.length - 1] = [policyKey(dir, peer.identity, proto, plo, hi), { ...value, portProto: portProtoText(proto, plo, hi) }];
          } else rows.push([policyKey(dir, peer.identity, proto, lo, hi), value]);
        };
        for (const proto of ['TCP', 'UDP'] as const) for (const [lo, hi] of intervals) add(proto, lo, hi, decide(proto, lo));
        add('ICMP', 0, 65535, decide('ICMP'));
      }
      if (!enforced) {
        out[policyKey(dir, 0, 'ANY', 0, 65535)] = {
          verdict: 'allow',
          portProto: 'ANY',
          proxyPort: 0,
          why: `no policy selects ${ep.pod} for ${dir}`,
          policies: [],
        } satisfies PolicyValue;
        continue;
      }
      out[ENFORCED_KEY(dir)] = { policies };
      for (const [k, v] of rows) out[k] = v;
    }
    maps.push({ name: policyMapName(ep.id), type: 'lpm_trie', entries: out });
  }
  return maps;
}
