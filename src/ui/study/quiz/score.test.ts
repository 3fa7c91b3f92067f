import { expect, it } from 'vitest';
import type { Question } from '../../../lessons/types';
import { attemptOf, domainRows } from './score';

const q = (id: string, domain: Question['domain']): Question => ({
  kind: 'choice',
  id,
  domain,
  topic: 'dns',
  prompt: id,
  explanation: '',
  link: { kind: 'scenario', scenario: 'services-dns' },
  choices: ['x'],
  answer: 0,
});

it('scores per domain, in curriculum order', () => {
  const a = attemptOf(
    'exam',
    [
      { question: q('a', 'cks-runtime'), correct: true, given: 'x' },
      { question: q('b', 'cka-networking'), correct: false, given: '' },
      { question: q('c', 'cka-networking'), correct: true, given: 'x' },
    ],
    '2026-01-01T00:00:00.000Z',
  );
  expect(a.answers.map((x) => x.questionId)).toEqual(['a', 'b', 'c']);
  expect(domainRows(a.byDomain)).toEqual([
    { domain: 'cka-networking', correct: 1, total: 2 },
    { domain: 'cks-runtime', correct: 1, total: 1 },
  ]);
});
