import '../test-engine';
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { parseScenario } from '../../engine/io';
import { DEFAULT_SCENARIO_ID, SAMPLE_IDS, loadDefault, loadSample } from './scenarios';

const dir = 'public/scenarios';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('sample scenarios', () => {
  it('samples.json is exactly what the engine parses from public/scenarios (regenerate: see scenarios.ts)', async () => {
    const parsed = Object.fromEntries(
      files.map((f) => {
        const r = parseScenario(readFileSync(`${dir}/${f}`, 'utf8'));
        if (!r.ok) throw new Error(`${f}: ${r.errors.map((e) => e.message).join('; ')}`);
        return [f.replace(/\.yaml$/, ''), r.scenario];
      }),
    );
    const options = (await resolveConfig('src/ui/store/samples.json')) ?? {};
    await expect(await format(JSON.stringify(parsed, null, 2), { ...options, parser: 'json' })).toMatchFileSnapshot('./samples.json');
  });

  it('lists every sample, the default first', () => {
    expect(SAMPLE_IDS[0]).toBe(DEFAULT_SCENARIO_ID);
    expect([...SAMPLE_IDS].sort()).toEqual(files.map((f) => f.replace(/\.yaml$/, '')));
  });

  it('builds a lab from each', () => {
    for (const id of SAMPLE_IDS) expect(loadSample(id).lab.cluster.nodes.length, id).toBeGreaterThan(0);
    expect(loadDefault().scenario.metadata.name).toBe('flannel-vxlan');
  });
});
