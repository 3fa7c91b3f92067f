import { describe, expect, it } from 'vitest';
import { runProbe } from '../lab';
import { labFromText } from '../lab';
import { lab } from './test-helpers';

const scenario = (policies: string, cni = 'flannel') => `
apiVersion: podpath/v1
kind: Scenario
metadata: { name: t }
cluster:
  cni: ${cni}
  gateway: none
  nodes:
    - { name: node1, ip: 192.168.50.1 }
    - { name: node2, ip: 192.168.50.2 }
  pods:
    - { name: client, node: node1, labels: { app: client } }
    - { name: web, node: node2, labels: { app: web }, ports: [8080] }
  networkPolicies: ${policies}
`;

const DENY_INGRESS = `[{ metadata: { name: deny-all }, spec: { podSelector: {}, policyTypes: [Ingress] } }]`;
const ALLOW_CLIENT = `[{ metadata: { name: deny-all }, spec: { podSelector: {}, policyTypes: [Ingress] } }, { metadata: { name: allow-client }, spec: { podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: client } } }], ports: [{ port: 8080 }] }] } }]`;

describe('NetworkPolicy on Flannel (nothing enforces it)', () => {
  it('a default-deny still delivers, and the trace says what would have been denied', () => {
    const t = runProbe(lab(scenario(DENY_INGRESS)), { from: 'client', to: 'web:8080', protocol: 'tcp' }).trace;
    expect(t.verdict).toBe('delivered');
    expect(t.policy).toMatchObject({ enforced: false, wouldDeny: true, policies: ['default/deny-all'] });
    expect(t.policy?.text).toMatch(/^Flannel does not enforce NetworkPolicy, so this went through/);
    expect(t.policy?.why).toMatch(/no NetworkPolicy controller/);
  });

  it('an allowing rule is named as allowing; a port it does not list would be denied', () => {
    const l = lab(scenario(ALLOW_CLIENT));
    const ok = runProbe(l, { from: 'client', to: 'web:8080', protocol: 'tcp' }).trace;
    expect(ok.policy).toMatchObject({ wouldDeny: false, policies: ['default/allow-client', 'default/deny-all'] });
    const icmp = runProbe(l, { from: 'client', to: 'web', protocol: 'icmp' }).trace;
    expect(icmp).toMatchObject({ verdict: 'delivered', policy: { wouldDeny: true } });
  });

  it('no policies, no note', () => {
    expect(runProbe(lab(scenario('[]')), { from: 'client', to: 'web', protocol: 'icmp' }).trace.policy).toBeUndefined();
  });

  it('a Calico or Cilium policy CRD is refused on Flannel the way kubectl refuses an unknown kind', () => {
    const r = labFromText(
      scenario(`[{ apiVersion: cilium.io/v2, kind: CiliumNetworkPolicy, metadata: { name: x }, spec: { endpointSelector: {}, ingress: [{}] } }]`),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        path: 'cluster.networkPolicies[0]',
        message: expect.stringMatching(/^no matches for kind "CiliumNetworkPolicy" in version "cilium.io\/v2"/),
      });
  });

  it('two policies with one name are a scenario error naming the second', () => {
    const r = labFromText(scenario(`[{ metadata: { name: a }, spec: { podSelector: {} } }, { metadata: { name: a }, spec: { podSelector: {} } }]`));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ message: expect.stringContaining('duplicate NetworkPolicy default/a') });
    if (!r.ok) expect(r.errors[0].path).toMatch(/networkPolicies.*1.*metadata.*name/);
  });
});
