import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calicoSelectorString } from './calico-selector';
import { evaluateCalico } from './calico';
import { kubernetesToCalico } from './calico-convert';
import { parseCalicoPolicy } from './calico-schema';
import type { CalicoContext, CalicoPolicy } from './crd-types';
import { evaluate } from './evaluate';
import { connectionArb, policiesArb } from './test-arbitraries';
import { e2eWorld, np } from './test-helpers';
import { passes, type ConnProtocol, type NetworkPolicyRecord } from './types';

function calico(obj: Record<string, unknown>): CalicoPolicy {
  const r = parseCalicoPolicy({ apiVersion: 'projectcalico.org/v3', ...obj });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.record;
}
const gnp = (name: string, spec: Record<string, unknown>) => calico({ kind: 'GlobalNetworkPolicy', metadata: { name }, spec });
const cnp = (ns: string, name: string, spec: Record<string, unknown>) => calico({ kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });

function ctx(calicoPolicies: CalicoPolicy[], networkPolicies: NetworkPolicyRecord[] = []): CalicoContext {
  const w = e2eWorld();
  return { pods: w.pods, namespaces: w.namespaces, nodes: w.nodes, calicoPolicies, networkPolicies };
}
function go(c: CalicoContext, from: string, to: string, protocol: ConnProtocol = 'TCP', port = 80) {
  const [sn, sp] = from.split('/');
  const [dn, dp] = to.split('/');
  return evaluateCalico(c, { src: { pod: { namespace: sn, name: sp } }, dst: { pod: { namespace: dn, name: dp } }, protocol, port });
}

describe('Kubernetes policies as Calico converts them', () => {
  it('knp.default.<name>, order 1000, orchestrator-scoped pod selectors, one rule per protocol × peer', () => {
    const k = np('x', 'web', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { pod: 'b' } } }, { namespaceSelector: {} }],
          ports: [{ port: 80 }, { protocol: 'UDP', port: 53 }, { port: 81 }],
        },
      ],
    });
    const c = kubernetesToCalico(k);
    expect(c.name).toBe('knp.default.web');
    expect(c.order).toBe(1000);
    expect(calicoSelectorString(c.selector)).toBe("projectcalico.org/orchestrator == 'k8s' && pod == 'a'");
    expect(c.ingress.map((r) => [r.protocol, r.destination.ports.map((p) => (p.kind === 'range' ? p.from : p.name)), r.origin?.peer])).toEqual([
      ['TCP', [80, 81], 0],
      ['TCP', [80, 81], 1],
      ['UDP', [53], 0],
      ['UDP', [53], 1],
    ]);
    expect(c.ingress[1].source.namespaceSelector).toEqual({ op: 'all' });
    expect(c.ingress[0].source.namespaceSelector).toBeNull();
  });

  it('agrees with the Kubernetes evaluator on every direction (fast-check)', () => {
    fc.assert(
      fc.property(policiesArb(4), connectionArb, (ps, conn) => {
        const k = evaluate(e2eWorld(undefined, ps), conn);
        const c = evaluateCalico(ctx([], ps), conn);
        expect([passes(c.egress), passes(c.ingress)]).toEqual([passes(k.egress), passes(k.ingress)]);
        expect([c.egress.kind === 'not-isolated', c.ingress.kind === 'not-isolated']).toEqual([
          k.egress.kind === 'not-isolated',
          k.ingress.kind === 'not-isolated',
        ]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('Calico tiers, order and actions (default tier)', () => {
  const denyAllToX = gnp('deny-x', { order: 100, selector: "projectcalico.org/namespace == 'x'", types: ['Ingress'], ingress: [{ action: 'Deny' }] });

  it('a GlobalNetworkPolicy ordered before the Kubernetes policies (1000) wins; after them it does not', () => {
    const allow = np('x', 'allow-all', { podSelector: {}, ingress: [{}] });
    const early = go(ctx([denyAllToX], [allow]), 'y/a', 'x/a');
    expect(early.allowed).toBe(false);
    expect(early.ingress).toMatchObject({
      kind: 'denied',
      reason: 'deny-rule',
      by: { policy: 'deny-x', kind: 'GlobalNetworkPolicy', rule: 0, action: 'Deny' },
    });
    expect(early.ingress.text).toBe('GlobalNetworkPolicy deny-x ingress[0] (Deny) denies y/a');
    const late = go(ctx([{ ...denyAllToX, order: 2000 }], [allow]), 'y/a', 'x/a');
    expect(late.allowed).toBe(true);
    expect(late.ingress).toMatchObject({ by: { policy: 'x/knp.default.allow-all', kind: 'NetworkPolicy', action: 'Allow' } });
    expect(late.ingress.text).toBe('x/knp.default.allow-all ingress[0] (Allow; Kubernetes x/allow-all ingress[0]) allows y/a');
  });

  it('no order sorts last; equal order sorts by name', () => {
    const a = cnp('x', 'a-deny', { selector: 'all()', ingress: [{ action: 'Deny' }] });
    const b = cnp('x', 'b-allow', { selector: 'all()', ingress: [{ action: 'Allow' }] });
    expect(go(ctx([b, a]), 'y/a', 'x/a').ingress).toMatchObject({ reason: 'deny-rule', by: { policy: 'x/a-deny' } });
    expect(
      go(
        ctx([
          { ...a, order: null },
          { ...b, order: 5 },
        ]),
        'y/a',
        'x/a',
      ).ingress,
    ).toMatchObject({ reason: 'rule', by: { policy: 'x/b-allow' } });
  });

  it('Log goes on to the next rule, Pass skips the tier and the namespace profile allows', () => {
    const p = cnp('x', 'log-then-pass', {
      order: 10,
      selector: "pod == 'a'",
      ingress: [{ action: 'Log' }, { action: 'Pass', source: { selector: "pod == 'b'" } }, { action: 'Deny' }],
    });
    const passed = go(ctx([p, denyAllToX]), 'x/b', 'x/a');
    expect(passed.allowed).toBe(true);
    expect(passed.ingress).toMatchObject({ reason: 'pass-to-profile', by: { rule: 1, action: 'Pass' }, logged: [{ rule: 0, action: 'Log' }] });
    expect(passed.ingress.text).toContain('the namespace profile kns.x allows it');
    expect(go(ctx([p]), 'x/c', 'x/a').ingress).toMatchObject({ reason: 'deny-rule', by: { rule: 2 }, logged: [{ rule: 0 }] });
  });

  it('a selecting policy with no matching rule drops at the end of the tier, and says why per rule', () => {
    const p = cnp('x', 'web', {
      selector: "pod == 'a'",
      ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: "pod == 'b'" }, destination: { ports: [81] } }],
    });
    const v = go(ctx([p]), 'x/b', 'x/a', 'TCP', 80);
    expect(v.ingress).toMatchObject({ kind: 'denied', reason: 'no-rule-matched', isolatedBy: ['x/web'] });
    expect(v.ingress.text).toBe(
      'x/web selects a for Ingress, but no rule matched: ingress[0] (Allow): destination port 80 is not in ports [81]; end of the default tier: its default action Deny drops it',
    );
    expect(go(ctx([p]), 'y/b', 'x/a', 'TCP', 81).ingress.text).toContain(
      'source y/b is in namespace y; without a namespaceSelector the selector looks in x only',
    );
    expect(go(ctx([p]), 'y/a', 'y/b').ingress).toMatchObject({
      kind: 'not-isolated',
      text: 'no Calico policy selects y/b for Ingress: the namespace profile kns.y allows it',
    });
  });

  it('entity rules: namespaceSelector, notSelector (matches the outside too), nets/notNets, named ports, ICMP types', () => {
    const p = gnp('mix', {
      selector: "pod == 'a'",
      ingress: [
        {
          action: 'Allow',
          protocol: 'TCP',
          source: { namespaceSelector: "projectcalico.org/name == 'y'", selector: "pod == 'c'" },
          destination: { ports: ['serve-81-tcp'] },
        },
        { action: 'Allow', protocol: 'UDP', source: { notSelector: 'has(pod)' } },
        { action: 'Allow', protocol: 'ICMP', icmp: { type: 8 }, source: { nets: ['10.244.0.0/16'], notNets: ['10.244.3.0/24'] } },
      ],
    });
    const c = ctx([p]);
    expect(go(c, 'y/c', 'x/a', 'TCP', 81).ingress).toMatchObject({ by: { rule: 0, port: 0 } });
    expect(go(c, 'y/c', 'x/a', 'TCP', 80).allowed).toBe(false);
    expect(go(c, 'y/b', 'x/a', 'UDP', 53).allowed).toBe(false);
    expect(evaluateCalico(c, { src: { ip: '192.0.2.7' }, dst: { pod: { namespace: 'x', name: 'a' } }, protocol: 'UDP', port: 53 }).ingress).toMatchObject({
      by: { rule: 1 },
    });
    expect(go(c, 'y/b', 'z/a', 'ICMP').allowed).toBe(true); // z/a is not selected
    expect(go(c, 'y/b', 'x/a', 'ICMP').ingress).toMatchObject({ by: { rule: 2 } });
    expect(go(c, 'z/b', 'x/a', 'ICMP').allowed).toBe(false);
    expect(
      evaluateCalico(c, {
        src: { pod: { namespace: 'y', name: 'b' } },
        dst: { pod: { namespace: 'x', name: 'a' } },
        protocol: 'ICMP',
        icmp: { type: 0, code: 0 },
      }).allowed,
    ).toBe(false);
  });

  it('egress is evaluated at the source with the same walk', () => {
    const p = cnp('x', 'egress-dns', {
      selector: 'all()',
      types: ['Egress'],
      egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }, { action: 'Deny' }],
    });
    expect(go(ctx([p]), 'x/a', 'y/a', 'UDP', 53).allowed).toBe(true);
    expect(go(ctx([p]), 'x/a', 'y/a', 'TCP', 80).egress).toMatchObject({
      kind: 'denied',
      reason: 'deny-rule',
      by: { policy: 'x/egress-dns', section: 'egress', rule: 1 },
    });
  });
});

describe('Calico policy schema', () => {
  const issues = (obj: Record<string, unknown>) => {
    const r = parseCalicoPolicy({ apiVersion: 'projectcalico.org/v3', ...obj });
    return r.ok ? [] : r.issues;
  };
  it('defaults types by the rules present and order to none', () => {
    expect(cnp('x', 'e', { egress: [{ action: 'Allow' }] }).types).toEqual(['Egress']);
    expect(cnp('x', 'b', { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] }).types).toEqual(['Ingress', 'Egress']);
    expect(cnp('x', 'n', {})).toMatchObject({ types: ['Ingress'], order: null, selector: { op: 'all' } });
  });
  it('names the field for selector errors (with the column), ports without protocol, bad actions, global()', () => {
    expect(
      issues({
        kind: 'NetworkPolicy',
        metadata: { name: 'p', namespace: 'x' },
        spec: {
          selector: "app = 'web'",
          ingress: [
            { action: 'allow' },
            { action: 'Allow', destination: { ports: [80] } },
            { action: 'Allow', source: { selector: 'global()' } },
            { action: 'Allow', protocol: 'TCP', source: { namespaceSelector: "global() && a == 'b'" } },
          ],
        },
      }),
    ).toEqual([
      { path: 'spec.selector', message: 'Invalid value: "app = \'web\'": invalid selector: expected == at column 5 (a single = is not an operator)' },
      { path: 'spec.ingress[0].action', message: 'Invalid value: "allow": action must be one of Allow, Deny, Log, Pass' },
      { path: 'spec.ingress[1].destination.ports', message: 'rules that specify ports must set protocol to TCP or UDP or SCTP' },
      { path: 'spec.ingress[2].source.selector', message: 'Invalid value: "global()": global() can only be used in an EntityRule namespaceSelector' },
      {
        path: 'spec.ingress[3].source.namespaceSelector',
        message: 'Invalid value: "global() && a == \'b\'": global() cannot be combined with other selectors',
      },
    ]);
  });
  it('refuses what is not modelled, plainly', () => {
    expect(issues({ kind: 'GlobalNetworkPolicy', metadata: { name: 'g' }, spec: { tier: 'security', preDNAT: true } })).toEqual([
      { path: 'spec.tier', message: 'Invalid value: "security": podpath models the default tier only' },
      { path: 'spec.preDNAT', message: 'not modelled yet in podpath (host endpoint policy)' },
    ]);
  });
});
