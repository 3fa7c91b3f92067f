import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab, runProbe, type Lab } from '../lab';
import { parseScenario } from '../model/scenario';
import type { Scenario } from '../model/scenario-schema';
import { faultCatalog } from '../faults/catalog';
import { buildClusterOnce } from './build-cache';
import { runCommand } from '../cli/dispatch';
import { rebuildLab } from '../cli/repair/replay';

function sample(name: string): Scenario {
  const r = parseScenario(readFileSync(join(__dirname, `../../../public/scenarios/${name}.yaml`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

function lab(s: Scenario): Lab {
  const r = createLab(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

/** Freezes every object reachable from `x`: a write anywhere then throws (ES modules are strict). */
function deepFreeze<T>(x: T, seen = new Set<unknown>()): T {
  if (x === null || typeof x !== 'object' || seen.has(x)) return x;
  seen.add(x);
  for (const v of Object.values(x as object)) deepFreeze(v, seen);
  return Object.freeze(x);
}

const json = (x: unknown) => JSON.stringify(x);

describe('buildClusterOnce', () => {
  it('builds a cluster spec once: the same spec (a fault toggle, Reset) gets the same cluster', () => {
    const s = sample('services-dns');
    const a = buildClusterOnce(s.cluster, s.metadata.name);
    expect(buildClusterOnce(s.cluster, s.metadata.name)).toBe(a);
    // another name is another cluster (the name is in it); an equal spec in another object builds afresh, equal
    expect(buildClusterOnce(s.cluster, 'other')).not.toBe(a);
    const copy = structuredClone(s.cluster);
    const b = buildClusterOnce(copy, s.metadata.name);
    expect(b).not.toBe(a);
    expect(json(b)).toBe(json(a));
  });

  for (const name of ['flannel-vxlan', 'services-dns', 'calico-bgp', 'cilium-vxlan', 'vpc-eni']) {
    it(`${name}: every catalogue fault on the shared cluster gives what a fresh build gives, and the shared cluster never changes`, () => {
      const s = sample(name);
      const base = lab(s);
      const built = buildClusterOnce(s.cluster, s.metadata.name);
      if (!built.ok) throw new Error('does not build');
      const before = json(built.cluster);
      // a write into the shared cluster by a fault, a probe or a repair would throw now
      deepFreeze(built.cluster);
      for (const opt of faultCatalog(base.cluster)) {
        const edited = { ...s, faults: [opt.fault] };
        const cached = lab(edited);
        const uncached = lab({ ...edited, cluster: structuredClone(s.cluster) });
        expect(json(cached.cluster), opt.key).toBe(json(uncached.cluster));
        expect(json(cached.faults), opt.key).toBe(json(uncached.faults));
        for (const p of s.probes) {
          const a = runProbe(cached, p);
          const b = runProbe(uncached, p);
          expect(json(a.trace), `${opt.key} ${p.id}`).toBe(json(b.trace));
        }
      }
      expect(json(built.cluster)).toBe(before);
    });
  }

  it('terminal repairs replayed on a rebuild (Lab.edits) start from the shared cluster and leave it as it was', () => {
    const s = { ...sample('flannel-vxlan'), faults: [{ type: 'mtu' as const, node: 'node1', device: 'eth0', mtu: 1400 }] };
    const l = lab(s);
    const built = buildClusterOnce(s.cluster, s.metadata.name);
    const before = json(built);
    const fixed = runCommand(l, 'node1', 'ip link set dev eth0 mtu 1500');
    expect(fixed.exitCode).toBe(0);
    const again = rebuildLab(s, fixed.lab.edits!);
    const fresh = rebuildLab({ ...s, cluster: structuredClone(s.cluster) }, fixed.lab.edits!);
    expect(again.ok && fresh.ok).toBe(true);
    if (again.ok && fresh.ok) expect(json(again.lab.cluster)).toBe(json(fresh.lab.cluster));
    expect(json(built)).toBe(before);
  });
});
