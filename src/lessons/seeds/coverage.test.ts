/**
 * Issue 8 "Done when": a test fails if a seed study card or question has no counterpart — and,
 * now that the content is in, if a seed section is covered by no lesson step, card or question.
 * The lessons and the quiz belong to other helpers; they are read through import.meta.glob so
 * this test reports clearly (instead of failing to compile) while one of them is missing.
 */
import { describe, expect, it } from 'vitest';
import type { Lesson, Question } from '../types';
import { CARDS } from '../cards';
import { isCovered, questionCoverage, sectionCoverage, unknownSeedRefs, type Content } from './coverage';
import { seedRefKey } from './index';

const lessonModules = import.meta.glob<{ LESSONS: readonly Lesson[] }>('../lessons/index.ts');
const quizModules = import.meta.glob<{ QUESTIONS: readonly Question[] }>('../quiz/index.ts');

async function content(): Promise<Content> {
  const lessons = lessonModules['../lessons/index.ts'];
  const quiz = quizModules['../quiz/index.ts'];
  if (!lessons) console.warn('coverage: src/lessons/lessons/index.ts not found — counting cards and questions only');
  if (!quiz) console.warn('coverage: src/lessons/quiz/index.ts not found — counting lessons and cards only');
  return {
    cards: CARDS,
    lessons: lessons ? (await lessons()).LESSONS : [],
    questions: quiz ? (await quiz()).QUESTIONS : [],
  };
}

describe('seed coverage', () => {
  it('every seed question has a card or a quiz question carrying it', async () => {
    const missing = questionCoverage(await content())
      .filter((r) => !r.cards.length && !r.questions.length)
      .map((r) => `${r.question.id} (${r.question.text})`);
    expect(missing, `seed questions without a counterpart:\n${missing.join('\n')}`).toEqual([]);
  });

  it('every seed section is covered by a lesson step, a card or a question', async () => {
    const rows = sectionCoverage(await content());
    const uncovered = rows.filter((r) => !isCovered(r)).map((r) => seedRefKey(r.ref));
    if (uncovered.length) console.warn(`seed sections covered by nothing (${uncovered.length}):\n  ${uncovered.join('\n  ')}`);
    expect(uncovered).toEqual([]);
  });

  it('content names only listed seed sections', async () => {
    expect(unknownSeedRefs(await content())).toEqual([]);
  });
});

describe('coverage functions (synthetic content)', () => {
  it('lists the steps, cards and questions citing a section, and flags the rest', () => {
    const ref = { seed: '001', section: 'CNI Operations' } as const;
    const other = { seed: '001', section: 'CNI Configuration' } as const;
    const c: Content = {
      cards: [{ ...CARDS[0]!, id: 'c1', seeds: [ref] }],
      lessons: [
        {
          id: 'l',
          title: 't',
          summary: 's',
          topic: 'cni',
          domains: ['cka-architecture'],
          minutes: 1,
          scenario: { sample: 'flannel-vxlan' },
          steps: [{ id: 's1', kind: 'explain', title: 't', body: 'b', seeds: [ref] }],
        },
      ],
    };
    const rows = sectionCoverage(c, [ref, other]);
    expect(rows[0]).toMatchObject({ steps: ['l/s1'], cards: ['c1'], questions: [] });
    expect(isCovered(rows[0]!)).toBe(true);
    expect(isCovered(rows[1]!)).toBe(false);
    expect(unknownSeedRefs({ cards: [{ ...CARDS[0]!, id: 'bad', seeds: [{ seed: '001', section: 'Nope' }] }] })).toEqual(['card bad: 001:Nope']);
  });
});
