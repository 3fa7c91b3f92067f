import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseProgress, serializeProgress } from './parse';
import { emptyProgress, type Progress, type StoredCardState } from './types';
import { DOMAINS } from '../types';
import { cardState, drillRecord, quizAttempt } from './schema';
import * as update from './update';

const card: StoredCardState = {
  due: '2026-12-03T10:00:00.000Z',
  stability: 2.3,
  difficulty: 5.1,
  elapsed_days: 0,
  scheduled_days: 1,
  learning_steps: 0,
  reps: 1,
  lapses: 0,
  state: 2,
  last_review: '2026-12-02T10:00:00.000Z',
};

const full: Progress = {
  version: 1,
  lessons: { 'pod-model': { step: 'ip-per-pod', done: { intro: 1, predict: 0.5 } } },
  cards: { 'card-1': card },
  extraCards: ['quiz:q1'],
  quiz: [
    {
      at: '2026-12-02T10:00:00.000Z',
      mode: 'exam',
      answers: [{ questionId: 'q1', correct: false, given: 'b' }],
      byDomain: { 'cka-networking': { correct: 0, total: 1 } },
    },
  ],
  drills: [{ seed: 42, at: '2026-12-02T10:00:00.000Z', score: 0.75, diagnosisCorrect: true, fixed: false }],
};

describe('parseProgress', () => {
  it('reads back what serializeProgress wrote, with no notice', () => {
    expect(parseProgress(serializeProgress(full))).toEqual({ progress: full, notice: null });
  });

  it('resets corrupt JSON and says so', () => {
    const r = parseProgress('{"version":1,"lessons":');
    expect(r.progress).toEqual(emptyProgress());
    expect(r.notice).toMatch(/not readable JSON/);
  });

  it('a non-object is reset with a notice', () => {
    for (const t of ['null', '[]', '"x"', '3']) expect(parseProgress(t).notice).toMatch(/not a progress object/);
  });

  it('keeps the valid entries of a partly broken object and names the dropped ones', () => {
    const broken = {
      ...full,
      lessons: { ...full.lessons, bad: 7, half: { step: 'a', done: { a: 1, b: 'x' } } },
      cards: { ...full.cards, 'card-2': { ...card, state: 9 } },
      quiz: [...full.quiz, { at: 'yesterday' }],
      drills: 'nope',
    };
    const r = parseProgress(JSON.stringify(broken));
    expect(r.progress.lessons['pod-model']).toEqual(full.lessons['pod-model']);
    expect(r.progress.lessons.half).toEqual({ step: 'a', done: { a: 1 } });
    expect(r.progress.lessons.bad).toBeUndefined();
    expect(r.progress.cards).toEqual(full.cards);
    expect(r.progress.quiz).toEqual(full.quiz);
    expect(r.progress.drills).toEqual([]);
    for (const name of ['lessons.bad', 'lessons.half.done.b', 'cards.card-2', 'quiz[1]', 'drills']) expect(r.notice).toContain(name);
  });

  it('a partial object fills the missing fields quietly', () => {
    expect(parseProgress('{"version":1,"extraCards":["quiz:a","quiz:a"]}')).toEqual({ progress: { ...emptyProgress(), extraCards: ['quiz:a'] }, notice: null });
  });

  it('migrates an unversioned (v0) object: lessons as done lists, card dates as epoch ms', () => {
    const due = Date.parse(card.due);
    const v0 = { lessons: { dns: ['a', 'b'] }, cards: { c: { ...card, due, last_review: Date.parse(card.last_review!) } } };
    const r = parseProgress(JSON.stringify(v0));
    expect(r.notice).toBeNull();
    expect(r.progress.lessons.dns).toEqual({ step: 'b', done: { a: 1, b: 1 } });
    expect(r.progress.cards.c).toEqual(card);
  });

  it('reads a newer version as far as it can, and says so', () => {
    const r = parseProgress(JSON.stringify({ ...full, version: 7, future: true }));
    expect(r.progress).toEqual(full);
    expect(r.notice).toMatch(/newer podpath \(version 7\)/);
  });

  it('an unreadable version is read as this one, with a notice', () => {
    const r = parseProgress(JSON.stringify({ ...full, version: 'one' }));
    expect(r.progress).toEqual(full);
    expect(r.notice).toMatch(/version was unreadable/);
  });

  it('a "__proto__" key is dropped, never assigned', () => {
    const r = parseProgress('{"version":1,"lessons":{"__proto__":{"step":"a","done":{}}}}');
    expect(Object.getPrototypeOf(r.progress.lessons)).toBe(Object.prototype);
    expect(r.notice).toContain('lessons.__proto__');
  });
});

describe('update', () => {
  it('records steps with their best score and keeps the current step', () => {
    let p = update.lessonReached(emptyProgress(), 'l', 's1');
    p = update.stepDone(p, 'l', 's1', 0.5);
    p = update.lessonReached(p, 'l', 's2');
    p = update.stepDone(p, 'l', 's1', 0.2);
    expect(p.lessons.l).toEqual({ step: 's2', done: { s1: 0.5 } });
    expect(update.addCard(update.addCard(p, 'quiz:x'), 'quiz:x').extraCards).toEqual(['quiz:x']);
  });
});

// ------------------------------------------------------------------------------------------
// properties
// ------------------------------------------------------------------------------------------

const iso = fc.integer({ min: 0, max: 4102444800000 }).map((t) => new Date(t).toISOString());
const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__');
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const cardArb: fc.Arbitrary<StoredCardState> = fc.record(
  {
    due: iso,
    stability: fc.double({ min: 0, max: 1e6, noNaN: true }),
    difficulty: fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    elapsed_days: fc.nat(),
    scheduled_days: fc.nat(),
    learning_steps: fc.nat(),
    reps: fc.nat(),
    lapses: fc.nat(),
    state: fc.constantFrom(0, 1, 2, 3),
    last_review: iso,
  },
  { requiredKeys: ['due', 'stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state'] },
);
const domain = fc.constantFrom(...(Object.keys(DOMAINS) as (keyof typeof DOMAINS)[]));
const progressArb: fc.Arbitrary<Progress> = fc.record({
  version: fc.constant(1 as const),
  lessons: fc.dictionary(key, fc.record({ step: key, done: fc.dictionary(key, unit) })),
  cards: fc.dictionary(key, cardArb),
  extraCards: fc.uniqueArray(key),
  quiz: fc.array(
    fc.record({
      at: iso,
      mode: fc.constantFrom('practice' as const, 'exam' as const),
      answers: fc.array(fc.record({ questionId: fc.string(), correct: fc.boolean(), given: fc.string() })),
      byDomain: fc.dictionary(domain, fc.record({ correct: fc.nat(), total: fc.nat() })),
    }),
  ),
  drills: fc.array(fc.record({ seed: fc.integer(), at: iso, score: unit, diagnosisCorrect: fc.boolean(), fixed: fc.boolean() })),
});

function isValid(p: Progress): boolean {
  return (
    p.version === 1 &&
    Object.values(p.lessons).every((l) => typeof l.step === 'string' && Object.values(l.done).every((s) => s >= 0 && s <= 1)) &&
    Object.values(p.cards).every((c) => cardState.safeParse(c).success) &&
    Array.isArray(p.extraCards) &&
    p.quiz.every((q) => quizAttempt.safeParse(q).success) &&
    p.drills.every((d) => drillRecord.safeParse(d).success)
  );
}

describe('parseProgress properties', () => {
  it('any text gives a valid Progress and never throws', () => {
    const jsonish = fc.oneof(
      fc.string(),
      fc.json(),
      progressArb.chain((p) => fc.constant(JSON.stringify(p)).map((s) => s.slice(0, Math.max(1, s.length - 3)))),
    );
    fc.assert(fc.property(jsonish, (t) => isValid(parseProgress(t).progress)));
  });

  it('any JSON object mixing valid and invalid fields gives a valid Progress', () => {
    fc.assert(
      fc.property(progressArb, fc.dictionary(fc.constantFrom('lessons', 'cards', 'quiz', 'drills', 'extraCards', 'version'), fc.jsonValue()), (p, junk) =>
        isValid(parseProgress(JSON.stringify({ ...p, ...junk })).progress),
      ),
    );
  });

  it('a valid progress round-trips unchanged, with no notice', () => {
    fc.assert(
      fc.property(progressArb, (p) => {
        expect(parseProgress(serializeProgress(p))).toEqual({ progress: p, notice: null });
      }),
    );
  });
});
