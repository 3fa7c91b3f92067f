import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../model/datapath';
import { evaluate, evaluateCalico } from '../../policy';
import { policiesArb } from '../../policy/test-arbitraries';
import { np } from '../../policy/test-helpers';
import { parseCalicoPolicy } from '../../policy/calico-schema';
import type { CalicoPolicy } from '../../policy/crd-types';
import type { Connection, NetworkPolicyRecord } from '../../policy/types';
import { staticEnv, traverse } from '../../tables/netfilter';
import { formatRule } from '../../tables/iptables-rule';
import { CALICO } from './program';
import { calicoContextOf } from './policy';
import { calicoCluster } from './test-helpers';

const hashes = (c: Cluster, node: string, chain: string) =>
  c.netns[node].netfilter.filter![chain].rules.map((r) => {
    const m = r.match.modules?.[0];
    return m?.m === 'comment' ? m.comment.replace('cali:', '') : undefined;
  });

describe("Felix's chains for calico.md §6.7's worked example (v3.30/v3.31 hashes)", () => {
  const c = calicoCluster({
    nodes: [{ name: 'node-a', ip: '10.0.0.10' }],
    pods: [
      { name: 'web-0', node: 'node-a', labels: { app: 'web' } },
      { name: 'client-0', node: 'node-a', labels: { app: 'client' } },
    ],
    networkPolicies: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: 'default' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-from-app', namespace: 'default' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 80 }] }],
        },
      },
    ],
  });
  it('writes cali-tw-cali0d7763386da with the real hashes, allow-from-app first (same order, by name)', () => {
    expect(hashes(c, 'node-a', 'cali-tw-cali0d7763386da')).toEqual([
      'GrNZkUzcI_GLn7x5',
      '4I6o444L3mfs6Y32',
      'VpJKk6gYd_2yp3I3',
      '-UbeqDmIXn0jqSn_',
      'XwDrHQB70KtJMnjY',
      'hsjn0hOCX42yzdfM',
      'Ws3XdfqiyH38eW9f',
      'CzlQzuFn-4QWloEl',
      'dboTdYs4g6gnxJdU',
      'SscB8CiBCvAyQNIk',
      '8cnOcATwr8cWph06',
      'O3hxZo7-OJInDtlw',
      'kCD6-nfWkBVfR52M',
      'qfeqTwS7xjXZMGeq',
    ]);
  });
  it('names the policy chains and the selector set as Felix does, with the real rule hashes', () => {
    const f = c.netns['node-a'].netfilter.filter!;
    expect(f['cali-pi-_7ecD-JQBWwGe4TdAVgq'].rules.map((r) => formatRule('cali-pi-_7ecD-JQBWwGe4TdAVgq', r))).toEqual([
      '-A cali-pi-_7ecD-JQBWwGe4TdAVgq -p tcp -m comment --comment "cali:clke1gSKgu49pg1S" -m comment --comment "Policy default/knp.default.allow-from-app ingress" -m set --match-set cali40s:g_TM4cHGncRYRKupcms5_3m src -m multiport --dports 80 -j MARK --set-xmark 0x10000/0x10000',
    ]);
    expect(f['cali-pi-_1Endnr5KwXwKO4PkHo4'].rules.map((r) => formatRule('cali-pi-_1Endnr5KwXwKO4PkHo4', r))).toEqual([
      '-A cali-pi-_1Endnr5KwXwKO4PkHo4 -m comment --comment "cali:ybP1fOEDhTBqP70u" -m comment --comment "Policy default/knp.default.default-deny ingress"',
    ]);
    expect(c.netns['node-a'].ipsets?.['cali40s:g_TM4cHGncRYRKupcms5_3m']).toMatchObject({
      type: 'hash:net',
      members: [c.pods.find((p) => p.name === 'client-0')!.ip],
    });
    expect(hashes(c, 'node-a', 'cali-fw-cali0d7763386da')).toEqual([
      'jmN6LhWi_ZQe6T_y',
      'xMle_RuDLF0m3A_3',
      '9P_myjrpwVb4crJG',
      'MqRFCH_Q6vu0cL2h',
      'W71josaEkYA4Ev77',
      'n5BFnic7LTonqsOb',
      'D_fEYfe1FRPCnGmW',
      'h0q4NywDRNsvOpnV',
      'OS-6aoK07Gks6yjC',
      '2mwHIy07L0zH7DkT',
    ]);
    expect(hashes(c, 'node-a', 'cali-pri-kns.default')).toEqual(['WMSw8BmYOknRHfsz']);
  });
  it('names the policy and direction in the End of tier drop (a lab comment outside the hash)', () => {
    const end = c.netns['node-a'].netfilter.filter!['cali-tw-cali0d7763386da'].rules[8];
    expect(end.match.modules?.map((m) => (m.m === 'comment' ? m.comment : m.m))).toEqual([
      'cali:dboTdYs4g6gnxJdU',
      'End of tier default. Drop if no policies passed packet',
      'Policies default/knp.default.allow-from-app, default/knp.default.default-deny ingress: no rule matched',
      'mark',
    ]);
  });
});

// ------------------------------------------------------------------------------------------
// The chains against the evaluators, walked with the netfilter traversal the packet walk uses

const NS = ['x', 'y', 'z'];
const PODS = ['a', 'b', 'c'];
const SERVE = [80, 81].flatMap((port) =>
  (['TCP', 'UDP'] as const).map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol })),
);

function e2eCluster(): Cluster {
  return calicoCluster({
    podCIDR: '10.244.0.0/16',
    nodes: [
      { name: 'node-1', ip: '10.0.0.11' },
      { name: 'node-2', ip: '10.0.0.12' },
    ],
    namespaces: NS.map((name) => ({ name })),
    pods: NS.flatMap((ns, n) =>
      PODS.map((p, i) => ({
        name: p,
        namespace: ns,
        node: (n + i) % 2 === 0 ? 'node-1' : 'node-2',
        labels: { pod: p },
        ip: `10.244.${n + 1}.${i + 10}`,
        ports: SERVE,
      })),
    ),
  });
}
const BASE = e2eCluster();

function withPolicies(policies: readonly (NetworkPolicyRecord | CalicoPolicy)[]): Cluster {
  return CALICO.converge!({ ...BASE, api: { ...BASE.api, networkPolicies: policies } });
}

/** The FORWARD verdict on each node the packet crosses (a NEW connection), as Felix's chains give it. */
function chainsAllow(c: Cluster, conn: Connection): boolean {
  const pod = (e: Connection['src']) => {
    const ref = 'pod' in e ? e.pod : undefined;
    return ref && c.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
  };
  const s = pod(conn.src)!;
  const d = pod(conn.dst)!;
  const cali = (p: typeof s) => c.netns[p.netns].interfaces.find((x) => x.peer)!.peer!.ifname;
  const proto = conn.protocol.toLowerCase() as 'tcp' | 'udp' | 'icmp';
  const view = (inIface: string, outIface: string) => ({
    proto,
    src: s.ip!,
    dst: d.ip!,
    sport: 40000,
    dport: proto === 'icmp' ? undefined : conn.port,
    // an ICMP connection is a ping: echo request (what `-m icmp --icmp-type 8` tests)
    ...(proto === 'icmp' ? { icmpType: 8, icmpCode: 0 } : {}),
    inIface,
    outIface,
    ctstate: ['NEW' as const],
  });
  const hops =
    s.node === d.node
      ? [[s.node, cali(s), cali(d)]]
      : [
          [s.node, cali(s), 'eth0'],
          [d.node, 'eth0', cali(d)],
        ];
  return hops.every(([node, i, o]) => traverse(c.netns[node], 'filter', 'FORWARD', view(i, o), staticEnv(c.netns[node]))?.target.kind === 'ACCEPT');
}

const podConn = fc
  .record({
    src: fc.record({ namespace: fc.constantFrom(...NS), name: fc.constantFrom(...PODS) }),
    dst: fc.record({ namespace: fc.constantFrom(...NS), name: fc.constantFrom(...PODS) }),
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'ICMP' as const),
    port: fc.constantFrom(80, 81, 82),
  })
  .filter((c) => c.src.namespace !== c.dst.namespace || c.src.name !== c.dst.name)
  .map((c): Connection => ({ src: { pod: c.src }, dst: { pod: c.dst }, protocol: c.protocol, ...(c.protocol === 'ICMP' ? {} : { port: c.port }) }));

describe("Felix's chains agree with the Calico evaluator", () => {
  it('for random Kubernetes policies and pod-to-pod connections (property)', () => {
    fc.assert(
      fc.property(policiesArb(3), fc.array(podConn, { minLength: 1, maxLength: 6 }), (policies, conns) => {
        const c = withPolicies(policies);
        const ctx = calicoContextOf(c);
        for (const conn of conns) expect(chainsAllow(c, conn), JSON.stringify(conn)).toBe(evaluateCalico(ctx, conn).allowed);
      }),
      { numRuns: 60 },
    );
  });
});

/** REFERENCE §5.1 rows on Calico: for every pod pair and port, the chains decide as the Kubernetes semantics (policy/evaluate.ts, tested row by row) say. */
describe('REFERENCE §5.1 truth table on Calico', () => {
  const pod = (p: string) => ({ matchLabels: { pod: p } });
  const ns = (n: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } });
  const rows: [string, NetworkPolicyRecord[]][] = [
    ['1 default-deny-ingress', [np('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })]],
    ['2 default-deny-all', [np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })]],
    [
      '3 podSelector in the policy namespace',
      [np('x', 'a-from-b', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: pod('b') }] }] })],
    ],
    ['4 namespaceSelector', [np('x', 'a-from-y', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: ns('y') }] }] })]],
    [
      '6 podSelector AND namespaceSelector',
      [
        np('x', 'and', {
          podSelector: pod('a'),
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['x'] }] }, podSelector: pod('b') },
              ],
            },
          ],
        }),
      ],
    ],
    [
      '7 ports',
      [
        np('x', 'ports', {
          podSelector: pod('a'),
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: ns('y') }], ports: [{ protocol: 'TCP', port: 81 }] }],
        }),
      ],
    ],
    ['9 named port ingress', [np('x', 'named', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })]],
    ['10 named port egress', [np('x', 'named-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })]],
    ['14 protocol only', [np('x', 'tcp', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP' }] }] })]],
    ['16 ipBlock egress', [np('x', 'cidr', { podSelector: pod('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.244.2.11/32' } }] }] })]],
    [
      '17 ipBlock except',
      [
        np('x', 'except', {
          podSelector: pod('a'),
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/4', except: ['10.244.1.11/32'] } }] }],
        }),
      ],
    ],
    [
      '22 deny-all plus allow to a',
      [
        np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
        np('x', 'allow-all-to-a', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] }),
      ],
    ],
    ['23 endPort', [np('x', 'range', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 80, endPort: 81 }] }] })]],
  ];
  const all = NS.flatMap((n) => PODS.map((p) => ({ namespace: n, name: p })));
  it.each(rows)('row %s', (_, policies) => {
    const c = withPolicies(policies);
    const k8s = { ...calicoContextOf(c), policies };
    for (const src of all)
      for (const dst of all) {
        if (src === dst) continue;
        for (const [protocol, port] of [
          ['TCP', 80],
          ['TCP', 81],
          ['UDP', 80],
        ] as const) {
          const conn: Connection = { src: { pod: src }, dst: { pod: dst }, protocol, port };
          expect(chainsAllow(c, conn), `${src.namespace}/${src.name} → ${dst.namespace}/${dst.name} ${protocol}/${port}`).toBe(evaluate(k8s, conn).allowed);
        }
      }
  });
  it('row 1 concretely: y/a → x/b is dropped in x/b’s cali-tw chain, x/a → y/b passes', () => {
    const c = withPolicies(rows[0][1]);
    expect(chainsAllow(c, { src: { pod: { namespace: 'y', name: 'a' } }, dst: { pod: { namespace: 'x', name: 'b' } }, protocol: 'TCP', port: 80 })).toBe(false);
    expect(chainsAllow(c, { src: { pod: { namespace: 'x', name: 'a' } }, dst: { pod: { namespace: 'y', name: 'b' } }, protocol: 'TCP', port: 80 })).toBe(true);
  });
});

describe('projectcalico.org/v3 NetworkPolicy and GlobalNetworkPolicy: order, Allow / Deny / Log / Pass', () => {
  const calico = (obj: Record<string, unknown>): CalicoPolicy => {
    const r = parseCalicoPolicy({ apiVersion: 'projectcalico.org/v3', ...obj });
    if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    return r.record;
  };
  const cnp = (ns: string, name: string, spec: Record<string, unknown>) => calico({ kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  const gnp = (name: string, spec: Record<string, unknown>) => calico({ kind: 'GlobalNetworkPolicy', metadata: { name }, spec });
  const sets: [string, CalicoPolicy[]][] = [
    [
      'order: a lower-order Deny wins over an Allow',
      [
        cnp('x', 'b-allow', { order: 20, selector: 'all()', ingress: [{ action: 'Allow' }] }),
        cnp('x', 'a-deny', { order: 10, selector: "pod == 'a'", ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }] }),
      ],
    ],
    [
      'Log goes on, Pass skips the tier to the profile, a GlobalNetworkPolicy denies the rest',
      [
        cnp('x', 'log-then-pass', {
          order: 10,
          selector: "pod == 'a'",
          ingress: [{ action: 'Log' }, { action: 'Pass', source: { selector: "pod == 'b'" } }, { action: 'Deny' }],
        }),
        gnp('deny-x', { order: 100, selector: "projectcalico.org/namespace == 'x'", types: ['Ingress'], ingress: [{ action: 'Deny' }] }),
      ],
    ],
    [
      'entity rules: namespaceSelector, notSelector, nets/notNets, named ports, ICMP',
      [
        gnp('mix', {
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
        }),
      ],
    ],
    [
      'egress Deny by port',
      [
        cnp('y', 'no-81', {
          selector: 'all()',
          types: ['Egress'],
          egress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [81] } }, { action: 'Allow' }],
        }),
      ],
    ],
  ];
  const all = NS.flatMap((n) => PODS.map((p) => ({ namespace: n, name: p })));
  it.each(sets)('%s: the chains decide as evaluateCalico does', (_, policies) => {
    const c = withPolicies(policies);
    const ctx = calicoContextOf(c);
    for (const src of all)
      for (const dst of all) {
        if (src === dst) continue;
        for (const [protocol, port] of [
          ['TCP', 80],
          ['TCP', 81],
          ['UDP', 80],
          ['ICMP', undefined],
        ] as const) {
          const conn: Connection = { src: { pod: src }, dst: { pod: dst }, protocol, ...(port ? { port } : {}) };
          expect(chainsAllow(c, conn), `${src.namespace}/${src.name} → ${dst.namespace}/${dst.name} ${protocol}/${port}`).toBe(
            evaluateCalico(ctx, conn).allowed,
          );
        }
      }
  });
  it('a Deny drops in the policy’s own chain, with a comment naming the policy and the rule', () => {
    const c = withPolicies(sets[0][1]);
    const xa = c.pods.find((p) => p.namespace === 'x' && p.name === 'a')!;
    const node = c.netns[xa.node];
    const cali = c.netns[xa.netns].interfaces.find((d) => d.peer)!.peer!.ifname;
    const v = traverse(
      node,
      'filter',
      'FORWARD',
      { proto: 'tcp', src: '10.244.2.10', dst: xa.ip!, sport: 4000, dport: 80, inIface: 'eth0', outIface: cali, ctstate: ['NEW'] },
      staticEnv(node),
    )!;
    expect(v.target.kind).toBe('DROP');
    expect(v.row).toMatch(
      /^-A cali-pi-\S+ -m comment --comment "cali:\S+" -m comment --comment "Policy x\/a-deny ingress\[0\] \(Deny\) matched: drop" -m mark --mark 0x40000\/0x40000 -j DROP$/,
    );
  });
});
