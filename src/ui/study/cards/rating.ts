/**
 * The page's door to FSRS (src/lessons/cards/schedule.ts): a card's stored schedule and a
 * rating in, the next stored schedule out; and, for the buttons, when each rating would bring
 * the card back. A card with no stored state is new at `now`.
 */
import { fromStored, newCardState, nextDueByRating, review, toStored, type CardState, type ReviewRating } from '../../../lessons/cards/schedule';
import type { StoredCardState } from '../../../lessons/progress/types';
import { intervalText, intervalWords } from './intervals';
import type { RatingName, RatingPreview } from './CardView';

const KEY: Readonly<Record<RatingName, ReviewRating>> = { Again: 'again', Hard: 'hard', Good: 'good', Easy: 'easy' };

function stateOf(stored: StoredCardState | undefined, now: Date): CardState {
  // a stored state the schedule cannot read starts again as new (fromStored says so; the store's parse already reported it)
  return stored ? fromStored(stored, now).state : newCardState(now);
}

export function rateCard(stored: StoredCardState | undefined, rating: RatingName, nowMs: number): StoredCardState {
  const now = new Date(nowMs);
  return toStored(review(stateOf(stored, now), KEY[rating], now));
}

export function previewRatings(stored: StoredCardState | undefined, nowMs: number): Record<RatingName, RatingPreview> {
  const now = new Date(nowMs);
  const due = nextDueByRating(stateOf(stored, now), now);
  const at = (r: RatingName): RatingPreview => ({ text: intervalText(nowMs, due[KEY[r]].getTime()), words: intervalWords(nowMs, due[KEY[r]].getTime()) });
  return { Again: at('Again'), Hard: at('Hard'), Good: at('Good'), Easy: at('Easy') };
}
