/**
 * The progress after one thing the learner did: the store's actions (src/ui/progress/store.ts)
 * are these, applied to its state. Each returns a new object and leaves the old one alone.
 */
import type { DrillRecord, Progress, QuizAttempt, StoredCardState } from './types';

/** History kept per list: enough for a learner's trend, small enough for localStorage. */
export const MAX_HISTORY = 200;

export function lessonReached(p: Progress, lessonId: string, stepId: string): Progress {
  const prev = p.lessons[lessonId];
  if (prev?.step === stepId) return p;
  return { ...p, lessons: { ...p.lessons, [lessonId]: { step: stepId, done: prev?.done ?? {} } } };
}

export function stepDone(p: Progress, lessonId: string, stepId: string, score = 1): Progress {
  const prev = p.lessons[lessonId];
  const s = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 1;
  // a step done again keeps its best score
  const best = Math.max(s, prev?.done[stepId] ?? 0);
  return { ...p, lessons: { ...p.lessons, [lessonId]: { step: prev?.step ?? stepId, done: { ...prev?.done, [stepId]: best } } } };
}

export function cardReviewed(p: Progress, cardId: string, state: StoredCardState): Progress {
  return { ...p, cards: { ...p.cards, [cardId]: state } };
}

export function addCard(p: Progress, cardId: string): Progress {
  return p.extraCards.includes(cardId) ? p : { ...p, extraCards: [...p.extraCards, cardId] };
}

export function quizFinished(p: Progress, attempt: QuizAttempt): Progress {
  return { ...p, quiz: [...p.quiz, attempt].slice(-MAX_HISTORY) };
}

export function drillFinished(p: Progress, result: DrillRecord): Progress {
  return { ...p, drills: [...p.drills, result].slice(-MAX_HISTORY) };
}
