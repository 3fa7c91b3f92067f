/**
 * The page's door to grading (src/lessons/quiz/grade.ts, the quiz helper's pure API): a draft
 * in, a graded answer out. The engine work (a lab built, a probe walked, commands run) is
 * synchronous and can take a while, so the page calls this on submit only, never while
 * rendering.
 */
import { applyActions, emptyWorld, gradePrediction, type Samples } from '../../../lessons/core';
import { answerKey, gradeAnswer, gradeFixWorld, questionLab, runForQuestion } from '../../../lessons/quiz/grade';
import type { Question } from '../../../lessons/types';
import samples from '../../store/samples.json';
import { commandLine, fixLines, givenText, type Draft } from './draft';
import { netnsLabel, reasonLabel } from './labels';

/** the bundled samples (store/scenarios.ts): parsed already, so grading needs no fetch */
const SAMPLES = samples as unknown as Samples;

export interface Graded {
  readonly correct: boolean;
  /** 0..1 (a prediction earns thirds: verdict, where, why) */
  readonly score: number;
  readonly given: string;
  /** the right answer, in words */
  readonly key: string;
  /** what the learner's command(s) printed (command and fix questions) */
  readonly output?: string;
  /** itemised checks (a prediction's verdict, where and why) */
  readonly parts?: readonly { readonly text: string; readonly met: boolean }[];
}

/**
 * `seconds`: how long a fix took (practice; over the question's limit is wrong, grade.ts). In an
 * exam the exam's own clock governs instead.
 */
export function gradeDraft(q: Question, d: Draft, seconds?: number): Graded {
  const given = givenText(q, d);
  switch (q.kind) {
    case 'choice': {
      const g = gradeAnswer(q, { kind: 'choice', index: d.kind === 'choice' && d.choice !== undefined ? d.choice : -1 }, SAMPLES);
      return { correct: g.correct, score: g.score, given, key: g.expected };
    }
    case 'predict': {
      // the key once, both for the grade and for the checklist in words
      const key = answerKey(q, SAMPLES);
      const keyText = key.verdict === 'delivered' ? 'delivered' : `${key.verdict} at ${netnsLabel(key.at)}: ${reasonLabel(key.reason)}`;
      if (d.kind !== 'predict' || !d.verdict) return { correct: false, score: 0, given, key: keyText };
      const g = gradePrediction({ verdict: d.verdict, at: d.at, reason: d.reason }, key);
      const parts = [{ text: `Verdict: ${key.verdict}`, met: g.verdict }];
      if (g.at !== null) parts.push({ text: `Where: ${netnsLabel(key.at)}`, met: g.at });
      if (g.reason !== null) parts.push({ text: `Why: ${reasonLabel(key.reason)}`, met: g.reason });
      return { correct: g.score === 1, score: g.score, given, key: keyText, parts, output: key.trace.hops.at(-1)?.note };
    }
    case 'command': {
      const line = commandLine(q, d);
      if (!line) return { correct: false, score: 0, given, key: q.solution };
      const r = runForQuestion(q, line, SAMPLES);
      return { correct: r.shows, score: r.shows ? 1 : 0, given: line, key: q.solution, output: r.output };
    }
    case 'fix': {
      const actions = fixLines(d).map((line) => ({ do: 'command' as const, where: q.where, line }));
      const world = applyActions(emptyWorld(questionLab(q, SAMPLES)), actions);
      const g = gradeFixWorld(q, world, seconds);
      // every line's answer, as the terminal would print it, then the goal's verdict
      const transcript = world.commands.map((c) => `${c.where}$ ${c.line}\n${c.output}`.trimEnd()).join('\n');
      return {
        correct: g.correct,
        score: g.score,
        given,
        key: g.expected,
        output: [transcript, g.output].filter(Boolean).join('\n\n'),
      };
    }
  }
}
