import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab, runProbe, type Scenario } from '../index';
import type { FaultSpec } from '../model/scenario-schema';
import { labFromText } from '../io';
import { faultCatalog } from './catalog';

/** A sample of public/scenarios, as the page loads it. */
function loadSample(id: string) {
  const r = labFromText(readFileSync(join(__dirname, '../../../public/scenarios', `${id}.yaml`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { scenario: r.lab.scenario, lab: r.lab };
}
const loadDefault = () => loadSample('flannel-vxlan');
const withFaultToggled = (s: Scenario, f: FaultSpec, on: boolean): Scenario => ({ ...s, faults: on ? [...s.faults, f] : s.faults });

function labWith(s: Scenario) {
  const r = createLab(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

describe('fault catalog', () => {
  it('offers every datapath fault type for Flannel VXLAN, aimed at this cluster, then the Services and DNS ones', () => {
    const { lab } = loadDefault();
    const cat = faultCatalog(lab.cluster);
    const datapath = cat.filter((o) => o.group === 'datapath');
    expect(new Set(datapath.map((o) => o.fault.type))).toEqual(
      new Set(['mtu', 'delete-route', 'add-route', 'block', 'delete-fdb', 'delete-neigh', 'ipam-exhaust']),
    );
    expect(cat.map((o) => o.label)).toContain('node2 drops UDP 8472');
    // the default lab has CoreDNS but no Service of its own: no selector typo, no kube-proxy-before-the-Service, no hairpin
    const services = new Set(cat.filter((o) => o.group === 'services').map((o) => o.fault.type));
    expect(services).toEqual(new Set(['coredns-scale', 'coredns-not-ready', 'stale-conntrack', 'upstream-dns-down', 'sysctl']));
  });

  it('offers the Service faults where there is a Service with endpoints', () => {
    const cat = faultCatalog(loadSample('services-dns').lab.cluster);
    const types = cat.map((o) => o.fault.type);
    for (const t of ['endpointslice-empty', 'kube-proxy-stopped', 'hairpin']) expect(types).toContain(t);
    expect(cat.find((o) => o.fault.type === 'kube-proxy-stopped')?.fault).toMatchObject({ node: 'node1', services: ['prod/web'] });
    expect(cat.find((o) => o.fault.type === 'hairpin')?.fault).toMatchObject({ pod: 'prod/web-0', on: false });
  });

  it('only offers faults the engine can apply (each changes the tables or the API)', () => {
    for (const id of ['flannel-vxlan', 'host-gw', 'services-dns']) {
      const { scenario, lab } = loadSample(id);
      for (const o of faultCatalog(lab.cluster)) {
        const broken = labWith(withFaultToggled(scenario, o.fault, true));
        expect(broken.faults[0], `${id}: ${o.label}`).toMatchObject({ applied: true });
        expect({ cluster: broken.cluster, kernel: broken.kernel }, `${id}: ${o.label}`).not.toEqual({ cluster: lab.cluster, kernel: lab.kernel });
      }
    }
  });

  it('works by IP, fails by name (CoreDNS at 0); works by pod IP, fails by ClusterIP (an empty EndpointSlice)', () => {
    const { scenario } = loadSample('services-dns');
    const probe = (id: string) => scenario.probes.find((p) => p.id === id)!;
    const run = (faults: Scenario['faults'], id: string) => runProbe(labWith({ ...scenario, faults }), probe(id)).trace;
    expect(run([{ type: 'coredns-scale', replicas: 0 }], 'by-name')).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE' });
    expect(run([{ type: 'coredns-scale', replicas: 0 }], 'by-pod-ip').verdict).toBe('delivered');
    expect(run([{ type: 'coredns-scale', replicas: 0 }], 'by-clusterip').verdict).toBe('delivered');
    expect(run([{ type: 'endpointslice-empty', service: 'prod/web' }], 'by-clusterip').verdict).not.toBe('delivered');
    expect(run([{ type: 'endpointslice-empty', service: 'prod/web' }], 'by-pod-ip').verdict).toBe('delivered');
  });

  it('offers no VXLAN-only faults under host-gw', () => {
    const cat = faultCatalog(loadSample('host-gw').lab.cluster);
    expect(cat.some((o) => o.fault.type === 'delete-fdb' || o.fault.type === 'delete-neigh')).toBe(false);
  });
});
