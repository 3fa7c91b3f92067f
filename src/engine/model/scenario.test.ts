import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario, validateScenario } from './scenario';

const ok = `apiVersion: podpath/v1
kind: Scenario
metadata: { name: t }
cluster:
  nodes:
    - { name: node1, ip: 192.168.1.10 }
  pods:
    - { name: a, node: node1 }
probes:
  - { from: a, to: node1, protocol: icmp }
`;

describe('reading scenarios', () => {
  it('accepts a minimal scenario and fills the documented defaults', () => {
    const r = parseScenario(ok);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.scenario.cluster).toMatchObject({ cni: 'flannel', kubeProxy: 'iptables', underlayMTU: 1500, podMTU: 'auto', serviceCIDR: '10.96.0.0/12' });
      expect(r.scenario.cluster.pods[0]).toMatchObject({ namespace: 'default', libc: 'glibc' });
    }
  });
  it('names the field and the line of a bad value', () => {
    const r = parseScenario(ok.replace('192.168.1.10', '192.168.1.300'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatScenarioError(r.errors[0], 's.yaml')).toBe('s.yaml:6: cluster.nodes[0].ip: must be an IPv4 address like 10.244.1.5');
  });
  it('reports cross-field mistakes: unknown node, wrong mode, unknown protocol', () => {
    const bad = ok.replace('node: node1 }', 'node: node9 }').replace('protocol: icmp', 'protocol: ping').replace('cluster:\n', 'cluster:\n  mode: bgp\n');
    const r = parseScenario(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.errors.map((e) => formatScenarioError(e)).join('\n');
      expect(text).toMatch(/cluster\.mode: flannel has no mode "bgp"/);
      expect(text).toMatch(/line 9: cluster\.pods\[0\]\.node: pod "a" is on node "node9"/);
      expect(text).toMatch(/probes\[0\]\.protocol/);
    }
  });
  it('reports YAML syntax errors with a line, never throws', () => {
    const r = parseScenario('apiVersion: podpath/v1\nkind: [unclosed\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].line).toBeGreaterThan(0);
    expect(parseScenario('').ok).toBe(false);
    expect(parseScenario('42').ok).toBe(false);
  });
  it('validates already-parsed objects (share links, stored state)', () => {
    expect(validateScenario({ apiVersion: 'podpath/v1' }).ok).toBe(false);
    expect(validateScenario(null).ok).toBe(false);
  });
});
