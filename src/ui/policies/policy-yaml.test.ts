import '../test-engine';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePolicyObject } from '../../engine/policy';
import { loadSample, SAMPLE_IDS } from '../store/scenarios';
import { DEFAULT_DENY_INGRESS, NEW_POLICY, pathKeys, policyText, validatePolicyText } from './policy-yaml';

describe('policy YAML', () => {
  it('accepts the default-deny example and the new-policy template', () => {
    const deny = validatePolicyText(DEFAULT_DENY_INGRESS);
    expect(deny).toMatchObject({ ok: true, key: 'NetworkPolicy default/default-deny-ingress' });
    if (deny.ok) expect(deny.record).toMatchObject({ kind: 'NetworkPolicy', policyTypes: ['Ingress'], ingress: [] });
    expect(validatePolicyText(NEW_POLICY).ok).toBe(true);
  });

  it('puts a YAML syntax error at its line', () => {
    const r = validatePolicyText('metadata:\n  name: x\nspec: [unclosed\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it("puts the API server's validation error at the line of the field it names", () => {
    const text = DEFAULT_DENY_INGRESS.replace('    - Ingress', '    - Sideways');
    const r = validatePolicyText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('Sideways')) + 1;
    expect(r.errors[0].path).toMatch(/^spec\.policyTypes/);
    expect(r.errors[0].line).toBe(line);
  });

  it('reports a missing field at its parent', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: default\nspec:\n  podSelector: {}\n';
    const r = validatePolicyText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path.startsWith('metadata'));
    expect(e, JSON.stringify(r.errors)).toBeDefined();
    expect([3, 4]).toContain(e!.line);
  });

  it('writes a Kubernetes record back as a manifest that parses to the same record', () => {
    const src = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: prod }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
    - from:
        - podSelector: { matchExpressions: [{ key: role, operator: In, values: [client] }] }
          namespaceSelector: {}
        - ipBlock: { cidr: 10.0.0.0/8, except: [10.1.0.0/16] }
      ports: [{ port: 8080 }, { protocol: UDP, port: 53, endPort: 60 }]
  egress:
    - to: [{ podSelector: {} }]
`;
    const r = validatePolicyText(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = parsePolicyObject(parse(policyText(r.record)));
    expect(again.ok && again.record).toEqual(r.record);
  });

  it('writes every policy of the sample scenarios back as text that parses to the same record (Calico CRDs excepted)', () => {
    for (const id of SAMPLE_IDS)
      for (const p of loadSample(id).scenario.cluster.networkPolicies) {
        if (p.kind !== 'NetworkPolicy' && p.kind !== 'CiliumNetworkPolicy') continue;
        const again = validatePolicyText(policyText(p));
        expect(again.ok && again.record, `${id} ${p.name}`).toEqual(p);
      }
  });

  it('splits a field path into keys', () => {
    expect(pathKeys('spec.ingress[0].from[12]')).toEqual(['spec', 'ingress', 0, 'from', 12]);
    expect(pathKeys('')).toEqual([]);
  });
});
