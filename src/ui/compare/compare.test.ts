import '../test-engine';
import { describe, expect, it } from 'vitest';
import { loadDefault } from '../store/scenarios';
import { allShapes, compareShapes, defaultShapes, toggleShape } from './compare';
import { MODELLED_SHAPES } from '../../engine/shell';

describe('comparison', () => {
  const { scenario } = loadDefault();
  const probe = { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 } as const;

  it('offers every modelled shape; starts with the one on screen and the other shapes’ defaults', () => {
    expect(allShapes().length).toBe(Object.values(MODELLED_SHAPES).flat().length);
    const d = defaultShapes({ cni: 'flannel', mode: 'host-gw' });
    expect(d[0]).toEqual({ cni: 'flannel', mode: 'host-gw' });
    expect(d.length).toBe(Math.min(4, Object.keys(MODELLED_SHAPES).length));
    expect(new Set(d.map((s) => s.cni)).size).toBe(d.length);
  });

  it('keeps between 2 and 4 shapes selected', () => {
    const two = [
      { cni: 'flannel', mode: 'vxlan' },
      { cni: 'flannel', mode: 'host-gw' },
    ];
    expect(toggleShape(two, two[0])).toEqual(two);
    const four = [...two, { cni: 'flannel', mode: 'ipip' }, { cni: 'flannel', mode: 'wireguard' }];
    expect(toggleShape(four, { cni: 'vpc', mode: 'eni' })).toEqual(four);
    expect(toggleShape(four, two[1])).toHaveLength(3);
  });

  it('shows what the engine measured for each shape: overhead and the largest DF ping', () => {
    const [vxlan, hostGw] = compareShapes(scenario, probe, [
      { cni: 'flannel', mode: 'vxlan' },
      { cni: 'flannel', mode: 'host-gw' },
    ]);
    expect(vxlan).toMatchObject({ overhead: 50, maxDfPayload: 1422, error: null });
    expect(hostGw).toMatchObject({ overhead: 0, maxDfPayload: 1472 });
    expect(vxlan.trace?.verdict).toBe('delivered');
  });

  it('still shows the VXLAN overhead when the compared probe itself is rejected before encapsulation', () => {
    const [vxlan] = compareShapes({ ...scenario, cluster: { ...scenario.cluster, podMTU: 1500 } }, { ...probe, size: 1472, df: true }, [
      { cni: 'flannel', mode: 'vxlan' },
      { cni: 'flannel', mode: 'host-gw' },
    ]);
    expect(vxlan.trace?.verdict).toBe('rejected');
    expect(vxlan.overhead).toBe(50);
  });
});
