import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import type { Lesson, Step } from '../types';
import { canLeave, lessonMachine, type LessonEvent, type PredictionGrade } from './lesson-machine';

const probe = { from: 'client', to: 'web-1', protocol: 'icmp' } as const;
const goal = { kind: 'sent', probe: { to: 'web-1' }, text: 'send a ping' } as const;
const steps: Step[] = [
  { id: 'intro', kind: 'explain', title: 'Intro', body: 'x' },
  { id: 'guess', kind: 'predict', title: 'Guess', body: 'x', probe, atChoices: ['a'], reasonChoices: ['DELIVERED'], solution: [] },
  { id: 'ping', kind: 'send', title: 'Ping', body: 'x', goal, solution: [] },
  { id: 'more', kind: 'explain', title: 'More', body: 'x' },
  { id: 'repair', kind: 'fix', title: 'Fix', body: 'x', faults: [], goal, solution: [] },
];
const lesson: Lesson = {
  id: 'demo',
  title: 'Demo',
  summary: 's',
  topic: 'model',
  domains: ['cka-networking'],
  minutes: 1,
  scenario: { sample: 'flannel-vxlan' },
  steps,
};
const machine = lessonMachine(lesson);
const grade: PredictionGrade = { verdict: true, at: null, reason: null, score: 1 };

function run(events: readonly LessonEvent[]) {
  let [snap] = initialTransition(machine);
  for (const e of events) [snap] = transition(machine, snap, e);
  return snap;
}

describe('lessonMachine', () => {
  it('starts on the first step with nothing done', () => {
    const s = run([]);
    expect(s.value).toBe('active');
    expect(s.context).toMatchObject({ lessonId: 'demo', stepIndex: 0, done: [], revealed: [] });
  });

  it('explain steps advance freely and count as done', () => {
    const s = run([{ type: 'NEXT' }]);
    expect(s.context.stepIndex).toBe(1);
    expect(s.context.done).toEqual(['intro']);
  });

  it('a predict step holds until committed, then reveals, and the first prediction is locked', () => {
    const first = { verdict: 'delivered' } as const;
    let s = run([{ type: 'NEXT' }, { type: 'NEXT' }]);
    expect(s.context.stepIndex).toBe(1);
    expect(s.context.revealed).toEqual([]);
    s = run([
      { type: 'NEXT' },
      { type: 'PREDICT', prediction: first, grade },
      { type: 'PREDICT', prediction: { verdict: 'dropped' }, grade: { ...grade, score: 0 } },
    ]);
    expect(s.context.predictions.guess).toEqual(first);
    expect(s.context.grades.guess?.score).toBe(1);
    expect(s.context.revealed).toEqual(['guess']);
    expect(transition(machine, s, { type: 'NEXT' })[0].context.stepIndex).toBe(2);
  });

  it('a goal step advances only after CHECK {met: true}, and stays met', () => {
    const start: LessonEvent[] = [{ type: 'NEXT' }, { type: 'PREDICT', prediction: { verdict: 'delivered' }, grade }, { type: 'NEXT' }];
    expect(run([...start, { type: 'CHECK', met: false }, { type: 'NEXT' }]).context.stepIndex).toBe(2);
    const s = run([...start, { type: 'PROBE_SENT' }, { type: 'CHECK', met: true }, { type: 'CHECK', met: false }, { type: 'NEXT' }]);
    expect(s.context.stepIndex).toBe(3);
    expect(s.context.done).toContain('ping');
    expect(s.context.activity.ping).toBe(1);
  });

  it('PREDICT outside a predict step and CHECK outside a goal step change nothing', () => {
    const s = run([
      { type: 'PREDICT', prediction: { verdict: 'dropped' }, grade },
      { type: 'CHECK', met: true },
    ]);
    expect(s.context.predictions).toEqual({});
    expect(s.context.done).toEqual([]);
  });

  it('GOTO jumps back anywhere but not past an unmet step; BACK steps back', () => {
    let s = run([{ type: 'NEXT' }, { type: 'GOTO', stepId: 'repair' }]);
    expect(s.context.stepIndex).toBe(1);
    s = run([{ type: 'NEXT' }, { type: 'GOTO', stepId: 'intro' }]);
    expect(s.context.stepIndex).toBe(0);
    s = run([{ type: 'NEXT' }, { type: 'BACK' }, { type: 'BACK' }]);
    expect(s.context.stepIndex).toBe(0);
    expect(run([{ type: 'GOTO', stepId: 'nope' }]).context.stepIndex).toBe(0);
  });

  it('reaches complete after the last step, BACK returns, RESET starts over', () => {
    const all: LessonEvent[] = [
      { type: 'NEXT' },
      { type: 'PREDICT', prediction: { verdict: 'delivered' }, grade },
      { type: 'NEXT' },
      { type: 'CHECK', met: true },
      { type: 'NEXT' },
      { type: 'NEXT' },
      { type: 'CHECK', met: true },
      { type: 'NEXT' },
    ];
    const s = run(all);
    expect(s.value).toBe('complete');
    expect(s.context.done).toEqual(['intro', 'guess', 'ping', 'more', 'repair']);
    expect(transition(machine, s, { type: 'BACK' })[0].value).toBe('active');
    const back = transition(machine, s, { type: 'GOTO', stepId: 'ping' })[0];
    expect(back.value).toBe('active');
    expect(back.context.stepIndex).toBe(2);
    const r = transition(machine, s, { type: 'RESET' })[0];
    expect(r.value).toBe('active');
    expect(r.context).toMatchObject({ stepIndex: 0, done: [], predictions: {} });
  });

  // invariant: whatever the learner does, every step before the current one may be left —
  // the machine never stands past an unmet goal or an uncommitted prediction
  it('random event sequences never move past a gated step that is not done', () => {
    const event: fc.Arbitrary<LessonEvent> = fc.oneof(
      fc.constant({ type: 'NEXT' } as const),
      fc.constant({ type: 'BACK' } as const),
      fc.constant({ type: 'PROBE_SENT' } as const),
      fc.constant({ type: 'COMMAND_RAN' } as const),
      fc.constant({ type: 'RESET' } as const),
      fc.boolean().map((met) => ({ type: 'CHECK', met }) as const),
      fc.constantFrom(...steps.map((s) => s.id), 'nope').map((stepId) => ({ type: 'GOTO', stepId }) as const),
      fc.constantFrom('delivered', 'dropped', 'rejected').map((verdict) => ({ type: 'PREDICT', prediction: { verdict }, grade }) as const),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let [snap] = initialTransition(machine);
        for (const e of events) {
          [snap] = transition(machine, snap, e);
          const upto = snap.value === 'complete' ? steps.length : snap.context.stepIndex;
          for (let i = 0; i < upto; i++) if (!canLeave(lesson, snap.context, i)) return false;
          // a revealed step is exactly a committed one
          if (snap.context.revealed.some((id) => !(id in snap.context.predictions))) return false;
        }
        return true;
      }),
    );
  });
});
