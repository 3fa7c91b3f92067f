/**
 * Grading one quiz answer, per kind. Pure: the engine runs the learner's command or replays
 * their repair on a fresh lab of the question's scenario (+ faults), so "checked by running it"
 * means the same runCommand the terminal uses (src/engine/cli/dispatch.ts).
 * - choice: the index picked
 * - predict: core gradePrediction against the engine's key (never typed into content)
 * - command: exit code 0 and `expect` matches the output; an error or a command the lab does not
 *   model is wrong, with the terminal's answer shown
 * - fix: the learner's actions replayed, then core checkGoal; over the time limit is wrong
 */
import type { Lab } from '../../engine';
import { runCommand } from '../../engine/cli/dispatch';
import { applyActions, checkGoal, emptyWorld, gradePrediction, labOfSource, predictionKey, type Samples } from '../core';
import type { Prediction, PredictionKey, Question, SolutionAction, StepWorld } from '../types';

/** What a learner gave, per question kind. */
export type Given =
  | { readonly kind: 'choice'; readonly index: number }
  | { readonly kind: 'predict'; readonly prediction: Prediction }
  | { readonly kind: 'command'; readonly line: string }
  /** the terminal actions the learner took, in order, and how long they took (seconds) */
  | { readonly kind: 'fix'; readonly actions: readonly SolutionAction[]; readonly seconds?: number };

export interface Grade {
  readonly correct: boolean;
  /** 0..1 (a prediction earns thirds: verdict, where, why) */
  readonly score: number;
  /** what the learner gave, as text */
  readonly given: string;
  /** the right answer, as text */
  readonly expected: string;
  /** what the lab answered: the command's output, or the goal's verdict */
  readonly output?: string;
}

type Of<K extends Question['kind']> = Extract<Question, { kind: K }>;

/** The lab a question runs on: its scenario with its faults, nothing learned yet. */
export function questionLab(q: Of<'predict'> | Of<'command'> | Of<'fix'>, samples: Samples): Lab {
  const r = labOfSource(q.scenario, q.faults ?? [], samples);
  if (!r.ok) throw new Error(`question ${q.id}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.lab;
}

/** The engine's answer key of a predict question. */
export function answerKey(q: Of<'predict'>, samples: Samples): PredictionKey {
  return predictionKey(questionLab(q, samples), q.probe);
}

export function predictionText(p: { verdict: string; at?: string; reason?: string }): string {
  if (p.verdict === 'delivered') return 'delivered';
  return `${p.verdict}${p.at ? ` at ${p.at}` : ''}${p.reason ? ` (${p.reason})` : ''}`;
}

/** Runs one command line the way the terminal would and says whether it shows what the question asks. */
export function runForQuestion(q: Of<'command'>, line: string, samples: Samples): { shows: boolean; exitCode: number; output: string } {
  const r = runCommand(questionLab(q, samples), q.where, line);
  return { shows: r.exitCode === 0 && new RegExp(q.expect, 'm').test(r.output), exitCode: r.exitCode, output: r.output };
}

/** A fix question's goal over a world the learner left (the page's terminal session). */
export function gradeFixWorld(q: Of<'fix'>, world: StepWorld, seconds?: number): Grade {
  const lines = world.commands.map((c) => `${c.where}$ ${c.line}`);
  const check = checkGoal(q.goal, world);
  const late = seconds !== undefined && seconds > q.seconds;
  const correct = check.met && !late;
  const output = late ? `time is up: ${seconds}s of ${q.seconds}s` : `${check.met ? 'met' : 'not met'}: ${check.text}`;
  return { correct, score: correct ? 1 : 0, given: lines.join('\n') || '(nothing run)', expected: solutionText(q.solution), output };
}

export function solutionText(actions: readonly SolutionAction[]): string {
  return actions
    .map((a) => (a.do === 'command' ? `${a.where}$ ${a.line}` : a.do === 'probe' ? `probe ${a.probe.from} → ${a.probe.to}` : predictionText(a.prediction)))
    .join('\n');
}

export function gradeAnswer(q: Question, given: Given, samples: Samples): Grade {
  const mismatch = (expected: string): Grade => ({ correct: false, score: 0, given: `(a ${given.kind} answer)`, expected });
  switch (q.kind) {
    case 'choice': {
      const expected = q.choices[q.answer];
      if (given.kind !== 'choice') return mismatch(expected);
      const correct = given.index === q.answer;
      return { correct, score: correct ? 1 : 0, given: q.choices[given.index] ?? '(no choice)', expected };
    }
    case 'predict': {
      const key = answerKey(q, samples);
      const expected = predictionText(key);
      if (given.kind !== 'predict') return mismatch(expected);
      const g = gradePrediction(given.prediction, key);
      return { correct: g.score === 1, score: g.score, given: predictionText(given.prediction), expected, output: key.trace.hops.at(-1)?.note };
    }
    case 'command': {
      if (given.kind !== 'command') return mismatch(q.solution);
      const line = given.line.trim();
      const r = runForQuestion(q, line, samples);
      return { correct: r.shows, score: r.shows ? 1 : 0, given: line, expected: q.solution, output: r.output };
    }
    case 'fix': {
      if (given.kind !== 'fix') return mismatch(solutionText(q.solution));
      const world = applyActions(emptyWorld(questionLab(q, samples)), given.actions);
      return gradeFixWorld(q, world, given.seconds);
    }
  }
}
