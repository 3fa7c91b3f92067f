/**
 * Spaced repetition for the deck with FSRS (the `ts-fsrs` package, open-spaced-repetition/ts-fsrs):
 * pure wrappers — the caller passes `now`, nothing here reads the clock. Fuzz is off so the same
 * reviews at the same times give the same schedule (deterministic, testable; the UI may add jitter).
 *
 * Stored form: ts-fsrs's Card with its dates as ISO strings (progress/types.ts StoredCardState), so
 * it survives JSON. `fromStored` never throws: bad fields are repaired, hopeless data starts the
 * card afresh, and either way a notice says what happened (issue 8 §5: never lost silently).
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card as FsrsCard, type Grade } from 'ts-fsrs';
import type { StoredCardState } from '../progress/types';

export type { StoredCardState };
export type CardState = FsrsCard;
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';
export const REVIEW_RATINGS: readonly ReviewRating[] = ['again', 'hard', 'good', 'easy'];

const GRADE: Readonly<Record<ReviewRating, Grade>> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

// Default FSRS parameters (request_retention 0.9, learning steps 1m/10m, relearning 10m), fuzz off.
const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));

/** A card the learner has never reviewed, due now. */
export function newCardState(now: Date): CardState {
  return createEmptyCard(now);
}

/** The state after one review with `rating` at `now`. */
export function review(state: CardState, rating: ReviewRating, now: Date): CardState {
  return scheduler.next(state, now, GRADE[rating]).card;
}

/** When the card would next be due for each rating (for the buttons' hints). */
export function nextDueByRating(state: CardState, now: Date): Record<ReviewRating, Date> {
  return {
    again: review(state, 'again', now).due,
    hard: review(state, 'hard', now).due,
    good: review(state, 'good', now).due,
    easy: review(state, 'easy', now).due,
  };
}

/**
 * The ids due at `now` (due ≤ now), the most overdue first (ties by id, so the order is stable).
 * Cards without a state are new and due: pass them in `unseen` to have them follow the due ones.
 */
export function dueCards(states: Readonly<Record<string, CardState>>, now: Date, unseen: readonly string[] = []): string[] {
  const due = Object.entries(states)
    .filter(([, s]) => s.due.getTime() <= now.getTime())
    .sort(([a, x], [b, y]) => x.due.getTime() - y.due.getTime() || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id]) => id);
  return [...due, ...unseen.filter((id) => !(id in states))];
}

export function toStored(state: CardState): StoredCardState {
  const { due, last_review, ...rest } = state;
  return { ...rest, due: due.toISOString(), ...(last_review ? { last_review: last_review.toISOString() } : {}) };
}

export interface LoadedCardState {
  readonly state: CardState;
  /** what was wrong with the stored data and what was done about it; absent when it was fine */
  readonly notice?: string;
}

function isoDate(v: unknown): Date | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = new Date(v);
  return Number.isFinite(d.getTime()) ? d : null;
}

const COUNTERS = ['elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses'] as const;

/**
 * Reads a stored card state. Repairs what it can (a bad count → 0, a bad last_review → dropped, a bad
 * due → now); starts afresh (a new card due now) when the data is not an object, the state is unknown,
 * or a reviewed card has no usable stability/difficulty — FSRS cannot schedule from those.
 */
export function fromStored(raw: unknown, now: Date): LoadedCardState {
  const fresh = (why: string): LoadedCardState => ({ state: newCardState(now), notice: `${why}; the card starts again as new` });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fresh('the stored schedule was not a card state');
  const r = raw as Record<string, unknown>;
  const state = r.state;
  if (typeof state !== 'number' || !Number.isInteger(state) || state < State.New || state > State.Relearning) return fresh('the stored card state was unknown');
  const repairs: string[] = [];
  const num = (key: string, min: number): number | null => {
    const v = r[key];
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : null;
  };
  const stability = num('stability', 0);
  const difficulty = num('difficulty', 0);
  if (state !== State.New && (stability === null || stability <= 0 || difficulty === null || difficulty < 1 || difficulty > 10))
    return fresh('the stored stability or difficulty was not usable');
  const counts = {} as Record<(typeof COUNTERS)[number], number>;
  for (const key of COUNTERS) {
    const v = num(key, 0);
    if (v === null) repairs.push(`${key} reset to 0`);
    counts[key] = v === null ? 0 : Math.floor(v);
  }
  let due = isoDate(r.due);
  if (!due) {
    repairs.push('due set to now');
    due = now;
  }
  let lastReview: Date | undefined;
  if (r.last_review !== undefined && r.last_review !== null) {
    lastReview = isoDate(r.last_review) ?? undefined;
    if (!lastReview) repairs.push('last_review dropped');
  }
  const card: CardState = {
    due,
    stability: stability ?? 0,
    difficulty: difficulty ?? 0,
    ...counts,
    state: state as State,
    ...(lastReview ? { last_review: lastReview } : {}),
  };
  return repairs.length ? { state: card, notice: `the stored schedule was repaired: ${repairs.join(', ')}` } : { state: card };
}

/** A whole stored schedule (Progress.cards): every entry read with fromStored, the notices collected per card. */
export function loadSchedule(stored: Readonly<Record<string, unknown>>, now: Date): { states: Record<string, CardState>; notices: string[] } {
  const states: Record<string, CardState> = {};
  const notices: string[] = [];
  for (const [id, raw] of Object.entries(stored)) {
    const r = fromStored(raw, now);
    states[id] = r.state;
    if (r.notice) notices.push(`card ${id}: ${r.notice}`);
  }
  return { states, notices };
}
