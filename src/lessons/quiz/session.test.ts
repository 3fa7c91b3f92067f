import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Samples } from '../core';
import { loadSamplesForTests } from '../core/samples-node';
import type { Question } from '../types';
import { QUESTIONS } from './index';
import { pickQuestions, reduceSession, sessionResult, startSession, toQuizAttempt, visibleGrade, type Session } from './session';

// choice questions grade without the engine, so properties can run many sessions quickly
const CHOICES = QUESTIONS.filter((q): q is Extract<Question, { kind: 'choice' }> => q.kind === 'choice');
const env = { bank: CHOICES, samples: {} as Samples };
const T0 = 1_700_000_000_000;

function answerAll(s: Session, picks: readonly number[], now = T0 + 1000): Session {
  return s.questionIds.reduce((cur, id, i) => {
    const q = CHOICES.find((x) => x.id === id)!;
    return reduceSession(cur, { type: 'answer', questionId: id, given: { kind: 'choice', index: picks[i % picks.length] % q.choices.length }, now }, env);
  }, s);
}

describe('pickQuestions', () => {
  it('same seed, same questions; no repeats; capped by the pool', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 200 }), (seed, count) => {
        const a = pickQuestions(QUESTIONS, seed, count).map((q) => q.id);
        const b = pickQuestions(QUESTIONS, seed, count).map((q) => q.id);
        expect(a).toEqual(b);
        expect(new Set(a).size).toBe(a.length);
        expect(a.length).toBe(Math.min(count, QUESTIONS.length));
      }),
    );
  });

  it('filters by domain and kind', () => {
    const picked = pickQuestions(QUESTIONS, 7, 50, { domains: ['cks-microservices'], kinds: ['predict'] });
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((q) => q.domain === 'cks-microservices' && q.kind === 'predict')).toBe(true);
  });

  it('different seeds usually give different orders', () => {
    expect(pickQuestions(QUESTIONS, 1, 20).map((q) => q.id)).not.toEqual(pickQuestions(QUESTIONS, 2, 20).map((q) => q.id));
  });
});

describe('exam session', () => {
  it('score per domain sums to the total, and every counted answer is in the review', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(9), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (seed, count, picks, skipSome) => {
          let s = startSession(CHOICES, { mode: 'exam', seed, count, now: T0, seconds: 600 });
          s = answerAll(s, picks);
          if (skipSome) s = { ...s, answers: Object.fromEntries(Object.entries(s.answers).filter((_, i) => i % 2 === 0)) };
          s = reduceSession(s, { type: 'finish', now: T0 + 2000 }, env);
          const r = sessionResult(s, CHOICES);
          const domains = Object.values(r.byDomain);
          expect(domains.reduce((n, d) => n + d!.total, 0)).toBe(r.total);
          expect(domains.reduce((n, d) => n + d!.correct, 0)).toBe(r.correct);
          expect(r.total).toBe(s.questionIds.length);
          expect(r.review.map((x) => x.questionId)).toEqual(s.questionIds);
          expect(r.wrongCards.length).toBe(r.total - r.correct);
          expect(r.wrongCards.every((c) => c.startsWith('quiz:'))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shows no grade until the end', () => {
    let s = startSession(CHOICES, { mode: 'exam', seed: 3, count: 5, now: T0, seconds: 300 });
    s = answerAll(s, [0]);
    for (const id of s.questionIds) expect(visibleGrade(s, id)).toBeNull();
    s = reduceSession(s, { type: 'finish', now: T0 + 5000 }, env);
    for (const id of s.questionIds) expect(visibleGrade(s, id)).not.toBeNull();
  });

  it('lets an answer change before the end', () => {
    let s = startSession(CHOICES, { mode: 'exam', seed: 4, count: 1, now: T0 });
    const id = s.questionIds[0];
    const q = CHOICES.find((x) => x.id === id)!;
    s = reduceSession(s, { type: 'answer', questionId: id, given: { kind: 'choice', index: (q.answer + 1) % q.choices.length }, now: T0 + 1 }, env);
    s = reduceSession(s, { type: 'answer', questionId: id, given: { kind: 'choice', index: q.answer }, now: T0 + 2 }, env);
    s = reduceSession(s, { type: 'finish', now: T0 + 3 }, env);
    expect(sessionResult(s, CHOICES).correct).toBe(1);
  });

  it('the time limit: an answer at or after the deadline is refused and the session ends', () => {
    let s = startSession(CHOICES, { mode: 'exam', seed: 5, count: 3, now: T0, seconds: 60 });
    const id = s.questionIds[0];
    s = reduceSession(s, { type: 'answer', questionId: id, given: { kind: 'choice', index: 0 }, now: T0 + 60_000 }, env);
    expect(s.finished).toBe(true);
    expect(s.timedOut).toBe(true);
    expect(s.answers[id]).toBeUndefined();
    const r = sessionResult(s, CHOICES);
    expect(r.total).toBe(3);
    expect(r.correct).toBe(0);
  });

  it('a tick past the deadline finishes the session', () => {
    const s = startSession(CHOICES, { mode: 'exam', seed: 6, count: 2, now: T0, seconds: 10 });
    expect(reduceSession(s, { type: 'tick', now: T0 + 9_999 }, env).finished).toBe(false);
    expect(reduceSession(s, { type: 'tick', now: T0 + 10_000 }, env)).toMatchObject({ finished: true, timedOut: true });
  });
});

describe('practice session', () => {
  it('grades at once, keeps the first answer, counts only what was answered', () => {
    let s = startSession(CHOICES, { mode: 'practice', seed: 9, count: 4, now: T0 });
    expect(s.deadline).toBeNull();
    const [a, b] = s.questionIds;
    const qa = CHOICES.find((x) => x.id === a)!;
    s = reduceSession(s, { type: 'answer', questionId: a, given: { kind: 'choice', index: qa.answer }, now: T0 + 1 }, env);
    expect(visibleGrade(s, a)).toMatchObject({ correct: true });
    s = reduceSession(s, { type: 'answer', questionId: a, given: { kind: 'choice', index: (qa.answer + 1) % qa.choices.length }, now: T0 + 2 }, env);
    expect(visibleGrade(s, a)).toMatchObject({ correct: true });
    const qb = CHOICES.find((x) => x.id === b)!;
    s = reduceSession(s, { type: 'answer', questionId: b, given: { kind: 'choice', index: (qb.answer + 1) % qb.choices.length }, now: T0 + 3 }, env);
    const attempt = toQuizAttempt(s, CHOICES, '2026-01-01T00:00:00.000Z');
    expect(attempt.mode).toBe('practice');
    expect(attempt.answers).toHaveLength(2);
    expect(sessionResult(s, CHOICES).wrongCards).toEqual([`quiz:${b}`]);
  });
});

describe('sessions with engine-graded questions', () => {
  it('a short exam over every kind grades predict, command and fix answers', () => {
    const samples = loadSamplesForTests();
    const bank = QUESTIONS;
    const ids = ['predict-frag-needed', 'cmd-pod-mtu', 'fix-vxlan-route', 'net-vxlan-overhead'];
    let s: Session = { ...startSession(bank, { mode: 'exam', seed: 1, count: 0, now: T0, seconds: 900 }), questionIds: ids };
    const fixQ = bank.find((q) => q.id === 'fix-vxlan-route');
    if (fixQ?.kind !== 'fix') throw new Error('kind');
    const e = { bank, samples };
    s = reduceSession(
      s,
      {
        type: 'answer',
        questionId: ids[0],
        given: { kind: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/client', reason: 'FRAG_NEEDED' } },
        now: T0 + 1,
      },
      e,
    );
    s = reduceSession(s, { type: 'answer', questionId: ids[1], given: { kind: 'command', line: 'ip route' }, now: T0 + 2 }, e);
    s = reduceSession(s, { type: 'answer', questionId: ids[2], given: { kind: 'fix', actions: fixQ.solution, seconds: 30 }, now: T0 + 3 }, e);
    s = reduceSession(s, { type: 'finish', now: T0 + 4 }, e);
    const r = sessionResult(s, bank);
    expect(r.review.map((x) => x.correct)).toEqual([true, false, true, false]);
    expect(r.byDomain['cka-troubleshooting']).toEqual({ correct: 2, total: 3 });
    expect(r.wrongCards).toEqual(['quiz:cmd-pod-mtu', 'quiz:net-vxlan-overhead']);
  });
});
