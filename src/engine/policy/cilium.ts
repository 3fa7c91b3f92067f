/**
 * CiliumNetworkPolicy evaluation: what cilium-agent distils into an endpoint's policy map
 * (identity × port → allow/deny) that the tc programs look up, plus the Envoy L7 HTTP check.
 *
 * cilium/cilium Documentation/security/policy (intro.rst, language.rst) and pkg/policy:
 *   - an endpoint is in default deny for a direction as soon as a rule selecting it has that
 *     section, allow or deny (repository.go computePolicyEnforcementAndRules: len(Ingress) > 0 ||
 *     len(IngressDeny) > 0), unless every such rule sets enableDefaultDeny false;
 *   - allow rules are a union; a deny rule that matches wins over any allow;
 *   - an empty rule `{}` selects no peer (it only enables default deny); a rule with toPorts
 *     and no L3 field admits every peer on those ports; an L3-only rule admits every port;
 *   - fromEndpoints selectors are limited to the policy's namespace unless they name
 *     k8s:io.kubernetes.pod.namespace; CIDR rules match only peers outside the cluster
 *     (not endpoints, not nodes); entities: world, cluster, host, remote-node, kube-apiserver, all;
 *   - L7 HTTP: a request is allowed if an http rule on a matching port matches its method and
 *     path (regexes matched against the whole value), or if an L4-only rule also admits that
 *     peer and port; otherwise Envoy answers 403 "Access denied".
 * Traffic from the endpoint's own host is always allowed (agent option allow-localhost; its
 * exact default across versions is UNVERIFIED); a pod talking to itself is never blocked.
 * Kubernetes NetworkPolicy objects under Cilium (which translates them) are not modelled here.
 */
import { cidrContains, parseCidr } from '../wire/ipv4';
import { apiServerIps, ciliumSelectorMatches, endpointLabels, identityOf, identityTable, scopeToNamespace, type CiliumIdentity } from './cilium-identity';
import type { CiliumContext, CiliumEntity, CiliumPeerRule, CiliumPolicy, CiliumPortRule, CiliumRule } from './crd-types';
import { describeEnd, podKey, resolveEnd, sameEnd, type Resolved } from './endpoints';
import { connPortText } from './k8s-match';
import { compareStrings, deniedNoMatch, loopbackResult, notAPodText, notIsolated, ownNodeResult, verdictOf } from './results';
import type { Connection, Direction, DirectionResult, L7Verdict, NamedPort, PolicyMiss, PolicyVerdict, RuleMiss, RuleRef } from './types';

export interface CiliumVerdict extends PolicyVerdict {
  /** src as the destination's node sees it, dst as the source's node sees it */
  readonly identities: { readonly src: CiliumIdentity; readonly dst: CiliumIdentity };
}

function entityMatches(e: CiliumEntity, id: CiliumIdentity): boolean {
  switch (e) {
    case 'all':
      return true;
    case 'world':
      return id.kind === 'world';
    case 'cluster':
      return id.kind !== 'world';
    case 'host':
      return id.kind === 'host';
    case 'remote-node':
      return id.kind === 'remote-node';
    case 'kube-apiserver':
      return id.kubeApiserver;
    default:
      return false; // health, init, unmanaged, ingress: no such peers in the lab
  }
}

/** the L3 part: which element of the rule's L3 list admits the peer (null: the rule names no L3 peer) */
function matchL3(r: CiliumPeerRule, policy: CiliumPolicy, peer: Resolved, id: CiliumIdentity): { ok: boolean; index: number | null; why: string } {
  if (r.endpoints) {
    const i = r.endpoints.findIndex((s) => ciliumSelectorMatches(scopeToNamespace(s, policy.namespace), id.labels));
    return i >= 0
      ? { ok: true, index: i, why: '' }
      : {
          ok: false,
          index: null,
          why: `${describeEnd(peer)} ${id.text} matches no ${r.l3Field} selector (they look in namespace ${policy.namespace} unless they name k8s:io.kubernetes.pod.namespace)`,
        };
  }
  if (r.entities) {
    const i = r.entities.findIndex((e) => entityMatches(e, id));
    return i >= 0
      ? { ok: true, index: i, why: '' }
      : { ok: false, index: null, why: `${describeEnd(peer)} ${id.text} is none of the entities ${r.entities.join(', ')}` };
  }
  if (r.cidrs) {
    if (id.kind !== 'world')
      return { ok: false, index: null, why: `${describeEnd(peer)} ${id.text} is in the cluster, and CIDR rules only match peers outside it` };
    const i = r.cidrs.findIndex(
      (c) => peer.ip !== null && cidrContains(parseCidr(c.cidr), peer.ip) && !c.except.some((e) => cidrContains(parseCidr(e), peer.ip!)),
    );
    return i >= 0
      ? { ok: true, index: i, why: '' }
      : {
          ok: false,
          index: null,
          why: `${peer.ip} is in none of ${r.cidrs.map((c) => c.cidr + (c.except.length ? ` except ${c.except.join(',')}` : '')).join(', ')}`,
        };
  }
  if (r.toPorts.length === 0) return { ok: false, index: null, why: 'the rule is empty, so it selects no peer (it only turns default deny on)' };
  return { ok: true, index: null, why: '' };
}

function portEntryMatches(p: CiliumPortRule['ports'][number], conn: Connection, named: readonly NamedPort[]): boolean {
  if (conn.protocol === 'ICMP' || (p.protocol !== 'ANY' && p.protocol !== conn.protocol)) return false;
  if (p.port === 0) return true;
  if (conn.port === undefined) return false;
  if (typeof p.port === 'number') return p.endPort !== null ? conn.port >= p.port && conn.port <= p.endPort : conn.port === p.port;
  return named.some((n) => n.name === p.port && n.protocol === conn.protocol && n.port === conn.port);
}

const portRuleText = (pr: CiliumPortRule): string => pr.ports.map((p) => `${p.port}${p.endPort !== null ? `-${p.endPort}` : ''}/${p.protocol}`).join(', ');

/** which toPorts element admits the connection (null: the rule has no toPorts, every port) */
function matchL4(r: CiliumPeerRule, conn: Connection, named: readonly NamedPort[]): { ok: boolean; index: number | null; why: string } {
  if (r.toPorts.length === 0) return { ok: true, index: null, why: '' };
  const i = r.toPorts.findIndex((pr) => pr.ports.length === 0 || pr.ports.some((p) => portEntryMatches(p, conn, named)));
  return i >= 0
    ? { ok: true, index: i, why: '' }
    : { ok: false, index: null, why: `${connPortText(conn)} is not in toPorts ${r.toPorts.map(portRuleText).join('; ')}` };
}

interface Selected {
  readonly policy: CiliumPolicy;
  readonly spec: number;
  readonly rule: CiliumRule;
}

function ref(s: Selected, section: RuleRef['section'], i: number, r: CiliumPeerRule, l3: number | null, l4: number | null): RuleRef {
  const policy = `${s.policy.namespace}/${s.policy.name}`;
  const where = `${s.policy.multi ? `specs[${s.spec}].` : ''}${section}[${i}]`;
  const text = `${policy} ${where}${l3 === null ? '' : ` ${r.l3Field}[${l3}]`}${l4 === null ? '' : ` toPorts[${l4}]`}`;
  return { policy, kind: 'CiliumNetworkPolicy', section, rule: i, peer: l3, port: l4, text };
}

function httpMatches(rule: { method: string | null; path: string | null }, req: { method: string; path: string }): boolean {
  const full = (re: string | null, v: string) => re === null || new RegExp(`^(?:${re})$`).test(v);
  return full(rule.method, req.method) && full(rule.path, req.path);
}

export function evaluateCiliumDirection(
  ctx: CiliumContext,
  conn: Connection,
  d: Direction,
  src: Resolved,
  dst: Resolved,
  table: Map<string, number>,
): DirectionResult {
  const target = d === 'Ingress' ? dst : src;
  const peer = d === 'Ingress' ? src : dst;
  if (target.kind !== 'pod') {
    const { reason, text } = notAPodText(d, target);
    return notIsolated(d, null, reason, text);
  }
  const pod = target.pod;
  const key = podKey(pod);
  const labels = endpointLabels(ctx, pod);
  const [allow, deny] = d === 'Ingress' ? (['ingress', 'ingressDeny'] as const) : (['egress', 'egressDeny'] as const);
  const selected: Selected[] = [];
  for (const policy of [...ctx.ciliumPolicies].sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`)))
    policy.rules.forEach((rule, spec) => {
      if (ciliumSelectorMatches(scopeToNamespace(rule.endpointSelector, policy.namespace), labels) && (rule[allow].length > 0 || rule[deny].length > 0))
        selected.push({ policy, spec, rule });
    });
  if (selected.length === 0) return notIsolated(d, key, 'no-policy', `no CiliumNetworkPolicy rule selects ${key} for ${d}`);
  const isolatedBy = [...new Set(selected.map((s) => `${s.policy.namespace}/${s.policy.name}`))];
  if (sameEnd(src, dst)) return loopbackResult(d, key, isolatedBy);
  if (d === 'Ingress' && peer.kind === 'node' && peer.node === pod.node) return ownNodeResult(d, key, pod.node, isolatedBy);
  const id = identityOf(ctx, table, peer, pod.node, apiServerIps(ctx, ctx.kubeApiserverIps));
  // named ports resolve on the destination endpoint
  const named = conn.dstNamedPorts ?? (dst.kind === 'pod' ? (dst.pod.ports ?? []) : []);
  const who = `${describeEnd(peer)} ${id.text}`;
  for (const s of selected)
    for (let i = 0; i < s.rule[deny].length; i++) {
      const r = s.rule[deny][i];
      const l3 = matchL3(r, s.policy, peer, id);
      const l4 = l3.ok ? matchL4(r, conn, named) : l3;
      if (l3.ok && l4.ok) {
        const by = ref(s, deny, i, r, l3.index, l4.index);
        return {
          kind: 'denied',
          direction: d,
          target: key,
          reason: 'deny-rule',
          by,
          isolatedBy,
          misses: [],
          text: `${by.text} denies ${who} (a deny rule wins over every allow)`,
        };
      }
    }
  const matches: { ref: RuleRef; http: CiliumPortRule['http'] }[] = [];
  const misses: PolicyMiss[] = [];
  for (const s of selected) {
    const ruleMisses: RuleMiss[] = [];
    s.rule[allow].forEach((r, i) => {
      const l3 = matchL3(r, s.policy, peer, id);
      const l4 = matchL4(r, conn, named);
      if (l3.ok && l4.ok) matches.push({ ref: ref(s, allow, i, r, l3.index, l4.index), http: l4.index === null ? null : r.toPorts[l4.index].http });
      else
        ruleMisses.push({
          rule: i,
          peer: l3.ok ? (l3.index === null ? 'any' : 'matched') : 'missed',
          port: l4.ok ? (l4.index === null ? 'any' : 'matched') : 'missed',
          text: `${s.policy.multi ? `specs[${s.spec}].` : ''}${allow}[${i}]: ${[l3, l4]
            .filter((m) => !m.ok)
            .map((m) => m.why)
            .join('; ')}`,
        });
    });
    if (ruleMisses.length > 0 || s.rule[allow].length === 0) {
      const head = `${s.policy.namespace}/${s.policy.name} selects ${pod.name} for ${d}`;
      misses.push({
        policy: `${s.policy.namespace}/${s.policy.name}`,
        rules: ruleMisses,
        text: ruleMisses.length
          ? `${head}, but no ${allow} rule admits ${who} to ${connPortText(conn)}: ${ruleMisses.map((m) => m.text).join('; ')}`
          : `${head} with ${deny} rules only`,
      });
    }
  }
  if (matches.length === 0) {
    if (!selected.some((s) => s.rule.enableDefaultDeny[d === 'Ingress' ? 'ingress' : 'egress']))
      return notIsolated(d, key, 'no-default-deny', `the rules selecting ${key} set enableDefaultDeny false for ${d}: what no rule denies is allowed`);
    return deniedNoMatch(d, key, misses.length ? misses : [{ policy: isolatedBy[0], rules: [], text: `no ${allow} rule admits ${who}` }], isolatedBy);
  }
  return l7Result(d, key, who, matches, isolatedBy, conn);
}

function l7Result(
  d: Direction,
  key: string,
  who: string,
  matches: { ref: RuleRef; http: CiliumPortRule['http'] }[],
  isolatedBy: readonly string[],
  conn: Connection,
): DirectionResult {
  const allowedBy = matches.map((m) => m.ref);
  const base = { kind: 'allowed' as const, direction: d, target: key, reason: 'rule' as const, by: allowedBy[0], allowedBy, isolatedBy };
  const withHttp = matches.filter((m) => m.http !== null);
  if (withHttp.length === 0) return { ...base, text: `${allowedBy[0].text} admits ${who}` };
  const plain = matches.find((m) => m.http === null);
  if (plain) {
    const l7: L7Verdict = {
      proxied: true,
      allowedBy: { rule: plain.ref, http: null, method: null, path: null },
      text: `the HTTP proxy sees the request; ${plain.ref.text} admits the port without L7 rules, so every request passes`,
    };
    return { ...base, by: plain.ref, l7, text: `${plain.ref.text} admits ${who}; ${l7.text}` };
  }
  if (!conn.http) {
    const l7: L7Verdict = { proxied: true, pending: true, text: `L3/L4 allowed; each HTTP request is checked by the proxy against ${withHttp[0].ref.text}` };
    return { ...base, l7, text: `${allowedBy[0].text} admits ${who}; ${l7.text}` };
  }
  const req = conn.http;
  for (const m of withHttp)
    for (let h = 0; h < m.http!.length; h++)
      if (httpMatches(m.http![h], req)) {
        const rule = m.http![h];
        const l7: L7Verdict = {
          proxied: true,
          allowedBy: { rule: m.ref, http: h, method: rule.method, path: rule.path },
          text: `${req.method} ${req.path} matches ${m.ref.text} rules.http[${h}] (method ${rule.method ?? 'any'}, path ${rule.path ?? 'any'})`,
        };
        return { ...base, by: m.ref, l7, text: `${m.ref.text} admits ${who}; ${l7.text}` };
      }
  const l7: L7Verdict = {
    proxied: true,
    text: `${req.method} ${req.path} matches none of the http rules of ${withHttp.map((m) => m.ref.text).join(', ')}: the proxy answers 403 Access denied`,
  };
  return { kind: 'denied', direction: d, target: key, reason: 'l7', by: withHttp[0].ref, isolatedBy, misses: [], l7, text: l7.text };
}

export function evaluateCilium(ctx: CiliumContext, conn: Connection): CiliumVerdict {
  const table = identityTable(ctx);
  const src = resolveEnd(ctx, conn.src);
  const dst = resolveEnd(ctx, conn.dst);
  const apis = apiServerIps(ctx, ctx.kubeApiserverIps);
  const nodeOf = (r: Resolved) => (r.kind === 'pod' ? r.pod.node : r.kind === 'node' ? r.node : '');
  const v = verdictOf(
    conn,
    src,
    dst,
    evaluateCiliumDirection(ctx, conn, 'Egress', src, dst, table),
    evaluateCiliumDirection(ctx, conn, 'Ingress', src, dst, table),
  );
  return { ...v, identities: { src: identityOf(ctx, table, src, nodeOf(dst), apis), dst: identityOf(ctx, table, dst, nodeOf(src), apis) } };
}
