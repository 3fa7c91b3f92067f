/**
 * ARCHITECTURE.md: imports point one way inside the engine,
 * `wire ← tables ← devices ← {cni, services, dns, policy, faults} ← trace ← cli`, with model
 * (plain records) below everything. This follows every runtime import (type-only imports are
 * erased and create no cycle) and fails on one that points up. Devices may not even name the
 * walk's types: they talk to it through devices/port.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ENGINE = __dirname;
const RANK: Record<string, number> = {
  model: 0,
  wire: 0,
  tables: 1,
  devices: 2,
  cni: 3,
  services: 3,
  dns: 3,
  policy: 3,
  faults: 3,
  trace: 4,
  pcap: 4,
  cli: 5,
  manifests: 3.5,
};
/** top-level modules: the lab (cluster + faults + walk) sits between the walk and the CLI that drives it */
const FILE_RANK: Record<string, number> = {
  'lab-core.ts': 4.5,
  'lab.ts': 4.5,
  // the same probes under several shapes: runs labs, used by the runner (cli) and the page
  'compare.ts': 4.75,
  // the scenario schema validates policy objects with policy/objects.ts; everything below imports only its types
  'model/scenario-schema.ts': 3.5,
  'model/scenario.ts': 3.5,
};
const TOP = 6; // index.ts, io.ts, shell.ts

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /\.ts$/.test(f) && !/\.test\.ts$|test-helpers\.ts$|test-arbitraries\.ts$/.test(f) ? [p] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(ENGINE, file);
  return rel.includes('/') ? rel.split('/')[0] : '';
}

const rank = (layer: string, file: string) => FILE_RANK[relative(ENGINE, file)] ?? (layer ? (RANK[layer] ?? TOP) : TOP);

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm)].map((m) => ({ spec: m[3], typeOnly: !!m[2] }));
}

it('runtime imports inside the engine point down the layers', () => {
  const bad: string[] = [];
  for (const f of files(ENGINE)) {
    const from = layerOf(f);
    for (const { spec, typeOnly } of imports(f)) {
      const target = resolve(dirname(f), spec);
      if (!target.startsWith(ENGINE)) continue;
      const file = existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts');
      const to = layerOf(file);
      if (from === 'devices' && to === 'trace') bad.push(`${relative(ENGINE, f)} → ${spec} (devices reach the walk only through devices/port.ts)`);
      else if (!typeOnly && rank(to, file) > rank(from, f)) bad.push(`${relative(ENGINE, f)} (${from || 'top'}) → ${spec} (${to || 'top'})`);
    }
  }
  expect(bad).toEqual([]);
});
