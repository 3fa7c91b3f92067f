/**
 * Runs a lesson's shipped solution through the engine the way a learner goes through it on
 * the page (src/ui/lesson/lab-sync.ts): steps of one setup — the lesson's scenario or a step's
 * own, plus a fix step's faults — share one lab and the kernels remember; a new setup loads a
 * fresh lab. A predict step's key is read before its probe plays; committing then sends it
 * (PredictForm), so its PMTU, conntrack and ARP entries stay behind. CI asserts every goal is
 * met and every prediction scores 1, so content cannot silently rot when the engine changes.
 */
import type { Lab } from '../../engine';
import { runProbe } from '../../engine/lab-core';
import type { Lesson, PredictionKey, Step, StepWorld } from '../types';
import { checkGoal, type GoalCheck } from './goals';
import { gradePrediction, predictionKey, type PredictionGrade } from './predict';
import { labOfSource, type Samples } from './scenario';
import { applyActions, emptyWorld } from './world';

export interface StepRun {
  readonly step: Step;
  readonly world: StepWorld;
  readonly goal?: GoalCheck;
  /** the goal on the world as the step begins, before the solution: a fix step's faults must break it */
  readonly goalAtStart?: GoalCheck;
  readonly key?: PredictionKey;
  readonly grade?: PredictionGrade;
  readonly error?: string;
}

export interface SolutionRun {
  readonly ok: boolean;
  readonly steps: readonly StepRun[];
  readonly error?: string;
}

/** Steps with the same key share the learner's lab (the page's lab-sync uses the same rule). */
export function setupKey(lesson: Lesson, step: Step): string {
  return JSON.stringify([step.scenario ?? lesson.scenario, step.kind === 'fix' ? step.faults : []]);
}

function labError(errors: readonly { path: string; message: string }[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}

export function walkLesson(lesson: Lesson, samples: Samples): { steps: StepRun[]; error?: string } {
  const steps: StepRun[] = [];
  let lab: Lab | null = null;
  let key = '';
  for (const step of lesson.steps) {
    if (!lab || setupKey(lesson, step) !== key) {
      const r = labOfSource(step.scenario ?? lesson.scenario, step.kind === 'fix' ? step.faults : [], samples);
      if (!r.ok) return { steps, error: `step ${step.id}: ${labError(r.errors)}` };
      lab = r.lab;
      key = setupKey(lesson, step);
    }
    let world = emptyWorld(lab);
    let run: StepRun;
    if (step.kind === 'explain') run = { step, world };
    else if (step.kind === 'predict') {
      const answer = predictionKey(world.lab, step.probe);
      const played = runProbe(world.lab, step.probe);
      const given = step.solution.find((a) => a.do === 'predict');
      world = applyActions({ ...world, lab: played.lab, probes: [{ probe: step.probe, trace: played.trace }] }, step.solution);
      run =
        given?.do === 'predict'
          ? { step, world, key: answer, grade: gradePrediction(given.prediction, answer) }
          : { step, world, key: answer, error: 'the solution makes no prediction' };
    } else {
      const goalAtStart = checkGoal(step.goal, world);
      world = applyActions(world, step.solution);
      run = { step, world, goal: checkGoal(step.goal, world), goalAtStart };
    }
    steps.push(run);
    lab = world.lab;
  }
  return { steps };
}

export function runSolution(lesson: Lesson, samples: Samples): SolutionRun {
  const w = walkLesson(lesson, samples);
  const ok = !w.error && w.steps.every((s) => !s.error && (s.goal?.met ?? true) && (s.grade?.score ?? 1) === 1);
  return { ok, steps: w.steps, ...(w.error ? { error: w.error } : {}) };
}
