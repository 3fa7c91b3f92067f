import { describe, expect, it } from 'vitest';
import { loadSamplesForTests } from '../core/samples-node';
import { QUESTIONS } from './index';
import { answerKey, gradeAnswer } from './grade';
import { questionCard } from './card';

const samples = loadSamplesForTests();
const byId = (id: string) => {
  const q = QUESTIONS.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
};

describe('gradeAnswer', () => {
  it('choice: the index decides', () => {
    const q = byId('net-vxlan-overhead');
    if (q.kind !== 'choice') throw new Error('kind');
    expect(gradeAnswer(q, { kind: 'choice', index: q.answer }, samples)).toMatchObject({ correct: true, score: 1, expected: '1450' });
    const wrong = (q.answer + 1) % q.choices.length;
    expect(gradeAnswer(q, { kind: 'choice', index: wrong }, samples)).toMatchObject({ correct: false, score: 0, given: q.choices[wrong] });
  });

  it('an answer of the wrong kind is wrong', () => {
    expect(gradeAnswer(byId('net-vxlan-overhead'), { kind: 'command', line: 'ip route' }, samples).correct).toBe(false);
  });

  it('predict: graded against the engine key, with partial credit', () => {
    const q = byId('predict-vxlan-port-blocked');
    if (q.kind !== 'predict') throw new Error('kind');
    const key = answerKey(q, samples);
    expect(key).toMatchObject({ verdict: 'dropped', at: 'node2', reason: 'FILTERED' });
    expect(gradeAnswer(q, { kind: 'predict', prediction: { verdict: 'dropped', at: 'node2', reason: 'FILTERED' } }, samples)).toMatchObject({
      correct: true,
      score: 1,
      expected: 'dropped at node2 (FILTERED)',
    });
    const partial = gradeAnswer(q, { kind: 'predict', prediction: { verdict: 'dropped', at: 'node1', reason: 'FILTERED' } }, samples);
    expect(partial.correct).toBe(false);
    expect(partial.score).toBeCloseTo(2 / 3);
  });

  it('command: the solution shows it; another command does not; an unmodelled one is wrong with the terminal answer shown', () => {
    const q = byId('cmd-fdb-vtep');
    expect(gradeAnswer(q, { kind: 'command', line: 'bridge fdb show dev flannel.1' }, samples).correct).toBe(true);
    // a typed variant that shows the same thing counts
    expect(gradeAnswer(q, { kind: 'command', line: '  bridge fdb show  ' }, samples).correct).toBe(true);
    expect(gradeAnswer(q, { kind: 'command', line: 'ip route' }, samples).correct).toBe(false);
    const unknown = gradeAnswer(q, { kind: 'command', line: 'tcpdump -ni eth0' }, samples);
    expect(unknown.correct).toBe(false);
    expect(unknown.output).toMatch(/not modelled/);
  });

  it('fix: nothing done fails, the solution passes, running out of time fails', () => {
    const q = byId('fix-vxlan-route');
    if (q.kind !== 'fix') throw new Error('kind');
    expect(gradeAnswer(q, { kind: 'fix', actions: [] }, samples).correct).toBe(false);
    expect(gradeAnswer(q, { kind: 'fix', actions: q.solution, seconds: 60 }, samples)).toMatchObject({ correct: true, score: 1 });
    const late = gradeAnswer(q, { kind: 'fix', actions: q.solution, seconds: q.seconds + 1 }, samples);
    expect(late.correct).toBe(false);
    expect(late.output).toMatch(/time is up/);
  });
});

describe('questionCard', () => {
  it('turns a question into a card with the quiz: id, its domain, topic and link', () => {
    for (const q of QUESTIONS) {
      const c = questionCard(q);
      expect(c.id).toBe(`quiz:${q.id}`);
      expect(c.domains).toEqual([q.domain]);
      expect(c.topic).toBe(q.topic);
      expect(c.link).toBe(q.link);
      expect(c.back).toContain(q.explanation);
    }
    const c = questionCard(byId('net-vxlan-overhead'));
    expect(c.back.startsWith('1450')).toBe(true);
  });
});

describe('spreadAnswer', () => {
  it('keeps the right answer text and spreads its position', () => {
    const choices = QUESTIONS.filter((q): q is Extract<(typeof QUESTIONS)[number], { kind: 'choice' }> => q.kind === 'choice');
    const counts = [0, 0, 0, 0];
    for (const q of choices) counts[q.answer]++;
    expect(Math.max(...counts)).toBeLessThan(choices.length * 0.5);
    const q = choices.find((x) => x.id === 'net-vxlan-overhead')!;
    expect(q.choices[q.answer]).toBe('1450');
  });
});
