/**
 * The seeded small run of `npm run fuzz` inside `npm test`: every parser, a few hundred
 * mutated inputs each, no crash, no hang, every rejection saying what is wrong. A finding
 * reproduces with `npm run fuzz -- --seed <seed> --only <target>`.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from './run';
import { aliasBomb } from './mutate';
import { TARGETS, scenarioYaml } from './targets';

const SEED = 7;

describe('fuzzed parsers', () => {
  for (const t of TARGETS)
    it(`${t.name}: 150 mutated inputs, none crashes or hangs, every rejection says what is wrong`, async () => {
      const r = await fuzz(t, 150, SEED, 5000);
      expect(r.crashes.map((c) => `${c.input.slice(0, 200)} → ${c.error.split('\n')[0]}`)).toEqual([]);
      expect(r.hangs.map((h) => h.input.slice(0, 200))).toEqual([]);
      expect(r.unclear.map((u) => u.message)).toEqual([]);
      expect(r.accepted + r.rejected).toBe(150);
    }, 120_000);

  it('a YAML alias bomb is refused with a message, not expanded', async () => {
    const out = await scenarioYaml.run(aliasBomb(8));
    expect(out.kind).toBe('rejected');
    if (out.kind === 'rejected') expect(out.messages[0]).toMatch(/line 1: not a usable YAML document: .*alias/i);
  });
});
