import '../test-engine';
import { beforeEach, describe, expect, it } from 'vitest';
import { useLabStore } from './lab-store';
import { loadDefault, loadSample, SAMPLE_IDS } from './scenarios';
import { adaptToShape } from './scenario-edits';
import { offeredProxyModes } from '../topbar/proxy-modes';
import { MODELLED_PROXY_MODES, MODELLED_SHAPES } from '../../engine/shell';
import { validatePolicyText, DEFAULT_DENY_INGRESS } from '../policies/policy-yaml';

const st = () => useLabStore.getState();
const cross = { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 } as const;

describe('switching shape keeps what it can', () => {
  beforeEach(() => st().loadScenario(loadDefault().scenario, 'flannel-vxlan'));

  it('every modelled shape and mode builds from the default lab, and the last probe runs again on it', () => {
    st().send(cross);
    for (const [cni, modes] of Object.entries(MODELLED_SHAPES))
      for (const mode of modes) {
        st().setShape(cni, mode);
        expect(st().banner?.kind, `${cni} ${mode}: ${st().banner?.details.join('; ')}`).not.toBe('error');
        expect(st().lab.cluster).toMatchObject({ cni, mode });
        expect(st().trace?.verdict, `${cni} ${mode}`).toBe('delivered');
      }
  });

  it('drops only the fields the engine refuses, and says which', () => {
    const s = loadDefault().scenario;
    const wrong = { ...s, cluster: { ...s.cluster, kubeProxy: 'ebpf' as const, pods: s.cluster.pods.map((p, i) => (i === 0 ? { ...p, ip: '10.9.9.9' } : p)) } };
    const a = adaptToShape(wrong, [
      { path: 'cluster.kubeProxy', message: 'not modelled' },
      { path: 'cluster.pods[0].ip', message: 'outside the range' },
    ]);
    expect(a.scenario.cluster.kubeProxy).toBe('iptables');
    expect(a.scenario.cluster.pods[0].ip).toBeUndefined();
    expect(a.scenario.cluster.pods.slice(1)).toEqual(s.cluster.pods.slice(1));
    expect(a.dropped).toHaveLength(2);
    expect(adaptToShape(s, [{ path: 'cluster.cni', message: 'x' }]).dropped).toEqual([]);
  });

  it('a scenario on the eBPF kube-proxy replacement switched to a shape without it falls back to iptables, with a note', () => {
    const kpr = SAMPLE_IDS.find((id) => loadSample(id).scenario.cluster.kubeProxy === 'ebpf');
    if (!kpr) return; // no such sample yet
    st().loadScenario(loadSample(kpr).scenario, kpr);
    st().setShape('flannel', 'vxlan');
    expect(st().lab.cluster.cni).toBe('flannel');
    expect(st().scenario.cluster.kubeProxy).toBe('iptables');
    expect(st().banner).toMatchObject({ kind: 'info' });
    expect(st().banner?.details.join(' ')).toMatch(/kube-proxy ebpf/);
  });

  it('policies survive a switch and the probe is re-run on each', () => {
    const deny = validatePolicyText(DEFAULT_DENY_INGRESS);
    if (!deny.ok) throw new Error('bad example');
    st().send(cross);
    st().setPolicies([deny.record]);
    expect(st().trace?.policy?.wouldDeny).toBe(true);
    expect(st().trace?.verdict).toBe('delivered');
    st().setShape('calico', MODELLED_SHAPES.calico?.[0] ?? 'bgp');
    expect(st().scenario.cluster.networkPolicies).toHaveLength(1);
    st().setPolicies([]);
    expect(st().trace?.policy).toBeUndefined();
  });
});

describe('kube-proxy modes offered', () => {
  it('only modelled modes; eBPF only where the shape runs it', () => {
    for (const id of SAMPLE_IDS) {
      const s = loadSample(id).scenario;
      const offered = offeredProxyModes(s);
      for (const m of offered) expect([...MODELLED_PROXY_MODES, 'ebpf']).toContain(m);
      expect(offered.includes('ebpf')).toBe(s.cluster.cni === 'cilium');
    }
  });
});

describe("the VPC CNI's network policy agent switch", () => {
  it('off (the default) the policy is not enforced; on, the same probe is dropped by the agent', () => {
    st().loadScenario(loadSample('vpc-eni').scenario, 'vpc-eni');
    const deny = validatePolicyText(DEFAULT_DENY_INGRESS);
    if (!deny.ok) throw new Error('the default-deny sample does not parse');
    st().setPolicies([deny.record]);
    st().send({ from: 'client', to: 'web-1', protocol: 'icmp', size: 56, timeout: 1 });
    expect(st().trace).toMatchObject({ verdict: 'delivered', policy: { wouldDeny: true } });
    st().setVpcPolicyAgent(true);
    expect(st().scenario.cluster.vpc?.networkPolicy).toBe(true);
    expect(st().trace).toMatchObject({ verdict: 'dropped', reason: 'VPC_POLICY_DENIED' });
    st().setVpcPolicyAgent(false);
    expect(st().trace?.verdict).toBe('delivered');
  });
});
