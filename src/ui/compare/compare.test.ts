import '../test-engine';
import { describe, expect, it } from 'vitest';
import { loadDefault } from '../store/scenarios';
import { compareShapes, dfPing, modelledShapes, overheadOf } from './compare';
import { probeOnFreshLab } from '../store/probe-runner';

describe('comparison', () => {
  const { scenario } = loadDefault();
  const probe = { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 } as const;

  it('runs one column per modelled shape (today: flannel vxlan and host-gw)', () => {
    expect(modelledShapes()).toEqual([
      { cni: 'flannel', mode: 'vxlan' },
      { cni: 'flannel', mode: 'host-gw' },
    ]);
  });

  it('reads the overhead from the trace headers and finds the largest DF ping by asking the engine', () => {
    const [vxlan, hostGw] = compareShapes(scenario, probe);
    expect(vxlan.overhead).toBe(50);
    expect(hostGw.overhead).toBe(0);
    expect(vxlan.maxDfPayload).toBe(1422);
    expect(hostGw.maxDfPayload).toBe(1472);
    // the edges of the search, checked directly
    const at = (mode: string, size: number) => probeOnFreshLab({ ...scenario, cluster: { ...scenario.cluster, mode } }, dfPing(probe, size));
    const ok = (r: ReturnType<typeof at>) => r.ok && r.trace.verdict === 'delivered';
    expect(ok(at('vxlan', 1422))).toBe(true);
    expect(ok(at('vxlan', 1423))).toBe(false);
  });

  it('still shows the VXLAN overhead when the compared probe itself is rejected before encapsulation', () => {
    const [vxlan] = compareShapes({ ...scenario, cluster: { ...scenario.cluster, podMTU: 1500 } }, { ...probe, size: 1472, df: true });
    expect(vxlan.trace?.verdict).toBe('rejected');
    expect(vxlan.overhead).toBe(50);
  });

  it('counts no overhead for a same-node probe', () => {
    const r = probeOnFreshLab(scenario, { from: 'client', to: 'web-0', protocol: 'icmp', size: 56 });
    expect(r.ok && overheadOf(r.trace)).toBe(0);
  });

  it('strips the port for the DF search', () => {
    expect(dfPing({ from: 'client', to: 'web-1:8080', protocol: 'tcp' }, 100)).toEqual({ from: 'client', to: 'web-1', protocol: 'icmp', size: 100, df: true });
  });
});
