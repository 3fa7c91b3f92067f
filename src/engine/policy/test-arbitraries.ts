/**
 * fast-check generators for property tests: normalised NetworkPolicy records over the e2e world
 * (namespaces x, y, z; pods a, b, c) and connections between its pods, a node and an outside host.
 * Only valid policies are generated (excepts are strict subsets, endPort >= port).
 */
import fc from 'fast-check';
import type { Connection, ConnectionEnd, LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRecord, NetworkPolicyRule } from './types';

const NS = ['x', 'y', 'z'] as const;
const PODS = ['a', 'b', 'c'] as const;

const requirement = fc.oneof(
  fc.record({ key: fc.constant('pod'), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.subarray([...PODS], { minLength: 1 }) }),
  fc.record({
    key: fc.constantFrom('pod', 'target'),
    operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
    values: fc.constant([] as string[]),
  }),
);

export const podSelectorArb: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: fc.oneof(
    fc.constant({}),
    fc.constantFrom(...PODS).map((p) => ({ pod: p })),
  ),
  matchExpressions: fc.array(requirement, { maxLength: 1 }),
});

const nsSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({ matchLabels: {}, matchExpressions: [] }),
  fc.constantFrom(...NS).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n }, matchExpressions: [] })),
  fc
    .subarray([...NS], { minLength: 1 })
    .map((v) => ({ matchLabels: {}, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn' as const, values: v }] })),
);

const ipBlockArb: fc.Arbitrary<NetworkPolicyPeer> = fc.constantFrom<NetworkPolicyPeer>(
  { kind: 'ipBlock', cidr: '10.244.1.11/32', except: [] },
  { kind: 'ipBlock', cidr: '10.244.2.0/24', except: [] },
  { kind: 'ipBlock', cidr: '10.244.0.0/16', except: ['10.244.3.0/24'] },
  { kind: 'ipBlock', cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] },
  { kind: 'ipBlock', cidr: '192.0.2.0/24', except: [] },
  { kind: 'ipBlock', cidr: '10.0.0.0/8', except: ['10.244.1.10/32'] },
);

const selectorPeerArb: fc.Arbitrary<NetworkPolicyPeer> = fc
  .record({ podSelector: fc.option(podSelectorArb, { nil: null }), namespaceSelector: fc.option(nsSelectorArb, { nil: null }) })
  .filter((p) => p.podSelector !== null || p.namespaceSelector !== null)
  .map((p) => ({ kind: 'selector' as const, ...p }));

export const peerArb = fc.oneof(selectorPeerArb, ipBlockArb);

export const portArb: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const),
    port: fc.constantFrom<number | string | null>(null, 80, 81, 'serve-80-tcp', 'serve-81-udp'),
    endPort: fc.constant(null),
  }),
  fc.record({ protocol: fc.constant('TCP' as const), port: fc.constant(80), endPort: fc.constantFrom(80, 81) }),
);

const ruleArb: fc.Arbitrary<NetworkPolicyRule> = fc.record({ peers: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 2 }) });

export const policyArb = (name: string): fc.Arbitrary<NetworkPolicyRecord> =>
  fc.record({
    kind: fc.constant('NetworkPolicy' as const),
    namespace: fc.constantFrom(...NS),
    name: fc.constant(name),
    podSelector: podSelectorArb,
    policyTypes: fc.constantFrom<('Ingress' | 'Egress')[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: fc.array(ruleArb, { maxLength: 2 }),
    egress: fc.array(ruleArb, { maxLength: 2 }),
  });

/** 0..n policies with distinct names p0, p1, … */
export const policiesArb = (max = 4): fc.Arbitrary<NetworkPolicyRecord[]> =>
  fc.integer({ min: 0, max }).chain((n) => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(`p${i}`)))));

const endArb: fc.Arbitrary<ConnectionEnd> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ pod: fc.record({ namespace: fc.constantFrom(...NS), name: fc.constantFrom(...PODS) }) }) },
  { weight: 1, arbitrary: fc.constantFrom({ ip: '192.0.2.7' }, { ip: '10.0.0.11' }) },
);

export const connectionArb: fc.Arbitrary<Connection> = fc
  .record({
    src: endArb,
    dst: endArb,
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const, 'ICMP' as const),
    port: fc.constantFrom(80, 81, 82),
  })
  .map((c) => (c.protocol === 'ICMP' ? { src: c.src, dst: c.dst, protocol: c.protocol } : c));
