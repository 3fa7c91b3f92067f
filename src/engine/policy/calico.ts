/**
 * Calico policy evaluation (what Felix programs as cali-pi-/cali-po- chains), default tier only.
 *
 * tigera/docs calico/reference/resources/tier.mdx "How policy is evaluated" and _rule.mdx:
 *   - the policies that select the endpoint for the direction run in order: `order` ascending,
 *     no order last, ties by name (Felix calc/policy_sorter.go PolKVLess); Calico NetworkPolicy,
 *     GlobalNetworkPolicy and converted Kubernetes policies (order 1000) interleave;
 *   - inside a policy, rules run in order; the first Allow or Deny decides, Log records and
 *     goes on, Pass skips the rest of the tier;
 *   - no policy selects the endpoint: its namespace profile kns.<ns> allows everything;
 *   - policies select it but none acts: the tier's default action, Deny ("end of tier drop");
 *   - Pass in the last tier hands the packet to the profiles, which allow it.
 * Simplified: one tier (default). Staged policies, host endpoints, service accounts, services and
 * HTTP matches are not modelled. The loopback and own-node exemptions of REFERENCE §5 are kept
 * for Calico too (UNVERIFIED against Felix for explicit Deny rules).
 */
import { cidrContains, parseCidr } from '../wire/ipv4';
import { calicoSelectorMatches, calicoSelectorString, type CalicoSelector } from './calico-selector';
import { kubernetesToCalico } from './calico-convert';
import type { CalicoContext, CalicoEntityRule, CalicoPolicy, CalicoPort, CalicoProtocol, CalicoRule } from './crd-types';
import { describeEnd, destinationPorts, namespaceLabels, podKey, resolveEnd, sameEnd, type Resolved } from './endpoints';
import type { Match } from './k8s-match';
import { compareStrings, loopbackResult, notAPodText, notIsolated, ownNodeResult, verdictOf } from './results';
import type { Connection, Direction, DirectionResult, Labels, NamedPort, PolicyMiss, PolicyPod, PolicyVerdict, RuleMiss, RuleRef } from './types';

const yes: Match = { ok: true, why: '' };
const no = (why: string): Match => ({ ok: false, why });

/** workload endpoint labels: the pod's plus the ones Calico adds (conversion.go PodToWorkloadEndpoints) */
export function endpointLabels(pod: PolicyPod): Labels {
  return { ...pod.labels, 'projectcalico.org/namespace': pod.namespace, 'projectcalico.org/orchestrator': 'k8s' };
}

export function calicoNamespaceLabels(ctx: CalicoContext, ns: string): Labels {
  return { ...namespaceLabels(ctx, ns), 'projectcalico.org/name': ns };
}

export function calicoPolicyRef(p: CalicoPolicy): string {
  return p.namespace === null ? p.name : `${p.namespace}/${p.name}`;
}

/** Felix PolKVLess: order (none = +Inf), then name/namespace/kind as one string. */
export function sortPolicies(policies: readonly CalicoPolicy[]): CalicoPolicy[] {
  const key = (p: CalicoPolicy) => `${p.name}/${p.namespace ?? ''}/${p.kind}`;
  return [...policies].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || compareStrings(key(a), key(b)));
}

export function calicoPolicySelects(ctx: CalicoContext, p: CalicoPolicy, pod: PolicyPod, d: Direction): boolean {
  if (pod.hostNetwork || !p.types.includes(d)) return false;
  if (p.namespace !== null && p.namespace !== pod.namespace) return false;
  if (p.namespaceSelector && !calicoSelectorMatches(p.namespaceSelector, calicoNamespaceLabels(ctx, pod.namespace))) return false;
  return calicoSelectorMatches(p.selector, endpointLabels(pod));
}

const PROTOCOL_NUMBERS: Record<string, number> = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 };
const protoNumber = (p: CalicoProtocol): number => (typeof p === 'number' ? p : PROTOCOL_NUMBERS[p]);

function portMatches(p: CalicoPort, port: number, protocol: string, named: readonly NamedPort[]): boolean {
  if (p.kind === 'range') return port >= p.from && port <= p.to;
  return named.some((n) => n.name === p.name && n.protocol === protocol && n.port === port);
}

const portText = (p: CalicoPort): string => (p.kind === 'named' ? p.name : p.from === p.to ? `${p.from}` : `${p.from}:${p.to}`);

/** source/destination selector, namespaceSelector, nets, notNets and notSelector against one end */
function matchIdentity(ctx: CalicoContext, e: CalicoEntityRule, policy: CalicoPolicy, end: Resolved, role: string): Match {
  const who = `${role} ${describeEnd(end)}`;
  if (e.nets.length > 0 && !(end.ip && e.nets.some((n) => cidrContains(parseCidr(n), end.ip!)))) return no(`${who} is not in nets ${e.nets.join(', ')}`);
  const notNet = end.ip ? e.notNets.find((n) => cidrContains(parseCidr(n), end.ip!)) : undefined;
  if (notNet) return no(`${who} is in notNets ${notNet}`);
  const inScope = (): Match => {
    if (end.kind !== 'pod') return no(`${who} is not a workload endpoint, so no selector matches it`);
    if (e.namespaceSelector) {
      return calicoSelectorMatches(e.namespaceSelector, calicoNamespaceLabels(ctx, end.pod.namespace))
        ? yes
        : no(`${who} is in namespace ${end.pod.namespace}, which does not match namespaceSelector ${calicoSelectorString(e.namespaceSelector)}`);
    }
    if (policy.namespace !== null && end.pod.namespace !== policy.namespace)
      return no(`${who} is in namespace ${end.pod.namespace}; without a namespaceSelector the selector looks in ${policy.namespace} only`);
    return yes;
  };
  const sel = (s: CalicoSelector | null): boolean => s === null || (end.kind === 'pod' && calicoSelectorMatches(s, endpointLabels(end.pod)));
  if (e.selector || e.namespaceSelector) {
    const scope = inScope();
    if (!scope.ok) return scope;
    if (!sel(e.selector)) return no(`${who} does not match selector ${calicoSelectorString(e.selector!)}`);
  }
  if (e.notSelector && end.kind === 'pod' && inScope().ok && calicoSelectorMatches(e.notSelector, endpointLabels(end.pod)))
    return no(`${who} matches notSelector ${calicoSelectorString(e.notSelector)}`);
  return yes;
}

interface L4Match extends Match {
  readonly portIndex: number | null;
}

function matchPorts(e: CalicoEntityRule, port: number | undefined, protocol: string, named: readonly NamedPort[], role: string): L4Match {
  let portIndex: number | null = null;
  if (e.ports.length > 0) {
    const i = port === undefined ? -1 : e.ports.findIndex((p) => portMatches(p, port, protocol, named));
    if (i < 0) return { ok: false, why: `${role} port ${port ?? '(none)'} is not in ports [${e.ports.map(portText).join(', ')}]`, portIndex };
    portIndex = i;
  }
  const bad = port === undefined ? undefined : e.notPorts.find((p) => portMatches(p, port, protocol, named));
  if (bad) return { ok: false, why: `${role} port ${port} is in notPorts ${portText(bad)}`, portIndex };
  return { ok: true, why: '', portIndex };
}

function matchL4(rule: CalicoRule, conn: Connection, src: Resolved, dstPorts: readonly NamedPort[]): L4Match {
  const n = protoNumber(conn.protocol);
  if (rule.protocol !== null && protoNumber(rule.protocol) !== n)
    return { ok: false, why: `protocol ${conn.protocol} is not ${rule.protocol}`, portIndex: null };
  if (rule.notProtocol !== null && protoNumber(rule.notProtocol) === n)
    return { ok: false, why: `protocol ${conn.protocol} is excluded by notProtocol`, portIndex: null };
  const icmp = conn.icmp ?? { type: 8, code: 0 };
  const icmpHit = (m: { type?: number; code?: number }) => (m.type === undefined || m.type === icmp.type) && (m.code === undefined || m.code === icmp.code);
  if (rule.icmp && !(conn.protocol === 'ICMP' && icmpHit(rule.icmp)))
    return { ok: false, why: `ICMP type ${icmp.type} code ${icmp.code} does not match icmp`, portIndex: null };
  if (rule.notICMP && conn.protocol === 'ICMP' && icmpHit(rule.notICMP)) return { ok: false, why: `ICMP type ${icmp.type} matches notICMP`, portIndex: null };
  const srcPorts = src.kind === 'pod' ? (src.pod.ports ?? []) : [];
  const s = matchPorts(rule.source, conn.srcPort, conn.protocol, srcPorts, 'source');
  if (!s.ok) return s;
  return matchPorts(rule.destination, conn.port, conn.protocol, dstPorts, 'destination');
}

function ruleRef(p: CalicoPolicy, sec: 'ingress' | 'egress', i: number, rule: CalicoRule, port: number | null): RuleRef {
  const policy = calicoPolicyRef(p);
  const o = rule.origin;
  const k8s =
    o && p.namespace
      ? `; Kubernetes ${p.namespace}/${p.name.replace(/^knp\.default\./, '')} ${sec}[${o.rule}]${o.peer === null ? '' : ` ${sec === 'ingress' ? 'from' : 'to'}[${o.peer}]`}`
      : '';
  const kind = p.kind === 'KubernetesNetworkPolicy' ? 'NetworkPolicy' : p.kind;
  const where = p.kind === 'GlobalNetworkPolicy' ? `GlobalNetworkPolicy ${policy}` : policy;
  return { policy, kind, section: sec, rule: i, peer: o?.peer ?? null, port, action: rule.action, text: `${where} ${sec}[${i}] (${rule.action}${k8s})` };
}

export function evaluateCalicoDirection(
  ctx: CalicoContext,
  policies: readonly CalicoPolicy[],
  conn: Connection,
  d: Direction,
  src: Resolved,
  dst: Resolved,
): DirectionResult {
  const target = d === 'Ingress' ? dst : src;
  const peer = d === 'Ingress' ? src : dst;
  if (target.kind !== 'pod') {
    const { reason, text } = notAPodText(d, target);
    return notIsolated(d, null, reason, text);
  }
  const pod = target.pod;
  const key = podKey(pod);
  const applicable = policies.filter((p) => calicoPolicySelects(ctx, p, pod, d));
  const profile = `the namespace profile kns.${pod.namespace} allows it`;
  if (applicable.length === 0) return notIsolated(d, key, 'no-policy', `no Calico policy selects ${key} for ${d}: ${profile}`);
  const isolatedBy = applicable.map(calicoPolicyRef);
  if (sameEnd(src, dst)) return loopbackResult(d, key, isolatedBy);
  if (d === 'Ingress' && peer.kind === 'node' && peer.node === pod.node) return ownNodeResult(d, key, pod.node, isolatedBy);
  const sec = d === 'Ingress' ? 'ingress' : 'egress';
  const dstPorts = destinationPorts(conn, dst);
  const logged: RuleRef[] = [];
  const misses: PolicyMiss[] = [];
  const extra = () => (logged.length ? { logged } : {});
  for (const p of applicable) {
    const ruleMisses: RuleMiss[] = [];
    const rules = d === 'Ingress' ? p.ingress : p.egress;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const srcId = matchIdentity(ctx, rule.source, p, src, 'source');
      const dstId = srcId.ok ? matchIdentity(ctx, rule.destination, p, dst, 'destination') : srcId;
      const l4 = matchL4(rule, conn, src, dstPorts);
      if (!dstId.ok || !l4.ok) {
        const why = [dstId, l4].filter((m) => !m.ok).map((m) => m.why);
        ruleMisses.push({
          rule: i,
          peer: dstId.ok ? 'matched' : 'missed',
          port: l4.ok ? 'matched' : 'missed',
          text: `${sec}[${i}] (${rule.action}): ${why.join('; ')}`,
        });
        continue;
      }
      const ref = ruleRef(p, sec, i, rule, l4.portIndex);
      if (rule.action === 'Log') {
        logged.push(ref);
        continue;
      }
      if (rule.action === 'Allow')
        return {
          kind: 'allowed',
          direction: d,
          target: key,
          reason: 'rule',
          by: ref,
          allowedBy: [ref],
          isolatedBy,
          ...extra(),
          text: `${ref.text} allows ${describeEnd(peer)}`,
        };
      if (rule.action === 'Deny')
        return {
          kind: 'denied',
          direction: d,
          target: key,
          reason: 'deny-rule',
          by: ref,
          isolatedBy,
          misses,
          ...extra(),
          text: `${ref.text} denies ${describeEnd(peer)}`,
        };
      // Pass: skip the rest of the (only) tier; the profiles decide, and kns.<ns> allows
      return {
        kind: 'allowed',
        direction: d,
        target: key,
        reason: 'pass-to-profile',
        by: ref,
        allowedBy: [ref],
        isolatedBy,
        ...extra(),
        text: `${ref.text} passes it past the default tier, and ${profile}`,
      };
    }
    const head = `${p.kind === 'GlobalNetworkPolicy' ? 'GlobalNetworkPolicy ' : ''}${calicoPolicyRef(p)} selects ${pod.name} for ${d}`;
    misses.push({
      policy: calicoPolicyRef(p),
      rules: ruleMisses,
      text: ruleMisses.length === 0 ? `${head} and has no ${sec} rules` : `${head}, but no rule matched: ${ruleMisses.map((m) => m.text).join('; ')}`,
    });
  }
  const text = `${misses.map((m) => m.text).join('; ')}; end of the default tier: its default action Deny drops it`;
  return { kind: 'denied', direction: d, target: key, reason: 'no-rule-matched', by: null, isolatedBy, misses, ...extra(), text };
}

/** Calico NetworkPolicy + GlobalNetworkPolicy + Kubernetes policies (converted), default tier. */
export function evaluateCalico(ctx: CalicoContext, conn: Connection): PolicyVerdict {
  const policies = sortPolicies([...ctx.calicoPolicies, ...(ctx.networkPolicies ?? []).map(kubernetesToCalico)]);
  const src = resolveEnd(ctx, conn.src);
  const dst = resolveEnd(ctx, conn.dst);
  return verdictOf(
    conn,
    src,
    dst,
    evaluateCalicoDirection(ctx, policies, conn, 'Egress', src, dst),
    evaluateCalicoDirection(ctx, policies, conn, 'Ingress', src, dst),
  );
}
