/**
 * Kubernetes NetworkPolicy evaluation: would this connection be allowed, and why.
 *
 * Heads up! This follows the cyclonus model exactly as REFERENCE §5 states it
 * (mattfenwick/cyclonus pkg/matcher/policy.go IsIngressOrEgressAllowed):
 *   for each direction the target is the destination (Ingress) or the source (Egress);
 *   - a target that is not a cluster pod is not isolated (external IPs; hostNetwork pods and
 *     nodes are node traffic, REFERENCE §5);
 *   - no policy selects the target for that direction: not isolated, allowed;
 *   - otherwise allowed iff ANY rule of ANY selecting policy matches a peer AND a port.
 * Final = egressAllowed(src) && ingressAllowed(dst). Two exemptions REFERENCE §5 adds to
 * cyclonus: a pod talking to itself is never blocked, and traffic from the pod's own node
 * (kubelet probes) is always allowed at ingress.
 *
 * Results are independent of the order of ctx.policies: every list is sorted.
 */
import { describeEnd, destinationPorts, podKey, resolveEnd, sameEnd, type Resolved } from './endpoints';
import { connPortText, matchPeer, matchPort, peerText, policyKey, policySelects, portText } from './k8s-match';
import { allowedByRules, compareRuleRefs, compareStrings, deniedNoMatch, loopbackResult, notAPodText, notIsolated, ownNodeResult, verdictOf } from './results';
import type {
  Connection,
  Direction,
  DirectionResult,
  NamedPort,
  NetworkPolicyRecord,
  PolicyContext,
  PolicyMiss,
  PolicyPod,
  PolicyVerdict,
  RuleMiss,
  RuleRef,
} from './types';

export function evaluate(ctx: PolicyContext, conn: Connection): PolicyVerdict {
  const src = resolveEnd(ctx, conn.src);
  const dst = resolveEnd(ctx, conn.dst);
  return verdictOf(conn, src, dst, evaluateDirection(ctx, conn, 'Egress', src, dst), evaluateDirection(ctx, conn, 'Ingress', src, dst));
}

/** The policies that isolate a pod for a direction, sorted by `namespace/name`. */
export function isolatingPolicies(policies: readonly NetworkPolicyRecord[], pod: PolicyPod, direction: Direction): NetworkPolicyRecord[] {
  return policies.filter((p) => policySelects(p, pod, direction)).sort((a, b) => compareStrings(policyKey(a), policyKey(b)));
}

function section(direction: Direction): 'ingress' | 'egress' {
  return direction === 'Ingress' ? 'ingress' : 'egress';
}

export function ruleRefText(
  policy: string,
  sec: string,
  rule: number,
  peer: number | null,
  port: number | null,
  peerList = sec === 'ingress' ? 'from' : 'to',
): string {
  return `${policy} ${sec}[${rule}]${peer === null ? '' : ` ${peerList}[${peer}]`}${port === null ? '' : ` ports[${port}]`}`;
}

interface RuleOutcome {
  readonly match?: RuleRef;
  readonly miss?: RuleMiss;
}

function judgeRule(
  policy: NetworkPolicyRecord,
  direction: Direction,
  index: number,
  conn: Connection,
  peer: Resolved,
  dstPorts: readonly NamedPort[],
): RuleOutcome {
  const sec = section(direction);
  const rule = (direction === 'Ingress' ? policy.ingress : policy.egress)[index];
  const peerList = sec === 'ingress' ? 'from' : 'to';
  const peerWhy: string[] = [];
  let peerIdx: number | null = null;
  if (rule.peers.length > 0) {
    for (let i = 0; i < rule.peers.length && peerIdx === null; i++) {
      const m = matchPeer(policy, rule.peers[i], peer);
      if (m.ok) peerIdx = i;
      else peerWhy.push(`${peerList}[${i}] ${peerText(rule.peers[i])}: ${m.why}`);
    }
  }
  const portWhy: string[] = [];
  let portIdx: number | null = null;
  if (rule.ports.length > 0) {
    for (let i = 0; i < rule.ports.length && portIdx === null; i++) {
      const m = matchPort(rule.ports[i], conn, dstPorts);
      if (m.ok) portIdx = i;
      else portWhy.push(`ports[${i}] ${portText(rule.ports[i])}: ${m.why}`);
    }
  }
  const peerOk = rule.peers.length === 0 || peerIdx !== null;
  const portOk = rule.ports.length === 0 || portIdx !== null;
  const key = policyKey(policy);
  if (peerOk && portOk) {
    return {
      match: {
        policy: key,
        kind: 'NetworkPolicy',
        section: sec,
        rule: index,
        peer: peerIdx,
        port: portIdx,
        text: ruleRefText(key, sec, index, peerIdx, portIdx),
      },
    };
  }
  const role = direction === 'Ingress' ? 'source' : 'destination';
  const who = describeEnd(peer);
  const head = `${sec}[${index}]`;
  let text: string;
  if (!peerOk && !portOk) text = `${head} admits neither the ${role} ${who} (${peerWhy.join('; ')}) nor ${connPortText(conn)} (${portWhy.join('; ')})`;
  else if (!peerOk) text = `${head} does not admit the ${role} ${who}: ${peerWhy.join('; ')}`;
  else text = `${head} admits the ${role} ${who} but not ${connPortText(conn)}: ${portWhy.join('; ')}`;
  const status = (ok: boolean, empty: boolean): RuleMiss['peer'] => (empty ? 'any' : ok ? 'matched' : 'missed');
  return { miss: { rule: index, peer: status(peerOk, rule.peers.length === 0), port: status(portOk, rule.ports.length === 0), text } };
}

function policyMiss(policy: NetworkPolicyRecord, direction: Direction, pod: PolicyPod, misses: RuleMiss[], conn: Connection, peer: Resolved): PolicyMiss {
  const key = policyKey(policy);
  const sec = section(direction);
  if (misses.length === 0) return { policy: key, rules: [], text: `${key} selects ${pod.name} for ${direction} and has no ${sec} rules` };
  const n = misses.length;
  const none = n === 1 ? `its ${sec} rule does not admit` : `none of its ${n} ${sec} rules admits`;
  const text = `${key} selects ${pod.name} for ${direction}, but ${none} ${describeEnd(peer)} to ${connPortText(conn)}: ${misses.map((m) => m.text).join('; ')}`;
  return { policy: key, rules: misses, text };
}

export function evaluateDirection(ctx: PolicyContext, conn: Connection, direction: Direction, src: Resolved, dst: Resolved): DirectionResult {
  const target = direction === 'Ingress' ? dst : src;
  const peer = direction === 'Ingress' ? src : dst;
  if (target.kind !== 'pod') {
    const { reason, text } = notAPodText(direction, target);
    return notIsolated(direction, null, reason, text);
  }
  const pod = target.pod;
  const key = podKey(pod);
  const isolating = isolatingPolicies(ctx.policies, pod, direction);
  if (isolating.length === 0) return notIsolated(direction, key, 'no-policy', `no NetworkPolicy selects ${key} for ${direction}`);
  const isolatedBy = isolating.map(policyKey);
  if (sameEnd(src, dst)) return loopbackResult(direction, key, isolatedBy);
  if (direction === 'Ingress' && peer.kind === 'node' && peer.node === pod.node) return ownNodeResult(direction, key, pod.node, isolatedBy);
  const dstPorts = destinationPorts(conn, dst);
  const matches: RuleRef[] = [];
  const misses: PolicyMiss[] = [];
  for (const policy of isolating) {
    const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
    const ruleMisses: RuleMiss[] = [];
    let matched = false;
    rules.forEach((_, i) => {
      const out = judgeRule(policy, direction, i, conn, peer, dstPorts);
      if (out.match) {
        matches.push(out.match);
        matched = true;
      } else if (out.miss) ruleMisses.push(out.miss);
    });
    if (!matched) misses.push(policyMiss(policy, direction, pod, ruleMisses, conn, peer));
  }
  if (matches.length > 0) return allowedByRules(direction, key, describeEnd(peer), matches.sort(compareRuleRefs), isolatedBy);
  return deniedNoMatch(direction, key, misses, isolatedBy);
}
