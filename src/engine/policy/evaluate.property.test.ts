/**
 * Invariants of the NetworkPolicy model (REFERENCE §5), checked over random policies.
 *
 * The additivity invariant, stated precisely. For a policy set P, one more policy q, a
 * connection c and a direction d whose target t is the destination (Ingress) or source (Egress):
 *   (a) if t is isolated for d under P, then allowed_d(P, c) ⇒ allowed_d(P ∪ {q}, c):
 *       adding a policy never takes away what an isolated pod already allowed;
 *   (b) if t is isolated for d under P ∪ {q}, then
 *       allowed_d(P ∪ {q}, c) ⇔ (isolated_d(P, t) ∧ allowed_d(P, c)) ∨ (q selects t for d ∧ allowed_d({q}, c)):
 *       the allowed set of an isolated pod is the union over the policies that select it;
 *   (c) so the only way adding q can turn an allowed connection into a denied one is by newly
 *       isolating: t was not isolated for d under P, q selects t for d, and q alone admits nothing of c.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { connectionArb, policiesArb, policyArb } from './test-arbitraries';
import { e2eWorld } from './test-helpers';
import { passes, type Connection, type Direction, type DirectionResult, type NetworkPolicyRecord, type PolicyVerdict } from './types';

const world = (policies: readonly NetworkPolicyRecord[]) => e2eWorld(undefined, policies);
const side = (v: PolicyVerdict, d: Direction): DirectionResult => (d === 'Ingress' ? v.ingress : v.egress);
const isolated = (r: DirectionResult) => r.kind !== 'not-isolated';
const RUNS = { numRuns: 400 };

describe('NetworkPolicy evaluation invariants (fast-check)', () => {
  it('with no policies everything is allowed and nothing is isolated', () => {
    fc.assert(
      fc.property(connectionArb, (c) => {
        const v = evaluate(world([]), c);
        expect(v.allowed).toBe(true);
        expect(v.ingress.kind).toBe('not-isolated');
        expect(v.egress.kind).toBe('not-isolated');
      }),
      RUNS,
    );
  });

  it('the result does not depend on the order of the policies', () => {
    fc.assert(
      fc.property(
        policiesArb(5).chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))),
        connectionArb,
        ([ps, shuffled], c) => {
          expect(evaluate(world(shuffled), c)).toEqual(evaluate(world(ps), c));
        },
      ),
      RUNS,
    );
  });

  it('additivity: (a) isolated pods keep what they allowed, (b) the union rule, (c) denial only by newly isolating', () => {
    fc.assert(
      fc.property(policiesArb(3), policyArb('q'), connectionArb, (ps, q, c: Connection) => {
        const before = evaluate(world(ps), c);
        const after = evaluate(world([...ps, q]), c);
        const alone = evaluate(world([q]), c);
        for (const d of ['Ingress', 'Egress'] as const) {
          const b = side(before, d);
          const a = side(after, d);
          const qa = side(alone, d);
          const qSelects = isolated(qa);
          if (isolated(b) && passes(b)) expect(passes(a)).toBe(true); // (a)
          if (isolated(a)) expect(passes(a)).toBe((isolated(b) && passes(b)) || (qSelects && passes(qa))); // (b)
          if (passes(b) && !passes(a)) expect(!isolated(b) && qSelects && !passes(qa)).toBe(true); // (c)
        }
      }),
      RUNS,
    );
  });

  it('a denial always names the policies that isolate the pod, and says why each one did not admit it', () => {
    fc.assert(
      fc.property(policiesArb(4), connectionArb, (ps, c) => {
        const v = evaluate(world(ps), c);
        for (const r of [v.ingress, v.egress]) {
          if (r.kind !== 'denied') continue;
          expect(r.isolatedBy.length).toBeGreaterThan(0);
          expect(r.misses.map((m) => m.policy)).toEqual(r.isolatedBy);
          for (const m of r.misses) expect(m.text).toMatch(/selects \w+ for (Ingress|Egress)/);
        }
      }),
      RUNS,
    );
  });

  it('a pod is never blocked from itself, and its own node always reaches it', () => {
    fc.assert(
      fc.property(policiesArb(4), fc.constantFrom('a', 'b', 'c'), fc.constantFrom('x', 'y', 'z'), (ps, name, ns) => {
        const ctx = world(ps);
        const self = { pod: { namespace: ns, name } };
        expect(evaluate(ctx, { src: self, dst: self, protocol: 'TCP', port: 80 }).allowed).toBe(true);
        const node = ctx.nodes!.find((n) => n.name === ctx.pods.find((p) => p.name === name && p.namespace === ns)!.node)!;
        expect(passes(evaluate(ctx, { src: { ip: node.ip }, dst: self, protocol: 'TCP', port: 10250 }).ingress)).toBe(true);
      }),
      RUNS,
    );
  });

  it('an allow-all policy (ingress [{}] and egress [{}]) in every namespace allows everything', () => {
    const allowAll = ['x', 'y', 'z'].map((ns): NetworkPolicyRecord => ({
      kind: 'NetworkPolicy',
      namespace: ns,
      name: 'allow-all',
      podSelector: { matchLabels: {}, matchExpressions: [] },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ peers: [], ports: [] }],
      egress: [{ peers: [], ports: [] }],
    }));
    fc.assert(
      fc.property(policiesArb(4), connectionArb, (ps, c) => {
        expect(evaluate(world([...ps, ...allowAll]), c).allowed).toBe(true);
      }),
      RUNS,
    );
  });
});
