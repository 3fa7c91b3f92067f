import { describe, expect, it } from 'vitest';
import { evaluateCilium } from './cilium';
import { endpointLabels, identityTable, labelString } from './cilium-identity';
import { parseCiliumPolicy } from './cilium-schema';
import type { CiliumContext, CiliumPolicy } from './crd-types';
import { e2ePod, e2eWorld } from './test-helpers';
import type { Connection, ConnectionEnd, PolicyPod } from './types';

function cnp(ns: string, name: string, spec: Record<string, unknown> | Record<string, unknown>[]): CiliumPolicy {
  const body = Array.isArray(spec) ? { specs: spec } : { spec };
  const r = parseCiliumPolicy({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: ns }, ...body });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.record;
}

const apiserver: PolicyPod = {
  namespace: 'kube-system',
  name: 'kube-apiserver-node-1',
  labels: { component: 'kube-apiserver', tier: 'control-plane' },
  ip: '10.0.0.11',
  node: 'node-1',
  hostNetwork: true,
};

function ctx(ciliumPolicies: CiliumPolicy[], extraPods: PolicyPod[] = []): CiliumContext {
  const w = e2eWorld();
  return { pods: [...w.pods, apiserver, ...extraPods], namespaces: w.namespaces, nodes: w.nodes, ciliumPolicies };
}
const end = (s: string): ConnectionEnd => (s.includes('/') ? { pod: { namespace: s.split('/')[0], name: s.split('/')[1] } } : { ip: s });
const go = (c: CiliumContext, from: string, to: string, extra: Partial<Connection> = {}) =>
  evaluateCilium(c, { src: end(from), dst: end(to), protocol: 'TCP', port: 80, ...extra });
const sel = (labels: Record<string, string>) => ({ matchLabels: labels });

describe('Cilium identities', () => {
  it('are made of the pod labels, its namespace and namespace labels, and are shared by equal label sets', () => {
    const c = ctx([]);
    expect(endpointLabels(c, c.pods[0]).map(labelString)).toEqual([
      'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=x',
      'k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.cilium.k8s.policy.serviceaccount=default',
      'k8s:io.kubernetes.pod.namespace=x',
      'k8s:pod=a',
    ]);
    const twin = { ...e2ePod('x/a'), name: 'a-twin', ip: '10.244.1.99', labels: { pod: 'a', 'pod-template-hash': '5d78c9869d' } };
    const v = go(ctx([], [twin]), 'x/a-twin', 'x/a');
    expect(v.identities.src.id).toBe(v.identities.dst.id); // pod-template-hash is not identity-relevant
    const ids = [...identityTable(c).values()];
    expect(new Set(ids).size).toBe(9);
    expect(ids.every((id) => id >= 256 && id <= 65535)).toBe(true);
    expect(identityTable({ ...c, pods: [...c.pods].reverse() })).toEqual(identityTable(c));
  });

  it('reserved identities: host on its own node, remote-node elsewhere, kube-apiserver, world', () => {
    const c = ctx([]);
    expect(go(c, '10.0.0.12', 'x/b').identities.src).toMatchObject({ id: 1, text: '(host)' }); // x/b runs on node-2
    expect(go(c, '10.0.0.12', 'x/a').identities.src).toMatchObject({ id: 6, text: '(remote-node)' });
    expect(go(c, '10.0.0.11', 'x/b').identities.src).toMatchObject({ id: 7, kubeApiserver: true });
    expect(go(c, '192.0.2.7', 'x/a').identities.src).toMatchObject({ id: 2, text: '(world)' });
  });
});

describe('CiliumNetworkPolicy evaluation', () => {
  it('ingress: [{}] puts the endpoint in default deny (an empty rule admits nobody); ingress: [] does not', () => {
    const deny = cnp('x', 'deny-all-ingress', { endpointSelector: {}, ingress: [{}] });
    const v = go(ctx([deny]), 'y/a', 'x/a');
    expect(v.ingress).toMatchObject({ kind: 'denied', reason: 'no-rule-matched', isolatedBy: ['x/deny-all-ingress'] });
    expect(v.ingress.text).toContain('the rule is empty, so it selects no peer');
    expect(go(ctx([cnp('x', 'nothing', { endpointSelector: {}, ingress: [] })]), 'y/a', 'x/a').ingress.kind).toBe('not-isolated');
    expect(go(ctx([deny]), 'y/a', 'y/b').ingress.kind).toBe('not-isolated');
  });

  it('fromEndpoints stay in the policy namespace unless they name k8s:io.kubernetes.pod.namespace', () => {
    const p = cnp('x', 'from-b', {
      endpointSelector: sel({ pod: 'a' }),
      ingress: [{ fromEndpoints: [sel({ pod: 'b' })] }, { fromEndpoints: [sel({ 'k8s:io.kubernetes.pod.namespace': 'y', pod: 'c' })] }],
    });
    const c = ctx([p]);
    expect(go(c, 'x/b', 'x/a').ingress).toMatchObject({
      kind: 'allowed',
      by: { policy: 'x/from-b', rule: 0, peer: 0, port: null, text: 'x/from-b ingress[0] fromEndpoints[0]' },
    });
    expect(go(c, 'y/b', 'x/a').allowed).toBe(false);
    expect(go(c, 'y/c', 'x/a').ingress).toMatchObject({ by: { rule: 1 } });
    expect(go(c, 'y/b', 'x/a').ingress.text).toContain('matches no fromEndpoints selector (they look in namespace x');
    const same = cnp('x', 'same-ns', { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] });
    expect([go(ctx([same]), 'x/c', 'x/a').allowed, go(ctx([same]), 'z/c', 'x/a').allowed]).toEqual([true, false]);
  });

  it('deny rules win over allow rules', () => {
    const p = cnp('x', 'allow-but-not-c', {
      endpointSelector: {},
      ingress: [{ fromEntities: ['all'] }],
      ingressDeny: [{ fromEndpoints: [sel({ pod: 'c' })], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }],
    });
    const c = ctx([p]);
    expect(go(c, 'x/c', 'x/a').ingress).toMatchObject({
      kind: 'denied',
      reason: 'deny-rule',
      by: { section: 'ingressDeny', text: 'x/allow-but-not-c ingressDeny[0] fromEndpoints[0] toPorts[0]' },
    });
    expect(go(c, 'x/c', 'x/a', { port: 81 }).allowed).toBe(true);
    expect(go(c, 'y/a', 'x/a').allowed).toBe(true);
  });

  it('entities: world, cluster, host, remote-node, kube-apiserver', () => {
    const p = (name: string, entities: string[]) => cnp('x', name, { endpointSelector: sel({ pod: 'a' }), egress: [{ toEntities: entities }] });
    const ok = (entities: string[], to: string) => go(ctx([p('e', entities)]), 'x/a', to).allowed; // x/a runs on node-1
    expect([ok(['world'], '192.0.2.7'), ok(['world'], 'y/a')]).toEqual([true, false]);
    expect([ok(['cluster'], 'y/a'), ok(['cluster'], '10.0.0.12'), ok(['cluster'], '192.0.2.7')]).toEqual([true, true, false]);
    expect([ok(['host'], '10.0.0.11'), ok(['host'], '10.0.0.12')]).toEqual([true, false]);
    expect([ok(['remote-node'], '10.0.0.12'), ok(['remote-node'], '10.0.0.11')]).toEqual([true, false]);
    expect(ok(['kube-apiserver'], '10.0.0.11')).toBe(true);
    expect(ok(['kube-apiserver'], '10.0.0.12')).toBe(false);
  });

  it('CIDR rules match only peers outside the cluster (never pods or nodes)', () => {
    const p = cnp('x', 'cidr', { endpointSelector: sel({ pod: 'a' }), egress: [{ toCIDRSet: [{ cidr: '0.0.0.0/0', except: ['192.0.2.128/25'] }] }] });
    const c = ctx([p]);
    expect(go(c, 'x/a', '192.0.2.7').egress).toMatchObject({ kind: 'allowed', by: { text: 'x/cidr egress[0] toCIDRSet[0]' } });
    expect(go(c, 'x/a', '192.0.2.200').allowed).toBe(false);
    expect(go(c, 'x/a', 'y/a').egress.text).toContain('CIDR rules only match peers outside it');
  });

  it('toPorts: L4-only rules admit every peer; named ports, ANY and port 0', () => {
    const p = cnp('x', 'ports', {
      endpointSelector: sel({ pod: 'a' }),
      ingress: [
        { toPorts: [{ ports: [{ port: 'serve-81-tcp', protocol: 'TCP' }] }] },
        { fromEndpoints: [sel({ pod: 'b' })], toPorts: [{ ports: [{ port: '0', protocol: 'UDP' }] }] },
        { toPorts: [{ ports: [{ port: '82' }] }] },
      ],
    });
    const c = ctx([p]);
    expect(go(c, '192.0.2.7', 'x/a', { port: 81 }).ingress).toMatchObject({ by: { rule: 0, peer: null, port: 0 } });
    expect(go(c, 'y/c', 'x/a', { port: 80 }).allowed).toBe(false);
    expect(go(c, 'x/b', 'x/a', { protocol: 'UDP', port: 5353 }).allowed).toBe(true);
    expect(go(c, 'y/b', 'x/a', { protocol: 'UDP', port: 5353 }).allowed).toBe(false);
    expect(go(c, 'y/b', 'x/a', { protocol: 'SCTP', port: 82 }).allowed).toBe(true);
    expect(go(c, 'y/b', 'x/a', { protocol: 'ICMP', port: undefined }).allowed).toBe(false);
  });

  it('L7 HTTP rules: which method/path rule allowed a request, or 403 from the proxy', () => {
    const p = cnp('x', 'api', {
      endpointSelector: sel({ pod: 'a' }),
      ingress: [
        {
          fromEndpoints: [{}],
          toPorts: [
            {
              ports: [{ port: '80', protocol: 'TCP' }],
              rules: {
                http: [
                  { method: 'GET', path: '/public/.*' },
                  { method: 'POST', path: '/login' },
                ],
              },
            },
          ],
        },
      ],
    });
    const c = ctx([p]);
    const get = go(c, 'x/b', 'x/a', { http: { method: 'GET', path: '/public/index.html' } });
    expect(get.ingress).toMatchObject({ kind: 'allowed', l7: { proxied: true, allowedBy: { http: 0, method: 'GET', path: '/public/.*' } } });
    expect(go(c, 'x/b', 'x/a', { http: { method: 'POST', path: '/login' } }).ingress).toMatchObject({ l7: { allowedBy: { http: 1 } } });
    const denied = go(c, 'x/b', 'x/a', { http: { method: 'GET', path: '/admin' } });
    expect(denied.ingress).toMatchObject({ kind: 'denied', reason: 'l7' });
    expect(denied.ingress.text).toBe(
      'GET /admin matches none of the http rules of x/api ingress[0] fromEndpoints[0] toPorts[0]: the proxy answers 403 Access denied',
    );
    expect(go(c, 'x/b', 'x/a', { http: { method: 'GET', path: '/public' } }).allowed).toBe(false); // the path regex must match the whole path
    expect(go(c, 'x/b', 'x/a').ingress).toMatchObject({ kind: 'allowed', l7: { pending: true } });
    const plain = cnp('x', 'plain', {
      endpointSelector: sel({ pod: 'a' }),
      ingress: [{ fromEndpoints: [sel({ pod: 'c' })], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }],
    });
    expect(go(ctx([p, plain]), 'x/c', 'x/a', { http: { method: 'DELETE', path: '/admin' } }).ingress).toMatchObject({
      kind: 'allowed',
      by: { policy: 'x/plain' },
      l7: { allowedBy: { http: null } },
    });
  });

  it('enableDefaultDeny false: selected, but what no rule denies is allowed', () => {
    const p = cnp('x', 'deny-c-only', { endpointSelector: {}, enableDefaultDeny: { ingress: false }, ingressDeny: [{ fromEndpoints: [sel({ pod: 'c' })] }] });
    expect(go(ctx([p]), 'x/b', 'x/a').ingress).toMatchObject({ kind: 'not-isolated', reason: 'no-default-deny' });
    expect(go(ctx([p]), 'x/c', 'x/a').allowed).toBe(false);
    // without the flag a deny-only rule still isolates (len(IngressDeny) > 0)
    expect(go(ctx([cnp('x', 'deny-c', { endpointSelector: {}, ingressDeny: [{ fromEndpoints: [sel({ pod: 'c' })] }] })]), 'x/b', 'x/a').allowed).toBe(false);
  });

  it('specs: several rules in one policy, named specs[i] in messages', () => {
    const p = cnp('x', 'multi', [
      { endpointSelector: sel({ pod: 'a' }), ingress: [{ fromEndpoints: [sel({ pod: 'b' })] }] },
      { endpointSelector: sel({ pod: 'a' }), ingress: [{ fromEndpoints: [sel({ pod: 'c' })] }] },
    ]);
    expect(go(ctx([p]), 'x/c', 'x/a').ingress).toMatchObject({ by: { text: 'x/multi specs[1].ingress[0] fromEndpoints[0]' } });
  });

  it('own host and loopback are always allowed', () => {
    const deny = cnp('x', 'deny', { endpointSelector: {}, ingress: [{}], egress: [{}] });
    expect(go(ctx([deny]), '10.0.0.11', 'x/a').ingress.kind).toBe('allowed');
    expect(go(ctx([deny]), 'x/a', 'x/a').allowed).toBe(true);
    expect(go(ctx([deny]), '10.0.0.12', 'x/a').allowed).toBe(false);
  });
});

describe('CiliumNetworkPolicy schema (rule_validation.go messages)', () => {
  const issues = (spec: Record<string, unknown>) => {
    const r = parseCiliumPolicy({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: 'x' }, spec });
    return r.ok ? [] : r.issues;
  };
  it('names the field', () => {
    expect(
      issues({
        endpointSelector: {},
        ingress: [
          { fromEndpoints: [{}], fromCIDR: ['10.0.0.0/8'] },
          { fromEntities: ['internet'] },
          { toPorts: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
          { toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }], rules: { http: [{ path: '/(' }] } }] },
        ],
      }),
    ).toEqual([
      { path: 'spec.ingress[0]', message: 'combining FromEndpoints and FromCIDR is not supported yet' },
      { path: 'spec.ingress[1].fromEntities[0]', message: 'unsupported entity: internet' },
      { path: 'spec.ingress[2].toPorts[0].ports[0].port', message: 'Invalid value: "integer": must be of type string: "integer" (quote it: port: "80")' },
      { path: 'spec.ingress[3].toPorts[0].ports[0].protocol', message: 'L7 rules can only apply to TCP (not UDP) except for DNS rules' },
      { path: 'spec.ingress[3].toPorts[0].rules.http[0].path', message: 'Invalid value: "/(": not a valid regular expression' },
    ]);
    expect(issues({ ingress: [] })).toEqual([
      { path: 'spec.endpointSelector', message: 'Required value: rule must have one of EndpointSelector or NodeSelector' },
    ]);
  });
});
