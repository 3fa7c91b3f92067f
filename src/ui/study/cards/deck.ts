/**
 * The review deck and what to show next, from the stored schedule alone: the shipped cards
 * plus the cards wrong quiz answers added (progress `extraCards`, ids `quiz:<questionId>`).
 * Due cards come first, the most overdue first (FSRS `due`); new cards follow in deck order.
 * Pure: `nowMs` is the page's clock, passed in.
 */
import type { Card } from '../../../lessons/types';
import type { StoredCardState } from '../../../lessons/progress/types';

export type Schedule = Readonly<Record<string, StoredCardState>>;

/** The deck: `cards`, then each extra card `cardOf` can build, without duplicates, in the order they joined. */
export function deckOf(cards: readonly Card[], extraCards: readonly string[], cardOf: (id: string) => Card | undefined): Card[] {
  const seen = new Set(cards.map((c) => c.id));
  const deck = [...cards];
  for (const id of extraCards) {
    if (seen.has(id)) continue;
    const card = cardOf(id);
    if (!card) continue; // a question since removed from the bank: its card leaves quietly
    seen.add(id);
    deck.push(card);
  }
  return deck;
}

export interface DeckCounts {
  /** reviewed before and due now */
  readonly due: number;
  /** never reviewed */
  readonly fresh: number;
  /** reviewed and not due yet */
  readonly learned: number;
  readonly total: number;
}

const dueMs = (s: StoredCardState): number => Date.parse(s.due);

export function deckCounts(deck: readonly Card[], schedule: Schedule, nowMs: number): DeckCounts {
  let due = 0;
  let fresh = 0;
  for (const c of deck) {
    const s = schedule[c.id];
    if (!s) fresh++;
    else if (dueMs(s) <= nowMs) due++;
  }
  return { due, fresh, learned: deck.length - due - fresh, total: deck.length };
}

/** The next card to review: the most overdue due card, else the first new one; none when all are scheduled later. */
export function nextCard(deck: readonly Card[], schedule: Schedule, nowMs: number): Card | undefined {
  let best: Card | undefined;
  let bestDue = Infinity;
  for (const c of deck) {
    const s = schedule[c.id];
    if (!s) continue;
    const d = dueMs(s);
    if (d <= nowMs && d < bestDue) {
      best = c;
      bestDue = d;
    }
  }
  return best ?? deck.find((c) => !schedule[c.id]);
}

/** When the next scheduled card falls due (ms), for the "all caught up" message. */
export function nextDueAt(deck: readonly Card[], schedule: Schedule): number | undefined {
  let next: number | undefined;
  for (const c of deck) {
    const s = schedule[c.id];
    if (s && (next === undefined || dueMs(s) < next)) next = dueMs(s);
  }
  return next;
}
