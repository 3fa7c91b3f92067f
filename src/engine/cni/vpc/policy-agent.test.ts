import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runProbe } from '../../lab';
import { lab } from '../../trace/test-helpers';
import { evaluate } from '../../policy/evaluate';
import { policyWorldOf } from '../../policy/world';
import type { NetworkPolicyRecord } from '../../policy/types';
import { policyEnforcementText } from '../enforcement';

const scenario = (policies: string, agent = true) => `
apiVersion: podpath/v1
kind: Scenario
metadata: { name: vpc-np }
cluster:
  cni: vpc
  vpc: { networkPolicy: ${agent} }
  kubeProxy: iptables
  nodes:
    - { name: node1, ip: 10.0.1.10, subnet: 10.0.0.0/20 }
    - { name: node2, ip: 10.0.2.30, subnet: 10.0.0.0/20 }
  pods:
    - { name: client, node: node1, labels: { app: client } }
    - { name: other, node: node1, labels: { app: other } }
    - { name: web, node: node2, labels: { app: web }, ports: [8080, { containerPort: 53, protocol: UDP }] }
  services:
    - { name: web, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
  networkPolicies: ${policies}
`;

const DENY = `{ metadata: { name: deny-all }, spec: { podSelector: {}, policyTypes: [Ingress, Egress] } }`;
const ALLOW_WEB_IN = `{ metadata: { name: web-in }, spec: { podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: client } } }], ports: [{ port: 8080 }] }] } }`;
const CLIENT_OUT = `{ metadata: { name: client-out }, spec: { podSelector: { matchLabels: { app: client } }, policyTypes: [Egress], egress: [{ to: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8080 }] }] } }`;

describe("the VPC CNI's network policy agent", () => {
  it('without it, nothing enforces (the default); with it, the shape says so', () => {
    const off = lab(scenario(`[${DENY}]`, false));
    expect(runProbe(off, { from: 'client', to: 'web', protocol: 'icmp' }).trace).toMatchObject({ verdict: 'delivered', policy: { wouldDeny: true } });
    expect(policyEnforcementText(lab(scenario(`[${DENY}]`)).cluster)).toMatch(/^The VPC CNI enforces these policies with eBPF programs at tc/);
  });

  it('default-deny drops silently at the host veth, naming the policy; an allowed flow passes both ways (its replies by conntrack)', () => {
    const l = lab(scenario(`[${DENY}, ${ALLOW_WEB_IN}, ${CLIENT_OUT}]`));
    const ping = runProbe(l, { from: 'client', to: 'web', protocol: 'icmp', timeout: 1 }).trace;
    expect(ping).toMatchObject({ verdict: 'dropped', reason: 'VPC_POLICY_DENIED' });
    const drop = ping.hops.find((h) => h.kind === 'drop')!;
    expect(drop.note).toMatch(/^aws_np_handle_ingress: the VPC CNI's network policy agent drops it \(egress policy/);
    expect(drop.decided?.path).toContain('default/deny-all');
    expect(ping.policy).toBeUndefined();
    // web's egress is denied too: the SYN-ACK passes only because the agent's conntrack knows the flow
    const tcp = runProbe(l, { from: 'client', to: 'web:8080', protocol: 'tcp' }).trace;
    expect(tcp.verdict).toBe('delivered');
    expect(tcp.hops.filter((h) => h.kind === 'filter' && /aws_np_/.test(h.note)).length).toBe(2);
    expect(runProbe(l, { from: 'other', to: 'web:8080', protocol: 'tcp', timeout: 1 }).trace).toMatchObject({ reason: 'VPC_POLICY_DENIED' });
  });

  it('egress to a ClusterIP is admitted for the endpoints a rule admits', () => {
    const l = lab(scenario(`[${DENY}, ${ALLOW_WEB_IN}, ${CLIENT_OUT}]`));
    const svc = l.cluster.api.services.find((s) => s.name === 'web')!;
    expect(runProbe(l, { from: 'client', to: `${svc.clusterIP}:80`, protocol: 'tcp' }).trace.verdict).toBe('delivered');
  });

  it('agrees with the NetworkPolicy evaluator for every pod pair, port and policy set tried', () => {
    const peers = ['client', 'other', 'web'];
    const rule = fc.record({
      from: fc.constantFrom(undefined, 'client', 'other', 'web'),
      port: fc.constantFrom(undefined, 8080, 53, 9999),
      protocol: fc.constantFrom('TCP', 'UDP'),
    });
    const policy = fc.record({
      target: fc.constantFrom('client', 'other', 'web', '*'),
      dir: fc.constantFrom('Ingress', 'Egress'),
      rules: fc.array(rule, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(
        fc.array(policy, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...peers),
        fc.constantFrom(...peers),
        fc.constantFrom('tcp', 'udp', 'icmp'),
        (ps, from, to, proto) => {
          fc.pre(from !== to);
          const yaml = ps.map((p, i) => {
            const sel = p.target === '*' ? '{}' : `{ matchLabels: { app: ${p.target} } }`;
            const rules = p.rules.map((r) => {
              const peer = r.from ? `, ${p.dir === 'Ingress' ? 'from' : 'to'}: [{ podSelector: { matchLabels: { app: ${r.from} } } }]` : '';
              const port = r.port ? `ports: [{ port: ${r.port}, protocol: ${r.protocol} }]` : 'ports: []';
              return `{ ${port}${peer} }`;
            });
            return `{ metadata: { name: p${i} }, spec: { podSelector: ${sel}, policyTypes: [${p.dir}], ${p.dir === 'Ingress' ? 'ingress' : 'egress'}: [${rules.join(', ')}] } }`;
          });
          const l = lab(scenario(`[${yaml.join(', ')}]`));
          const dstPort = proto === 'udp' ? 53 : 8080;
          const to_ = proto === 'icmp' ? to : `${to}:${dstPort}`;
          // only web listens; a probe to another pod's port is refused by its stack, which is a delivery to the evaluator's question
          const t = runProbe(l, { from, to: to_, protocol: proto, timeout: 1 }).trace;
          const c = l.cluster;
          const ip = (n: string) => c.pods.find((p) => p.name === n)!.ip!;
          const v = evaluate(
            { ...policyWorldOf(c), policies: c.api.networkPolicies as NetworkPolicyRecord[] },
            {
              src: { ip: ip(from) },
              dst: { ip: ip(to) },
              protocol: proto === 'icmp' ? 'ICMP' : proto === 'udp' ? 'UDP' : 'TCP',
              ...(proto === 'icmp' ? {} : { port: dstPort }),
            },
          );
          expect(t.reason === 'VPC_POLICY_DENIED').toBe(!v.allowed);
        },
      ),
      { numRuns: 40 },
    );
  });
});
