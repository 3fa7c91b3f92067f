import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Card } from '../../../lessons/types';
import type { StoredCardState } from '../../../lessons/progress/types';
import { deckCounts, deckOf, nextCard, nextDueAt, type Schedule } from './deck';

const card = (id: string): Card => ({
  id,
  front: `front ${id}`,
  back: `back ${id}`,
  topic: 'mtu',
  domains: ['cka-networking'],
  link: { kind: 'scenario', scenario: 'flannel-vxlan' },
});

const at = (ms: number): StoredCardState => ({
  due: new Date(ms).toISOString(),
  stability: 1,
  difficulty: 5,
  elapsed_days: 0,
  scheduled_days: 0,
  learning_steps: 0,
  reps: 1,
  lapses: 0,
  state: 1,
});

describe('deckOf', () => {
  it('appends the quiz cards in the order they joined, skipping duplicates and unknown questions', () => {
    const deck = deckOf([card('a')], ['quiz:q2', 'quiz:q1', 'quiz:q2', 'quiz:gone', 'a'], (id) => (id === 'quiz:gone' ? undefined : card(id)));
    expect(deck.map((c) => c.id)).toEqual(['a', 'quiz:q2', 'quiz:q1']);
  });
});

describe('the review order', () => {
  const deck = ['a', 'b', 'c', 'd'].map(card);
  it('shows the most overdue card first, then new cards in deck order', () => {
    const schedule: Schedule = { b: at(500), c: at(100), d: at(5_000) };
    expect(nextCard(deck, schedule, 1_000)?.id).toBe('c');
    expect(nextCard(deck, { d: at(5_000) }, 1_000)?.id).toBe('a');
    expect(deckCounts(deck, schedule, 1_000)).toEqual({ due: 2, fresh: 1, learned: 1, total: 4 });
  });
  it('has nothing to show when every card is scheduled later, and says when the next is due', () => {
    const schedule: Schedule = Object.fromEntries(deck.map((c, i) => [c.id, at(2_000 + i)]));
    expect(nextCard(deck, schedule, 1_000)).toBeUndefined();
    expect(nextDueAt(deck, schedule)).toBe(2_000);
  });
  it('counts always add up, and a card is offered whenever one is due or new', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 10_000 })), { maxLength: 12 }), fc.integer({ min: 0, max: 10_000 }), (dues, now) => {
        const cards = dues.map((_, i) => card(`c${i}`));
        const schedule: Schedule = Object.fromEntries(dues.flatMap((d, i) => (d === null ? [] : [[`c${i}`, at(d)]])));
        const n = deckCounts(cards, schedule, now);
        expect(n.due + n.fresh + n.learned).toBe(cards.length);
        const next = nextCard(cards, schedule, now);
        expect(next !== undefined).toBe(n.due + n.fresh > 0);
        if (next && n.due > 0) expect(Date.parse(schedule[next.id].due)).toBeLessThanOrEqual(now);
      }),
    );
  });
});
