/**
 * What a learner's progress is, as stored in the browser and in an exported file: lessons
 * reached and finished, the FSRS card schedule, cards added by wrong quiz answers, quiz history
 * and drill results. Plain JSON data (dates as ISO strings) so it survives a round trip through
 * localStorage and a file byte for byte (parse.ts; learn-shared.md "Progress").
 *
 * Pure: no clock here — the UI stamps times (src/ui/progress/store.ts).
 */
import type { Card as FsrsCard } from 'ts-fsrs';
import type { DomainId } from '../types';

/** The version this build writes. parse.ts migrates older objects up to it (migrate.ts). */
export const PROGRESS_VERSION = 1;

/** One lesson: where the learner is and which steps they finished, with the score of each (0..1). */
export interface LessonProgress {
  /** the step id last reached (the lesson resumes here) */
  readonly step: string;
  /** step id → score 0..1 (1 for a step with nothing to grade) */
  readonly done: Readonly<Record<string, number>>;
}

/**
 * A ts-fsrs Card (ts-fsrs `Card`) with its dates as ISO strings: `due` and `last_review`.
 * `state` is ts-fsrs's State number (0 New, 1 Learning, 2 Review, 3 Relearning).
 */
export type StoredCardState = Omit<FsrsCard, 'due' | 'last_review'> & { readonly due: string; readonly last_review?: string };

export interface QuizAnswer {
  readonly questionId: string;
  readonly correct: boolean;
  /** what the learner gave, as text (a choice, a command line, a prediction) */
  readonly given: string;
}

export interface QuizAttempt {
  /** when the attempt finished (ISO) */
  readonly at: string;
  readonly mode: 'practice' | 'exam';
  readonly answers: readonly QuizAnswer[];
  readonly byDomain: Readonly<Partial<Record<DomainId, { readonly correct: number; readonly total: number }>>>;
}

export interface DrillRecord {
  readonly seed: number;
  /** when the drill was graded (ISO) */
  readonly at: string;
  /** 0..1 */
  readonly score: number;
  readonly diagnosisCorrect: boolean;
  readonly fixed: boolean;
}

export interface Progress {
  readonly version: typeof PROGRESS_VERSION;
  readonly lessons: Readonly<Record<string, LessonProgress>>;
  /** card id → its FSRS state; a card absent here is new */
  readonly cards: Readonly<Record<string, StoredCardState>>;
  /** cards that joined the deck from wrong quiz answers (`quiz:<questionId>`), in the order they joined */
  readonly extraCards: readonly string[];
  readonly quiz: readonly QuizAttempt[];
  readonly drills: readonly DrillRecord[];
}

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, lessons: {}, cards: {}, extraCards: [], quiz: [], drills: [] };
}
