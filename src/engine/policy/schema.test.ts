import { describe, expect, it } from 'vitest';
import { formatInvalid } from './k8s-validation';
import { parseNetworkPolicy } from './schema';

const obj = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p', namespace: 'x' }) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata,
  spec,
});

function issues(spec: Record<string, unknown>, metadata?: Record<string, unknown>) {
  const r = parseNetworkPolicy(obj(spec, metadata));
  if (r.ok) throw new Error('expected the policy to be invalid');
  return r.issues;
}

describe('NetworkPolicy defaults (pkg/apis/networking/v1/defaults.go)', () => {
  it('policyTypes: Ingress always, Egress only when spec.egress has rules', () => {
    const types = (spec: Record<string, unknown>) => {
      const r = parseNetworkPolicy(obj(spec));
      return r.ok ? r.record.policyTypes : null;
    };
    expect(types({ podSelector: {} })).toEqual(['Ingress']);
    expect(types({ podSelector: {}, egress: [{}] })).toEqual(['Ingress', 'Egress']);
    expect(types({ podSelector: {}, egress: [] })).toEqual(['Ingress']);
    expect(types({ podSelector: {}, policyTypes: ['Egress'] })).toEqual(['Egress']);
  });

  it('protocol defaults to TCP, namespace to default, and absent selectors stay distinguishable', () => {
    const r = parseNetworkPolicy(obj({ ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80 }] }] }, { name: 'p' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.namespace).toBe('default');
    expect(r.record.ingress[0].ports[0]).toEqual({ protocol: 'TCP', port: 80, endPort: null });
    expect(r.record.ingress[0].peers[0]).toEqual({
      kind: 'selector',
      podSelector: { matchLabels: { pod: 'b' }, matchExpressions: [] },
      namespaceSelector: null,
    });
  });

  it('accepts a policy written without apiVersion and kind (SCENARIOS.md: metadata + spec)', () => {
    expect(parseNetworkPolicy({ metadata: { name: 'p', namespace: 'x' }, spec: { podSelector: {} } }).ok).toBe(true);
  });
});

describe("the API server's validation messages, naming the field", () => {
  it('ipBlock combined with a selector in one peer', () => {
    expect(issues({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] })).toEqual([
      { path: 'spec.ingress[0].from[0]', message: 'Forbidden: may not specify both ipBlock and another peer' },
    ]);
  });

  it('an empty peer', () => {
    expect(issues({ podSelector: {}, egress: [{ to: [{}] }] })).toEqual([{ path: 'spec.egress[0].to[0]', message: 'Required value: must specify a peer' }]);
  });

  it('except outside cidr, or not strictly smaller', () => {
    expect(issues({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24', '10.0.0.0/16'] } }] }] })).toEqual([
      { path: 'spec.egress[0].to[0].ipBlock.except[0]', message: 'Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`' },
      { path: 'spec.egress[0].to[0].ipBlock.except[1]', message: 'Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`' },
    ]);
  });

  it('a bad cidr', () => {
    expect(issues({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0/8' } }] }] })).toEqual([
      { path: 'spec.ingress[0].from[0].ipBlock.cidr', message: 'Invalid value: "10.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)' },
    ]);
  });

  it('endPort without a numeric port, without a port, or below port', () => {
    expect(issues({ podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 90 }, { endPort: 90 }, { port: 90, endPort: 80 }] }] })).toEqual([
      { path: 'spec.ingress[0].ports[0].endPort', message: 'Invalid value: 90: may not be specified when `port` is non-numeric' },
      { path: 'spec.ingress[0].ports[1].endPort', message: 'Invalid value: 90: may not be specified when `port` is not specified' },
      { path: 'spec.ingress[0].ports[2].endPort', message: 'Invalid value: 80: must be greater than or equal to `port`' },
    ]);
  });

  it('port numbers, port names and protocols', () => {
    expect(issues({ podSelector: {}, ingress: [{ ports: [{ port: 0 }, { port: '80' }, { protocol: 'ICMP' }] }] })).toEqual([
      { path: 'spec.ingress[0].ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
      { path: 'spec.ingress[0].ports[1].port', message: 'Invalid value: "80": must contain at least one letter (a-z)' },
      { path: 'spec.ingress[0].ports[2].protocol', message: 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"' },
    ]);
  });

  it('policyTypes and label selector operators', () => {
    expect(
      issues({
        podSelector: {
          matchExpressions: [
            { key: 'app', operator: 'In' },
            { key: 'app', operator: 'Exists', values: ['a'] },
            { key: 'app', operator: 'Equals', values: ['a'] },
          ],
        },
        policyTypes: ['ingress'],
      }),
    ).toEqual([
      { path: 'spec.podSelector.matchExpressions[0].values', message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" },
      { path: 'spec.podSelector.matchExpressions[1].values', message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" },
      { path: 'spec.podSelector.matchExpressions[2].operator', message: 'Invalid value: "Equals": not a valid selector operator' },
      { path: 'spec.policyTypes[0]', message: 'Unsupported value: "ingress": supported values: "Ingress", "Egress"' },
    ]);
  });

  it('a missing name, and an unknown field (strict decoding)', () => {
    expect(issues({ podSelector: {} }, { namespace: 'x' })).toEqual([{ path: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    expect(issues({ podSelector: {}, ingres: [] })[0]).toMatchObject({ path: 'spec', message: 'Unrecognized key: "ingres"' });
  });

  it('formats like kubectl apply', () => {
    const list = issues({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] });
    expect(formatInvalid('NetworkPolicy', 'db-mixed', list)).toBe(
      'The NetworkPolicy "db-mixed" is invalid: spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
    );
  });
});
