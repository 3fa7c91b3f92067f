import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Cluster } from '../model/datapath';
import { parsePolicyObject, policyObjectKey, policyObjectSchema, splitPolicies, type PolicyObject } from './objects';
import { policyWorldOf } from './world';

const k8s = { metadata: { name: 'web', namespace: 'x' }, spec: { podSelector: {} } };
const gnp = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'deny' }, spec: { ingress: [{ action: 'Deny' }] } };
const cnp = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'l7', namespace: 'x' },
  spec: { endpointSelector: {}, ingress: [{}] },
};

describe('policy objects by apiVersion and kind', () => {
  it('recognises the four kinds, and a bare metadata+spec as a Kubernetes NetworkPolicy', () => {
    const kinds = [k8s, gnp, cnp, { ...gnp, kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'x' } }].map((o) => {
      const r = parsePolicyObject(o);
      return r.ok ? policyObjectKey(r.record) : r.issues;
    });
    expect(kinds).toEqual(['NetworkPolicy x/web', 'GlobalNetworkPolicy deny', 'CiliumNetworkPolicy x/l7', 'projectcalico.org/v3 NetworkPolicy x/n']);
    expect(parsePolicyObject({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: {}, spec: {} })).toEqual({
      ok: false,
      issues: [
        {
          path: 'apiVersion',
          message:
            'Unsupported value: "policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy": supported values: "networking.k8s.io/v1 NetworkPolicy", "projectcalico.org/v3 NetworkPolicy", "projectcalico.org/v3 GlobalNetworkPolicy", "cilium.io/v2 CiliumNetworkPolicy"',
        },
      ],
    });
  });

  it('policyObjectSchema slots into a scenario schema with paths that name the field', () => {
    const cluster = z.object({ networkPolicies: z.array(policyObjectSchema).default([]) });
    const bad = cluster.safeParse({
      networkPolicies: [k8s, { ...k8s, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] } }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['networkPolicies.1.spec.ingress.0.from.0', 'Forbidden: may not specify both ipBlock and another peer'],
    ]);
    const good = cluster.parse({ networkPolicies: [k8s, gnp, cnp] });
    const split = splitPolicies(good.networkPolicies as PolicyObject[]);
    expect([split.kubernetes.length, split.calico.length, split.cilium.length]).toEqual([1, 1, 1]);
  });

  it('policyWorldOf reads a built cluster (named container ports only)', () => {
    const cluster = {
      nodes: [{ name: 'n1', ip: '10.0.0.11' }],
      pods: [
        {
          namespace: 'x',
          name: 'a',
          node: 'n1',
          ip: '10.244.1.2',
          labels: { app: 'web' },
          hostNetwork: false,
          ports: [
            { name: 'http', containerPort: 80, protocol: 'TCP' },
            { containerPort: 9000, protocol: 'TCP' },
          ],
        },
      ],
      api: { namespaces: [{ name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' } }], services: [], endpointSlices: [] },
    } as unknown as Cluster;
    expect(policyWorldOf(cluster)).toEqual({
      pods: [
        {
          namespace: 'x',
          name: 'a',
          labels: { app: 'web' },
          ip: '10.244.1.2',
          node: 'n1',
          hostNetwork: false,
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        },
      ],
      namespaces: [{ name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' } }],
      nodes: [{ name: 'n1', ip: '10.0.0.11' }],
    });
  });
});
