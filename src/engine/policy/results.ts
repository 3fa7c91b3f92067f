/**
 * Building DirectionResults and the final verdict, shared by the three evaluators so they
 * answer in one shape and one voice.
 */
import { connectionText, describeEnd, type Resolved } from './endpoints';
import type { Connection, Direction, DirectionResult, L7Verdict, NotIsolatedReason, PolicyMiss, PolicyVerdict, RuleRef } from './types';

export function notIsolated(direction: Direction, target: string | null, reason: NotIsolatedReason, text: string): DirectionResult {
  return { kind: 'not-isolated', direction, target, reason, text };
}

/** Text for a peer or target that is not a cluster pod: nothing isolates it in that direction. */
export function notAPodText(direction: Direction, end: Resolved): { reason: NotIsolatedReason; text: string } {
  const who = describeEnd(end);
  if (end.kind === 'node') return { reason: 'host-network', text: `${who} is node traffic: no pod policy isolates it for ${direction}` };
  return { reason: 'external', text: `${who} is not a cluster pod: policies cannot isolate it for ${direction}` };
}

export function loopbackResult(direction: Direction, target: string, isolatedBy: readonly string[]): DirectionResult {
  return {
    kind: 'allowed',
    direction,
    target,
    reason: 'loopback',
    by: null,
    allowedBy: [],
    isolatedBy,
    text: `${target} talking to itself is never blocked (a pod cannot block access to itself)`,
  };
}

export function ownNodeResult(direction: Direction, target: string, node: string, isolatedBy: readonly string[]): DirectionResult {
  return {
    kind: 'allowed',
    direction,
    target,
    reason: 'own-node',
    by: null,
    allowedBy: [],
    isolatedBy,
    text: `traffic from ${target}'s own node ${node} is always allowed (kubelet health checks)`,
  };
}

export function allowedByRules(
  direction: Direction,
  target: string,
  peer: string,
  rules: readonly RuleRef[],
  isolatedBy: readonly string[],
  extra: { logged?: readonly RuleRef[]; l7?: L7Verdict } = {},
): DirectionResult {
  return {
    kind: 'allowed',
    direction,
    target,
    reason: 'rule',
    by: rules[0],
    allowedBy: rules,
    isolatedBy,
    ...extra,
    text: `${rules[0].text} admits ${peer}${rules.length > 1 ? ` (and ${rules.length - 1} more rule${rules.length > 2 ? 's' : ''})` : ''}`,
  };
}

export function deniedNoMatch(
  direction: Direction,
  target: string,
  misses: readonly PolicyMiss[],
  isolatedBy: readonly string[],
  logged?: readonly RuleRef[],
): DirectionResult {
  return {
    kind: 'denied',
    direction,
    target,
    reason: 'no-rule-matched',
    by: null,
    isolatedBy,
    misses,
    ...(logged && logged.length ? { logged } : {}),
    text: misses.map((m) => m.text).join('; '),
  };
}

function sideText(r: DirectionResult): string {
  return `${r.direction.toLowerCase()}: ${r.text}`;
}

export function verdictOf(conn: Connection, src: Resolved, dst: Resolved, egress: DirectionResult, ingress: DirectionResult): PolicyVerdict {
  const head = connectionText(conn, src, dst);
  const allowed = egress.kind !== 'denied' && ingress.kind !== 'denied';
  if (allowed) return { allowed, egress, ingress, text: `${head}: allowed (${sideText(egress)}; ${sideText(ingress)})` };
  const denials = [egress, ingress].filter((r) => r.kind === 'denied').map((r) => `denied at ${r.direction.toLowerCase()} of ${r.target}: ${r.text}`);
  return { allowed, egress, ingress, text: `${head}: ${denials.join('; and ')}` };
}

/** Deterministic order for rule lists: policy key, then section, rule, peer, port. */
export function compareRuleRefs(a: RuleRef, b: RuleRef): number {
  return (
    compareStrings(a.policy, b.policy) ||
    compareStrings(a.section, b.section) ||
    a.rule - b.rule ||
    (a.peer ?? -1) - (b.peer ?? -1) ||
    (a.port ?? -1) - (b.port ?? -1)
  );
}

/** Code-unit order, not locale order: the same everywhere (no Intl in the engine's sort keys). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
