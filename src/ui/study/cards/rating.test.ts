import { expect, it } from 'vitest';
import { previewRatings, rateCard } from './rating';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');

it('a new card rated Good comes back after its learning step; Easy waits days', () => {
  const p = previewRatings(undefined, NOW);
  // FSRS defaults (ts-fsrs): learning steps 1m and 10m
  expect(p.Again.text).toBe('1m');
  expect(p.Good.text).toBe('10m');
  expect(p.Easy.text).toMatch(/d$/);
  const s = rateCard(undefined, 'Good', NOW);
  expect(Date.parse(s.due) - NOW).toBe(10 * 60_000);
  expect(s.reps).toBe(1);
  // the stored state reads back and schedules on
  const again = rateCard(s, 'Good', Date.parse(s.due));
  expect(Date.parse(again.due)).toBeGreaterThan(Date.parse(s.due));
});
