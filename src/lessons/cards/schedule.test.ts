import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dueCards,
  fromStored,
  loadSchedule,
  newCardState,
  nextDueByRating,
  review,
  REVIEW_RATINGS,
  toStored,
  type CardState,
  type ReviewRating,
} from './schedule';

const T0 = new Date('2026-01-05T09:00:00.000Z');
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/** Replays `steps` (rating, minutes after the card was due) from a fresh card; returns the state and the last review time. */
function replay(steps: readonly [ReviewRating, number][]): { state: CardState; at: Date } {
  let state = newCardState(T0);
  let at = T0;
  for (const [rating, late] of steps) {
    at = minutes(new Date(Math.max(state.due.getTime(), at.getTime())), late);
    state = review(state, rating, at);
  }
  return { state, at };
}

const ratingArb = fc.constantFrom<ReviewRating>(...REVIEW_RATINGS);
const historyArb = fc.array(fc.tuple(ratingArb, fc.integer({ min: 0, max: 60 * 24 * 30 })), { maxLength: 12 });

describe('FSRS wrappers', () => {
  it('a new card is due at once and not yet reviewed', () => {
    const s = newCardState(T0);
    expect(s.due.getTime()).toBe(T0.getTime());
    expect(s.reps).toBe(0);
    expect(dueCards({ a: s }, T0)).toEqual(['a']);
  });

  it('orders the buttons: again ≤ hard ≤ good ≤ easy for a new card', () => {
    const next = nextDueByRating(newCardState(T0), T0);
    expect(next.again.getTime()).toBeLessThanOrEqual(next.hard.getTime());
    expect(next.hard.getTime()).toBeLessThanOrEqual(next.good.getTime());
    expect(next.good.getTime()).toBeLessThanOrEqual(next.easy.getTime());
  });

  it('is deterministic (fuzz off): the same reviews at the same times give the same schedule', () => {
    const steps: [ReviewRating, number][] = [
      ['good', 0],
      ['good', 5],
      ['hard', 60],
      ['easy', 1440],
    ];
    expect(replay(steps)).toEqual(replay(steps));
  });

  it('property: after any history, Good is never due before Hard, nor Easy before Good', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 60 * 24 * 60 }), (steps, late) => {
        const { state, at } = replay(steps);
        const now = minutes(new Date(Math.max(state.due.getTime(), at.getTime())), late);
        const next = nextDueByRating(state, now);
        expect(next.good.getTime()).toBeGreaterThanOrEqual(next.hard.getTime());
        expect(next.easy.getTime()).toBeGreaterThanOrEqual(next.good.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('property: a review never schedules the card before the moment of the review', () => {
    fc.assert(
      fc.property(historyArb, ratingArb, fc.integer({ min: 0, max: 60 * 24 * 60 }), (steps, rating, late) => {
        const { state, at } = replay(steps);
        const now = minutes(new Date(Math.max(state.due.getTime(), at.getTime())), late);
        expect(review(state, rating, now).due.getTime()).toBeGreaterThanOrEqual(now.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('dueCards lists overdue cards first, then the unseen ones, and leaves future cards out', () => {
    const later = review(newCardState(T0), 'easy', T0); // days away
    const a = { ...newCardState(T0), due: minutes(T0, -30) };
    const b = { ...newCardState(T0), due: minutes(T0, -5) };
    expect(dueCards({ b, later, a }, T0, ['a', 'new-1'])).toEqual(['a', 'b', 'new-1']);
  });
});

describe('stored card states', () => {
  it('round-trips through JSON exactly', () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        const { state } = replay(steps);
        const back = fromStored(JSON.parse(JSON.stringify(toStored(state))), T0);
        expect(back.notice).toBeUndefined();
        expect(back.state).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });

  it('stores dates as ISO strings', () => {
    const s = toStored(review(newCardState(T0), 'good', T0));
    expect(s.due).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(s.last_review).toBe(T0.toISOString());
  });

  it('repairs a bad due date and bad counters, with a notice', () => {
    const good = toStored(review(newCardState(T0), 'good', T0));
    const r = fromStored({ ...good, due: 'not a date', reps: -3, lapses: 'x' }, T0);
    expect(r.notice).toMatch(/repaired: .*reps reset to 0.*lapses reset to 0.*due set to now/);
    expect(r.state.due.getTime()).toBe(T0.getTime());
    expect(r.state.stability).toBe(good.stability);
  });

  it('starts a card afresh when the data cannot be scheduled, with a notice', () => {
    for (const raw of [null, 42, 'x', [], { state: 9 }, { state: 2, stability: -1, difficulty: 5, due: T0.toISOString() }]) {
      const r = fromStored(raw, T0);
      expect(r.notice).toMatch(/starts again as new/);
      expect(r.state.reps).toBe(0);
      expect(r.state.due.getTime()).toBe(T0.getTime());
    }
  });

  it('property: never throws, always returns a card that can be reviewed', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const r = fromStored(raw, T0);
        expect(Number.isFinite(review(r.state, 'good', T0).due.getTime())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadSchedule', () => {
  it('reads every entry and names the cards it had to repair', () => {
    const ok = toStored(review(newCardState(T0), 'good', T0));
    const { states, notices } = loadSchedule({ a: ok, b: 'garbage' }, T0);
    expect(Object.keys(states).sort()).toEqual(['a', 'b']);
    expect(states.a).toEqual(fromStored(ok, T0).state);
    expect(notices).toEqual([expect.stringMatching(/^card b: .*starts again as new/)]);
  });
});
