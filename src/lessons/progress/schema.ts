/**
 * The zod schemas of one stored item each (a card state, a quiz attempt, a drill record, a
 * step score). parse.ts checks items one by one with these, so one bad entry costs only that
 * entry, never the rest of the learner's progress.
 */
import { z } from 'zod';
import { DOMAINS } from '../types';

/** an ISO date string Date.parse reads (ts-fsrs takes the same form back: its DateInput) */
export const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

const count = z.number().int().min(0);
const finite = z.number().finite();

export const score = z.number().min(0).max(1);

export const stepId = z.string().min(1);

/** ts-fsrs Card with ISO dates (types.ts StoredCardState); unknown keys are left out */
export const cardState = z.object({
  due: isoDate,
  stability: finite.min(0),
  difficulty: finite,
  elapsed_days: finite.min(0),
  scheduled_days: finite.min(0),
  learning_steps: count,
  reps: count,
  lapses: count,
  // ts-fsrs State: New 0, Learning 1, Review 2, Relearning 3
  state: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  last_review: isoDate.optional(),
});

const domainId = z.enum(Object.keys(DOMAINS) as [keyof typeof DOMAINS, ...(keyof typeof DOMAINS)[]]);

export const quizAttempt = z.object({
  at: isoDate,
  mode: z.enum(['practice', 'exam']),
  answers: z.array(z.object({ questionId: z.string(), correct: z.boolean(), given: z.string() })),
  byDomain: z.partialRecord(domainId, z.object({ correct: count, total: count })),
});

export const drillRecord = z.object({
  seed: z.number().int(),
  at: isoDate,
  score,
  diagnosisCorrect: z.boolean(),
  fixed: z.boolean(),
});

export const extraCardId = z.string().min(1);
