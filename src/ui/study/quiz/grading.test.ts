/** The page's drafts map onto the quiz grader: the shipped answer of each kind grades right, a wrong one wrong. */
import { describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../../lessons/quiz';
import { answerKey } from '../../../lessons/quiz/grade';
import type { Samples } from '../../../lessons/core';
import type { Question } from '../../../lessons/types';
import samples from '../../store/samples.json';
import { gradeDraft } from './grading';

type Of<K extends Question['kind']> = Extract<Question, { kind: K }>;
const first = <K extends Question['kind']>(k: K) => QUESTIONS.find((q): q is Of<K> => q.kind === k)!;

describe('gradeDraft', () => {
  it('choice', () => {
    const q = first('choice');
    expect(gradeDraft(q, { kind: 'choice', choice: q.answer }).correct).toBe(true);
    expect(gradeDraft(q, { kind: 'choice', choice: (q.answer + 1) % q.choices.length }).correct).toBe(false);
  });
  it('predict: the engine key grades right, with a checklist', () => {
    const q = QUESTIONS.find((x): x is Of<'predict'> => x.kind === 'predict' && answerKey(x, samples as unknown as Samples).verdict !== 'delivered')!;
    const key = answerKey(q, samples as unknown as Samples);
    const g = gradeDraft(q, { kind: 'predict', verdict: key.verdict, at: key.at, reason: key.reason });
    expect(g).toMatchObject({ correct: true, score: 1 });
    expect(g.parts?.map((p) => p.met)).toEqual([true, true, true]);
    const wrong = gradeDraft(q, { kind: 'predict', verdict: 'delivered' });
    expect(wrong.correct).toBe(false);
  });
  it('command: the solution typed shows it, and the output comes back', () => {
    const q = first('command');
    const g = gradeDraft(q, { kind: 'command', typed: q.solution });
    expect(g.correct).toBe(true);
    expect(g.output).toBeTruthy();
    expect(gradeDraft(q, { kind: 'command', typed: 'hostname' }).correct).toBe(false);
  });
  it('fix: the solution lines repair it; nothing run does not', () => {
    const q = QUESTIONS.find((x): x is Of<'fix'> => x.kind === 'fix' && x.solution.every((a) => a.do === 'command' && a.where === x.where))!;
    const lines = q.solution.map((a) => (a.do === 'command' ? a.line : '')).join('\n');
    expect(gradeDraft(q, { kind: 'fix', lines }).correct).toBe(true);
    expect(gradeDraft(q, { kind: 'fix', lines }, q.seconds + 1).correct).toBe(false);
    expect(gradeDraft(q, { kind: 'fix', lines: '# nothing' }).correct).toBe(false);
  });
});
