import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runProbe, type Lab } from '../../lab-core';
import { evaluate } from '../../policy';
import { policyWorldOf } from '../../policy/world';
import { policiesArb } from '../../policy/test-arbitraries';
import type { NetworkPolicyRecord } from '../../policy/types';
import type { PolicyObject } from '../../policy/objects';
import { ciliumLab } from './test-helpers';
import { convergeCilium } from './converge';

/** The e2e world of REFERENCE §5.1: namespaces x, y, z; pods a, b, c (pod=<name>) serving TCP 80 and 81 (named serve-80-tcp, serve-81-tcp). */
const E2E_PODS = ['x', 'y', 'z']
  .flatMap((ns, i) =>
    ['a', 'b', 'c'].map(
      (p, j) =>
        `\n    - { name: ${p}, namespace: ${ns}, node: node${((i + j) % 2) + 1}, labels: { pod: ${p} }, ports: [{ name: serve-80-tcp, containerPort: 80 }, { name: serve-81-tcp, containerPort: 81 }] }`,
    ),
  )
  .join('');
const E2E_NS = `  namespaces:
    - { name: x }
    - { name: y }
    - { name: z }`;

const base = ciliumLab({ pods: E2E_PODS, extra: E2E_NS });

/** `kubectl apply` of the policies, then the agent converges. */
function withPolicies(lab: Lab, policies: readonly PolicyObject[]): Lab {
  const cluster = convergeCilium({ ...lab.cluster, api: { ...lab.cluster.api, networkPolicies: policies } });
  return { ...lab, cluster };
}

const sel = (labels: Record<string, string> = {}) => ({ matchLabels: labels, matchExpressions: [] });
const nsSel = (name: string) => sel({ 'kubernetes.io/metadata.name': name });
const np = (ns: string, name: string, over: Partial<NetworkPolicyRecord>): NetworkPolicyRecord => ({
  kind: 'NetworkPolicy',
  namespace: ns,
  name,
  podSelector: sel(),
  policyTypes: ['Ingress'],
  ingress: [],
  egress: [],
  ...over,
});

function tcp(lab: Lab, from: string, to: string, port: number) {
  return runProbe(lab, { from, to: `${to}:${port}`, protocol: 'tcp' }).trace;
}

describe('REFERENCE §5.1 truth table on Cilium', () => {
  it('row 7: from nsSel y on TCP 81 only', () => {
    const lab = withPolicies(base, [
      np('x', 'allow-y-81', {
        podSelector: sel({ pod: 'a' }),
        ingress: [{ peers: [{ kind: 'selector', podSelector: null, namespaceSelector: nsSel('y') }], ports: [{ protocol: 'TCP', port: 81, endPort: null }] }],
      }),
    ]);
    expect(tcp(lab, 'y/b', 'x/a', 81).verdict).toBe('delivered');
    expect(tcp(lab, 'x/b', 'x/a', 81).reason).toBe('POLICY_DENIED');
    expect(tcp(lab, 'y/b', 'x/a', 80).reason).toBe('POLICY_DENIED');
  });

  it('row 9: a named port (serve-81-tcp) resolves on the endpoint', () => {
    const lab = withPolicies(base, [np('x', 'named', { ingress: [{ peers: [], ports: [{ protocol: 'TCP', port: 'serve-81-tcp', endPort: null }] }] })]);
    expect(tcp(lab, 'z/c', 'x/b', 81).verdict).toBe('delivered');
    expect(tcp(lab, 'z/c', 'x/b', 80).reason).toBe('POLICY_DENIED');
  });

  it('row 12: the client side egress wins even when the server allows', () => {
    const toYa = { kind: 'selector' as const, podSelector: sel({ pod: 'a' }), namespaceSelector: nsSel('y') };
    const fromXa = { kind: 'selector' as const, podSelector: sel({ pod: 'a' }), namespaceSelector: nsSel('x') };
    const lab = withPolicies(base, [
      np('x', 'egress', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{ peers: [toYa], ports: [] }] }),
      np('y', 'ya', { podSelector: sel({ pod: 'a' }), ingress: [{ peers: [fromXa], ports: [] }] }),
      np('y', 'yb', { podSelector: sel({ pod: 'b' }), ingress: [{ peers: [fromXa], ports: [] }] }),
    ]);
    expect(tcp(lab, 'x/a', 'y/a', 80).verdict).toBe('delivered');
    const t = tcp(lab, 'x/a', 'y/b', 80);
    expect(t.reason).toBe('POLICY_DENIED');
    const drop = t.hops.find((h) => h.kind === 'drop')!;
    expect(drop.note).toMatch(/egress policy of x\/a/);
  });

  it('row 23: endPort is an inclusive range', () => {
    const lab = withPolicies(base, [
      np('x', 'range', { podSelector: sel({ pod: 'a' }), ingress: [{ peers: [], ports: [{ protocol: 'TCP', port: 80, endPort: 81 }] }] }),
    ]);
    expect(tcp(lab, 'y/a', 'x/a', 80).verdict).toBe('delivered');
    expect(tcp(lab, 'y/a', 'x/a', 81).verdict).toBe('delivered');
  });
});

describe('enforcement at tc', () => {
  const deny = np('x', 'default-deny', {});
  const lab = withPolicies(base, [deny]);

  it('a denied SYN is dropped with Policy denied (133) and the decision names the policy, direction and why', () => {
    const t = tcp(lab, 'y/a', 'x/a', 80);
    expect(t).toMatchObject({ verdict: 'dropped', reason: 'POLICY_DENIED' });
    const drop = t.hops.find((h) => h.kind === 'drop')!;
    expect(drop.decided?.table).toBe('policy');
    expect(drop.decided?.row).toMatch(/x\/default-deny selects a for Ingress and has no ingress rules/);
    expect(drop.decided?.path).toContain('x/default-deny');
  });

  it('replies of an allowed connection pass: the server is egress-isolated and still answers (conntrack)', () => {
    const l = withPolicies(base, [np('x', 'no-egress', { policyTypes: ['Egress'] })]);
    expect(tcp(l, 'y/a', 'x/a', 80).verdict).toBe('delivered');
    expect(tcp(l, 'x/a', 'y/a', 80).reason).toBe('POLICY_DENIED');
  });

  it('an allowed hop names the rule', () => {
    const l = withPolicies(base, [
      np('x', 'from-y', { ingress: [{ peers: [{ kind: 'selector', podSelector: null, namespaceSelector: nsSel('y') }], ports: [] }] }),
    ]);
    const t = tcp(l, 'y/a', 'x/a', 80);
    expect(t.verdict).toBe('delivered');
    expect(t.hops.find((h) => h.decided?.table === 'policy')!.decided!.row).toMatch(/x\/from-y ingress\[0\]/);
  });

  it('a CiliumNetworkPolicy deny rule drops with Policy denied by denylist (181)', () => {
    const cnp: PolicyObject = {
      kind: 'CiliumNetworkPolicy',
      namespace: 'x',
      name: 'deny-y',
      multi: false,
      rules: [
        {
          endpointSelector: sel({ pod: 'a' }),
          ingress: [],
          egress: [],
          ingressDeny: [{ endpoints: [sel({ 'k8s:io.kubernetes.pod.namespace': 'y' })], cidrs: null, entities: null, toPorts: [], l3Field: 'fromEndpoints' }],
          egressDeny: [],
          enableDefaultDeny: { ingress: true, egress: true },
        },
      ],
    };
    const l = withPolicies(base, [cnp]);
    expect(tcp(l, 'y/a', 'x/a', 80).reason).toBe('POLICY_DENY_RULE');
  });
});

describe('property: the tc path delivers exactly when the evaluator allows', () => {
  it('for generated NetworkPolicies (selector peers) and TCP connections between pods', () => {
    const pods = ['x', 'y', 'z'].flatMap((ns) => ['a', 'b', 'c'].map((p) => `${ns}/${p}`));
    fc.assert(
      fc.property(
        policiesArb(3).map((ps) => ps.map((p) => ({ ...p, ingress: p.ingress.map(noIpBlock), egress: p.egress.map(noIpBlock) }))),
        fc.constantFrom(...pods),
        fc.constantFrom(...pods),
        fc.constantFrom(80, 81, 82),
        (policies, from, to, port) => {
          fc.pre(from !== to);
          const lab = withPolicies(base, policies);
          const [sn, sp] = from.split('/');
          const [dn, dp] = to.split('/');
          const verdict = evaluate(
            { ...policyWorldOf(lab.cluster), policies },
            { src: { pod: { namespace: sn, name: sp } }, dst: { pod: { namespace: dn, name: dp } }, protocol: 'TCP', port },
          );
          const t = tcp(lab, from, to, port);
          // port 82 has no listener: allowed means the SYN reached the pod (RST back), denied means the policy dropped it
          const reached = t.verdict === 'delivered' || t.reason === 'CONNECTION_REFUSED';
          expect(reached).toBe(verdict.allowed);
          if (!verdict.allowed) expect(t.reason).toBe('POLICY_DENIED');
        },
      ),
      { numRuns: 40 },
    );
  });
});

function noIpBlock(r: NetworkPolicyRecord['ingress'][number]): NetworkPolicyRecord['ingress'][number] {
  return { ...r, peers: r.peers.filter((p) => p.kind !== 'ipBlock') };
}

describe('L7 HTTP rules (CiliumNetworkPolicy)', () => {
  const l7 = (path: string): PolicyObject => ({
    kind: 'CiliumNetworkPolicy',
    namespace: 'x',
    name: 'l7',
    multi: false,
    rules: [
      {
        endpointSelector: sel({ pod: 'a' }),
        ingress: [
          {
            endpoints: [sel({ 'k8s:io.kubernetes.pod.namespace': 'y' })],
            cidrs: null,
            entities: null,
            toPorts: [{ ports: [{ port: 80, endPort: null, protocol: 'TCP' }], http: [{ method: 'GET', path }] }],
            l3Field: 'fromEndpoints',
          },
        ],
        egress: [],
        ingressDeny: [],
        egressDeny: [],
        enableDefaultDeny: { ingress: true, egress: true },
      },
    ],
  });

  it("a request no http rule matches gets Envoy's 403 with the body Access denied", () => {
    const t = runProbe(withPolicies(base, [l7('/public')]), { from: 'y/b', to: 'x/a:80', protocol: 'http' }).trace;
    expect(t.http).toMatchObject({ status: 403, body: 'Access denied\r\n' });
    expect(t.hops.some((h) => h.note.includes('to-proxy') && h.note.includes('denies GET /'))).toBe(true);
  });

  it('a matching request reaches the endpoint', () => {
    const t = runProbe(withPolicies(base, [l7('/.*')]), { from: 'y/b', to: 'x/a:80', protocol: 'http' }).trace;
    expect(t.http?.status).toBe(200);
  });

  it('L3/L4 still applies before the proxy: another namespace is dropped', () => {
    expect(runProbe(withPolicies(base, [l7('/.*')]), { from: 'z/b', to: 'x/a:80', protocol: 'http' }).trace.reason).toBe('POLICY_DENIED');
  });
});
