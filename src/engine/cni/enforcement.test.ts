import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProbe } from '../lab';
import { runCommand } from '../cli/dispatch';
import { lab } from '../trace/test-helpers';
import { policyEnforcementText } from './enforcement';

const sample = (name: string) => lab(readFileSync(join(__dirname, '../../../public/scenarios', `${name}.yaml`), 'utf8'));

describe('who enforces NetworkPolicy', () => {
  it('each shape says it in its own words', () => {
    expect(policyEnforcementText(sample('flannel-vxlan').cluster)).toMatch(/^Flannel does not enforce NetworkPolicy: /);
    expect(policyEnforcementText(sample('calico-policy').cluster)).toMatch(/^Calico enforces these policies with the iptables chains/);
    expect(policyEnforcementText(sample('cilium-policy').cluster)).toMatch(/^Cilium enforces these policies with eBPF programs at tc/);
    expect(policyEnforcementText(sample('vpc-eni').cluster)).toMatch(/^The VPC CNI does not enforce NetworkPolicy: .*network policy agent/);
  });
});

describe("Cilium's L7 proxy refusing a request", () => {
  const l = sample('cilium-policy');
  it('is a rejection by the proxy, not a delivery: the request never reached the server', () => {
    const t = runProbe(l, { from: 'client', to: 'api-1:8080', protocol: 'http' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'L7_POLICY_DENIED', http: { status: 403, body: 'Access denied\r\n', server: 'envoy' } });
    expect(t.note).toMatch(/^Cilium's L7 proxy \(Envoy, cilium\.l7policy\): no HTTP rule .* admits GET \/; it answered 403 Forbidden/);
  });

  it('curl still reads the 403 and exits 0, as it does without -f', () => {
    const ip = l.cluster.pods.find((p) => p.name === 'api-1')!.ip!;
    const r = runCommand(l, 'client', `curl -s -w ' %{http_code}' http://${ip}:8080/`);
    expect(r).toMatchObject({ exitCode: 0, output: 'Access denied\r\n 403' });
  });
});
