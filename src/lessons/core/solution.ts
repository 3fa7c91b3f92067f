/**
 * Runs a lesson's shipped solution through the engine step by step, the way a learner would
 * on the page: one lab carried from step to step (the kernels remember), rebuilt with a fix
 * step's faults when that step begins. CI asserts every goal is met and every prediction
 * scores 1, so content cannot silently rot when the engine changes.
 */
import type { Lab } from '../../engine';
import { createLab } from '../../engine/lab-core';
import type { Lesson, Step, StepWorld } from '../types';
import { checkGoal, type GoalCheck } from './goals';
import { gradePrediction, predictionKey, type PredictionGrade } from './predict';
import { labOfSource, type Samples } from './scenario';
import { applyActions, emptyWorld } from './world';

export interface StepRun {
  readonly step: Step;
  readonly world: StepWorld;
  readonly goal?: GoalCheck;
  readonly prediction?: PredictionGrade;
  readonly error?: string;
}

export interface SolutionRun {
  readonly ok: boolean;
  readonly steps: readonly StepRun[];
  readonly error?: string;
}

/** The lab a step begins on: the previous step's, or for a fix step the lesson's scenario with the step's faults. */
export function labForStep(lesson: Lesson, step: Step, previous: Lab, samples: Samples): { ok: true; lab: Lab } | { ok: false; error: string } {
  if (step.kind !== 'fix') return { ok: true, lab: previous };
  const r = labOfSource(lesson.scenario, step.faults, samples);
  return r.ok ? { ok: true, lab: { ...r.lab, kernel: previous.kernel } } : { ok: false, error: r.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
}

export function runSolution(lesson: Lesson, samples: Samples): SolutionRun {
  const start = labOfSource(lesson.scenario, [], samples);
  if (!start.ok) return { ok: false, steps: [], error: start.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  let lab = start.lab;
  const steps: StepRun[] = [];
  for (const step of lesson.steps) {
    const at = labForStep(lesson, step, lab, samples);
    if (!at.ok) {
      steps.push({ step, world: emptyWorld(lab), error: at.error });
      return { ok: false, steps, error: `step ${step.id}: ${at.error}` };
    }
    const begin = emptyWorld(at.lab);
    if (step.kind === 'explain') {
      steps.push({ step, world: begin });
      continue;
    }
    if (step.kind === 'predict') {
      const key = predictionKey(begin.lab, step.probe);
      const given = step.solution.find((a) => a.do === 'predict');
      const world = applyActions(begin, step.solution);
      const prediction = given && given.do === 'predict' ? gradePrediction(given.prediction, key) : undefined;
      steps.push({ step, world, prediction, error: prediction ? undefined : 'the solution makes no prediction' });
      lab = world.lab;
      continue;
    }
    const world = applyActions(begin, step.solution);
    steps.push({ step, world, goal: checkGoal(step.goal, world) });
    lab = world.lab;
  }
  const ok = steps.every((s) => !s.error && (s.goal?.met ?? true) && (s.prediction?.score ?? 1) === 1);
  return { ok, steps };
}

/** A fresh lab of a scenario source with nothing learned (a lesson restarts). */
export function freshLab(lab: Lab): Lab {
  const r = createLab(lab.scenario);
  return r.ok ? r.lab : lab;
}
