/**
 * The seeded small run of `npm run fuzz` inside `npm test`: every parser, a few hundred
 * mutated inputs each, no crash, no hang, every rejection saying what is wrong. A finding
 * reproduces with `npm run fuzz -- --seed <seed> --only <target>`.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from './run';
import { aliasBomb } from './mutate';
import { TARGETS, scenarioYaml } from './targets';
import { parseProgress, readProgressFile } from '../../src/lessons/progress';

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

  // found by the stored-progress target: new Date(1e300).toISOString() throws a RangeError
  it('a v0 card date past what a Date holds drops that card, naming it, instead of throwing', () => {
    const card = { stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 1, learning_steps: 0, reps: 1, lapses: 0, state: 2 };
    const text = JSON.stringify({ cards: { far: { ...card, due: 1e300 }, ok: { ...card, due: 1_700_000_000_000 } } });
    const r = parseProgress(text);
    expect(Object.keys(r.progress.cards)).toEqual(['ok']);
    expect(r.notice).toContain('cards.far');
    expect(readProgressFile(text)).toMatchObject({ ok: false, error: expect.stringContaining('cards.far') });
  });
});
