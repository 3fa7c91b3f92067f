/**
 * A lesson's step flow as an xstate v5 machine (ARCHITECTURE.md "Lessons are data + machines";
 * STYLE.md: flows as small state machines tested with the pure `transition()`, like tldraw's
 * tool states). The machine is pure: it never evaluates a goal or runs the engine. The caller
 * (the lesson panel, the solution test) runs probes and commands, evaluates `checkGoal` on its
 * StepWorld and sends the verdict as CHECK {met}; it grades a committed prediction with
 * `gradePrediction` and sends PREDICT {prediction, grade}.
 *
 * Gating, per step kind:
 * - explain: NEXT always moves on;
 * - predict: the first PREDICT locks the prediction and reveals the trace; later PREDICTs are
 *   ignored (a learner cannot revise after seeing the answer); NEXT only once revealed;
 * - send / investigate / fix: NEXT only once a CHECK said the goal is met (it stays met).
 * GOTO may jump back anywhere, and forward only across steps that are done or explain steps —
 * so no sequence of events ever leaves the learner past an unmet goal or an uncommitted prediction.
 */
import { assign, setup } from 'xstate';
import type { Lesson, Prediction, Step } from '../types';

/** What gradePrediction (src/lessons/core) answers; the caller computes it, the machine stores it. */
export interface PredictionGrade {
  readonly verdict: boolean;
  readonly at: boolean | null;
  readonly reason: boolean | null;
  /** 0..1 */
  readonly score: number;
}

export interface LessonContext {
  readonly lessonId: string;
  readonly stepIndex: number;
  /** ids of the steps completed (explain: passed; predict: committed; goal steps: goal met), in completion order */
  readonly done: readonly string[];
  readonly predictions: Readonly<Record<string, Prediction>>;
  readonly grades: Readonly<Record<string, PredictionGrade>>;
  /** predict steps whose trace the learner may now see (committed) */
  readonly revealed: readonly string[];
  /** probes sent and commands run per step since the lesson began (the panel shows activity; hints may key on it) */
  readonly activity: Readonly<Record<string, number>>;
}

export type LessonEvent =
  | { readonly type: 'NEXT' }
  | { readonly type: 'BACK' }
  | { readonly type: 'GOTO'; readonly stepId: string }
  | { readonly type: 'PROBE_SENT' }
  | { readonly type: 'COMMAND_RAN' }
  | { readonly type: 'PREDICT'; readonly prediction: Prediction; readonly grade: PredictionGrade }
  | { readonly type: 'CHECK'; readonly met: boolean }
  | { readonly type: 'RESET' };

/** A step is gated when leaving it needs something from the learner (every kind but explain). */
export function isGated(step: Step): boolean {
  return step.kind !== 'explain';
}

export function initialLessonContext(lesson: Pick<Lesson, 'id'>): LessonContext {
  return { lessonId: lesson.id, stepIndex: 0, done: [], predictions: {}, grades: {}, revealed: [], activity: {} };
}

/** True when the step at `index` may be left forward: an explain step always, any other once done. */
export function canLeave(lesson: Pick<Lesson, 'steps'>, ctx: LessonContext, index: number): boolean {
  const step = lesson.steps[index];
  if (!step) return false;
  return !isGated(step) || ctx.done.includes(step.id);
}

/** True when every step before `target` may be left, so the learner may stand on `target`. */
export function canReach(lesson: Pick<Lesson, 'steps'>, ctx: LessonContext, target: number): boolean {
  if (target < 0 || target >= lesson.steps.length) return false;
  for (let i = 0; i < target; i++) if (!canLeave(lesson, ctx, i)) return false;
  return true;
}

function markDone(ctx: LessonContext, id: string): readonly string[] {
  return ctx.done.includes(id) ? ctx.done : [...ctx.done, id];
}

/**
 * The machine for one lesson. States: `active` (on a step) and `complete` (past the last step;
 * BACK returns to the last step, RESET starts over).
 */
export function lessonMachine(lesson: Lesson) {
  const current = (ctx: LessonContext): Step | undefined => lesson.steps[ctx.stepIndex];
  return setup({
    types: { context: {} as LessonContext, events: {} as LessonEvent },
    guards: {
      canAdvance: ({ context }) => context.stepIndex < lesson.steps.length - 1 && canLeave(lesson, context, context.stepIndex),
      canFinish: ({ context }) => context.stepIndex === lesson.steps.length - 1 && canLeave(lesson, context, context.stepIndex),
      canGoBack: ({ context }) => context.stepIndex > 0,
      canGoto: ({ context, event }) =>
        event.type === 'GOTO' &&
        canReach(
          lesson,
          context,
          lesson.steps.findIndex((s) => s.id === event.stepId),
        ),
      // a prediction counts once: the first commit on a predict step that has none yet
      canPredict: ({ context }) => {
        const step = current(context);
        return step?.kind === 'predict' && !(step.id in context.predictions);
      },
      isGoalStep: ({ context }) => {
        const step = current(context);
        return step !== undefined && step.kind !== 'explain' && step.kind !== 'predict';
      },
    },
    actions: {
      // passing an explain step counts it done, so progress lists it
      passCurrent: assign(({ context }) => {
        const step = current(context);
        return step && !isGated(step) ? { done: markDone(context, step.id) } : {};
      }),
      stepForward: assign(({ context }) => ({ stepIndex: context.stepIndex + 1 })),
      stepBack: assign(({ context }) => ({ stepIndex: context.stepIndex - 1 })),
      goto: assign(({ event }) => (event.type === 'GOTO' ? { stepIndex: lesson.steps.findIndex((s) => s.id === event.stepId) } : {})),
      commit: assign(({ context, event }) => {
        const step = current(context);
        if (event.type !== 'PREDICT' || !step) return {};
        return {
          predictions: { ...context.predictions, [step.id]: event.prediction },
          grades: { ...context.grades, [step.id]: event.grade },
          revealed: [...context.revealed, step.id],
          done: markDone(context, step.id),
        };
      }),
      // a met goal stays met: a later failing probe does not take the step back
      check: assign(({ context, event }) => {
        const step = current(context);
        return event.type === 'CHECK' && event.met && step ? { done: markDone(context, step.id) } : {};
      }),
      countActivity: assign(({ context }) => {
        const step = current(context);
        return step ? { activity: { ...context.activity, [step.id]: (context.activity[step.id] ?? 0) + 1 } } : {};
      }),
      reset: assign(() => initialLessonContext(lesson)),
    },
  }).createMachine({
    id: `lesson:${lesson.id}`,
    context: initialLessonContext(lesson),
    initial: 'active',
    on: { RESET: { target: '.active', actions: 'reset' } },
    states: {
      active: {
        on: {
          NEXT: [
            { guard: 'canAdvance', actions: ['passCurrent', 'stepForward'] },
            { guard: 'canFinish', target: 'complete', actions: 'passCurrent' },
          ],
          BACK: { guard: 'canGoBack', actions: 'stepBack' },
          GOTO: { guard: 'canGoto', actions: 'goto' },
          PREDICT: { guard: 'canPredict', actions: 'commit' },
          CHECK: { guard: 'isGoalStep', actions: 'check' },
          PROBE_SENT: { actions: 'countActivity' },
          COMMAND_RAN: { actions: 'countActivity' },
        },
      },
      complete: {
        on: {
          BACK: { target: 'active' },
          GOTO: { guard: 'canGoto', target: 'active', actions: 'goto' },
        },
      },
    },
  });
}

export type LessonMachine = ReturnType<typeof lessonMachine>;
