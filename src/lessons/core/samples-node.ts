/**
 * Node-only (tests and scripts): the sample scenarios of public/scenarios, parsed by the
 * engine the way the page's bundled samples.json is (scenarios.test.ts pins the two equal).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../engine';
import { parseScenario } from '../../engine/model/scenario';
import type { Samples } from './scenario';

let cache: Samples | null = null;

export function loadSamplesForTests(dir = join(process.cwd(), 'public', 'scenarios')): Samples {
  if (cache) return cache;
  const out: Record<string, Scenario> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    const r = parseScenario(readFileSync(join(dir, f), 'utf8'));
    if (!r.ok) throw new Error(`public/scenarios/${f}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    out[f.replace(/\.yaml$/, '')] = r.scenario;
  }
  cache = out;
  return out;
}
