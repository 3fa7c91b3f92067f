/**
 * A quiz session as a pure reducer: a seeded pick of questions (the seed is passed in — no
 * Math.random), answers graded as they come (grade.ts), and a time limit checked against the
 * `now` each event carries (src/lessons reads no clock; the page passes its clock in).
 * - practice: the first answer to a question is final and its grade is shown at once
 * - exam: answers may change until the end; no grade is visible until the session is finished,
 *   which happens on `finish` or on the first event at or after the deadline
 */
import type { Samples } from '../core';
import type { QuizAttempt } from '../progress/types';
import type { DomainId, LabLink, Question } from '../types';
import { questionCardId } from './card';
import { gradeAnswer, type Given, type Grade } from './grade';

export type SessionMode = 'practice' | 'exam';

export interface SessionConfig {
  readonly mode: SessionMode;
  readonly seed: number;
  /** how many questions (capped by what the filter leaves) */
  readonly count: number;
  /** ms since the epoch when the session starts */
  readonly now: number;
  /** exam time limit in seconds (none: untimed) */
  readonly seconds?: number;
  readonly domains?: readonly DomainId[];
  readonly kinds?: readonly Question['kind'][];
}

export interface SessionAnswer {
  readonly given: Given;
  readonly grade: Grade;
  readonly at: number;
}

export interface Session {
  readonly mode: SessionMode;
  readonly seed: number;
  readonly questionIds: readonly string[];
  readonly index: number;
  readonly answers: Readonly<Record<string, SessionAnswer>>;
  readonly startedAt: number;
  /** ms since the epoch; null when untimed */
  readonly deadline: number | null;
  readonly finished: boolean;
  readonly timedOut: boolean;
}

export type SessionEvent =
  | { readonly type: 'answer'; readonly questionId: string; readonly given: Given; readonly now: number }
  | { readonly type: 'goto'; readonly index: number; readonly now: number }
  | { readonly type: 'finish'; readonly now: number }
  /** a clock tick from the page: finishes a timed session at its deadline */
  | { readonly type: 'tick'; readonly now: number };

export interface SessionEnv {
  readonly bank: readonly Question[];
  readonly samples: Samples;
}

/** mulberry32: a tiny seeded PRNG (same seed → same sequence), returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates pick of `count` questions from the bank after the filters. */
export function pickQuestions(bank: readonly Question[], seed: number, count: number, filter: Pick<SessionConfig, 'domains' | 'kinds'> = {}): Question[] {
  const pool = bank.filter((q) => (!filter.domains?.length || filter.domains.includes(q.domain)) && (!filter.kinds?.length || filter.kinds.includes(q.kind)));
  const rnd = seededRandom(seed);
  const a = [...pool];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, Math.max(0, Math.min(count, a.length)));
}

export function startSession(bank: readonly Question[], config: SessionConfig): Session {
  const picked = pickQuestions(bank, config.seed, config.count, config);
  return {
    mode: config.mode,
    seed: config.seed,
    questionIds: picked.map((q) => q.id),
    index: 0,
    answers: {},
    startedAt: config.now,
    deadline: config.mode === 'exam' && config.seconds ? config.now + config.seconds * 1000 : null,
    finished: false,
    timedOut: false,
  };
}

function expired(s: Session, now: number): boolean {
  return s.deadline !== null && now >= s.deadline;
}

export function reduceSession(s: Session, e: SessionEvent, env: SessionEnv): Session {
  if (s.finished) return s;
  if (expired(s, e.now)) return { ...s, finished: true, timedOut: true };
  switch (e.type) {
    case 'tick':
      return s;
    case 'finish':
      return { ...s, finished: true };
    case 'goto':
      return e.index >= 0 && e.index < s.questionIds.length ? { ...s, index: e.index } : s;
    case 'answer': {
      if (!s.questionIds.includes(e.questionId)) return s;
      if (s.mode === 'practice' && s.answers[e.questionId]) return s;
      const q = env.bank.find((x) => x.id === e.questionId);
      if (!q) return s;
      const grade = gradeAnswer(q, e.given, env.samples);
      return { ...s, answers: { ...s.answers, [e.questionId]: { given: e.given, grade, at: e.now } } };
    }
  }
}

/** The grade the learner may see now: at once in practice, only after the end in an exam. */
export function visibleGrade(s: Session, questionId: string): Grade | null {
  const a = s.answers[questionId];
  if (!a) return null;
  return s.mode === 'practice' || s.finished ? a.grade : null;
}

export function secondsLeft(s: Session, now: number): number | null {
  return s.deadline === null ? null : Math.max(0, Math.ceil((s.deadline - now) / 1000));
}

export interface ReviewItem {
  readonly questionId: string;
  readonly domain: DomainId;
  readonly prompt: string;
  readonly answered: boolean;
  readonly correct: boolean;
  readonly score: number;
  readonly given: string;
  readonly expected: string;
  readonly output?: string;
  readonly explanation: string;
  readonly link: LabLink;
}

export interface SessionResult {
  readonly total: number;
  readonly correct: number;
  readonly byDomain: Readonly<Partial<Record<DomainId, { readonly correct: number; readonly total: number }>>>;
  /** every question counted, in session order, with what was given and the right answer */
  readonly review: readonly ReviewItem[];
  /** `quiz:<questionId>` for every counted question not answered correctly: they join the deck */
  readonly wrongCards: readonly string[];
}

/**
 * The score: an exam counts every question it picked (an unanswered one is wrong); practice counts
 * the questions answered. The expected answer of a predict question with no answer is left blank
 * (the key is computed when an answer is graded).
 */
export function sessionResult(s: Session, bank: readonly Question[]): SessionResult {
  const byId = new Map(bank.map((q) => [q.id, q]));
  const counted = s.questionIds.filter((id) => byId.has(id) && (s.mode === 'exam' || s.answers[id]));
  const byDomain: Partial<Record<DomainId, { correct: number; total: number }>> = {};
  const review: ReviewItem[] = counted.map((id) => {
    const q = byId.get(id)!;
    const a = s.answers[id];
    const correct = a?.grade.correct ?? false;
    const d = (byDomain[q.domain] ??= { correct: 0, total: 0 });
    d.total++;
    if (correct) d.correct++;
    const expected = a?.grade.expected ?? (q.kind === 'choice' ? q.choices[q.answer] : q.kind === 'command' ? q.solution : '');
    return {
      questionId: id,
      domain: q.domain,
      prompt: q.prompt,
      answered: !!a,
      correct,
      score: a?.grade.score ?? 0,
      given: a?.grade.given ?? '(no answer)',
      expected,
      ...(a?.grade.output !== undefined ? { output: a.grade.output } : {}),
      explanation: q.explanation,
      link: q.link,
    };
  });
  return {
    total: review.length,
    correct: review.filter((r) => r.correct).length,
    byDomain,
    review,
    wrongCards: review.filter((r) => !r.correct).map((r) => questionCardId(r.questionId)),
  };
}

/** The progress record of a finished session (`at`: an ISO time the page stamps). */
export function toQuizAttempt(s: Session, bank: readonly Question[], at: string): QuizAttempt {
  const r = sessionResult(s, bank);
  return {
    at,
    mode: s.mode,
    answers: r.review.map((x) => ({ questionId: x.questionId, correct: x.correct, given: x.given })),
    byDomain: r.byDomain,
  };
}
