import { describe, expect, it } from 'vitest';
import { createLab, type Scenario } from '../../engine';
import { loadDefault, loadSample } from '../store/scenarios';
import { withFaultToggled } from '../store/scenario-edits';
import { faultCatalog } from './fault-catalog';

function labWith(s: Scenario) {
  const r = createLab(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

describe('fault catalog', () => {
  it('offers every engine fault type for Flannel VXLAN, aimed at this cluster', () => {
    const { lab } = loadDefault();
    const cat = faultCatalog(lab.cluster);
    expect(new Set(cat.map((o) => o.fault.type))).toEqual(new Set(['mtu', 'delete-route', 'add-route', 'block', 'delete-fdb', 'delete-neigh']));
    expect(cat.map((o) => o.label)).toContain('node2 drops UDP 8472');
  });

  it('only offers faults the engine can apply (each changes the tables)', () => {
    for (const id of ['flannel-vxlan', 'host-gw']) {
      const { scenario, lab } = loadSample(id);
      for (const o of faultCatalog(lab.cluster)) {
        const broken = labWith(withFaultToggled(scenario, o.fault, true));
        expect(broken.faults[0], `${id}: ${o.label}`).toMatchObject({ applied: true });
        expect(broken.cluster, `${id}: ${o.label}`).not.toEqual(lab.cluster);
      }
    }
  });

  it('offers no VXLAN-only faults under host-gw', () => {
    const cat = faultCatalog(loadSample('host-gw').lab.cluster);
    expect(cat.some((o) => o.fault.type === 'delete-fdb' || o.fault.type === 'delete-neigh')).toBe(false);
  });
});
