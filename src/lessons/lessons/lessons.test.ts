import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { loadSamplesForTests } from '../core/samples-node';
import { scenarioOfSource } from '../core';
import { canLeave, lessonMachine, type LessonEvent } from '../machine';
import { SEED_SECTIONS, seedRefKey } from '../seeds';
import { DOMAINS, TOPICS, type Lesson } from '../types';
import { LESSONS } from './index';
import { walkLesson, type StepRun as WalkedStep } from '../core';

const samples = loadSamplesForTests();
const walks = new Map(LESSONS.map((l) => [l.id, walkLesson(l, samples)]));

function describeStep(w: WalkedStep): string {
  const last = w.world.commands.filter((c) => c.exitCode !== 0).map((c) => `$ ${c.where}: ${c.line} → exit ${c.exitCode}: ${c.output.slice(0, 200)}`);
  const probes = w.world.probes.map((p) => `${p.probe.from} → ${p.probe.to} (${p.probe.protocol}): ${p.trace.verdict} ${p.trace.reason}`);
  return [`step ${w.step.id}`, ...(w.goal?.parts ?? []).map((p) => `${p.met ? '✓' : '✗'} ${p.text}`), ...probes, ...last].join('\n  ');
}

describe('the lesson set', () => {
  it('has at least 12 lessons with unique ids, each in a known topic and domains', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(12);
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of LESSONS) {
      expect(Object.keys(TOPICS)).toContain(l.topic);
      for (const d of l.domains) expect(Object.keys(DOMAINS)).toContain(d);
    }
  });

  it('covers the topics issue 8 lists', () => {
    const topics = new Set(LESSONS.map((l) => l.topic));
    for (const t of [
      'model',
      'same-node',
      'cross-node',
      'mtu',
      'services',
      'dns',
      'policy',
      'ipam',
      'egress',
      'hostnetwork',
      'bgp',
      'troubleshooting',
    ] as const)
      expect(topics, t).toContain(t);
  });

  it('uses every step kind: each lesson has a non-explain step, most a predict, at least 4 a fix', () => {
    const kinds = new Set(LESSONS.flatMap((l) => l.steps.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual(['explain', 'fix', 'investigate', 'predict', 'send']);
    for (const l of LESSONS)
      expect(
        l.steps.some((s) => s.kind !== 'explain'),
        l.id,
      ).toBe(true);
    expect(LESSONS.filter((l) => l.steps.some((s) => s.kind === 'predict')).length).toBeGreaterThan(LESSONS.length / 2);
    expect(LESSONS.filter((l) => l.steps.some((s) => s.kind === 'fix')).length).toBeGreaterThanOrEqual(4);
  });

  it('tags steps only with listed seed sections', () => {
    const listed = new Set(SEED_SECTIONS.map(seedRefKey));
    for (const l of LESSONS)
      for (const s of l.steps) for (const ref of s.seeds ?? []) expect(listed.has(seedRefKey(ref)), `${l.id}/${s.id}: ${seedRefKey(ref)}`).toBe(true);
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson: Lesson) => {
  it('has unique step ids and valid scenarios', () => {
    const ids = lesson.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const src of [lesson.scenario, ...lesson.steps.flatMap((s) => (s.scenario ? [s.scenario] : []))]) {
      const r = scenarioOfSource(src, samples);
      expect(r.ok ? '' : r.error).toBe('');
    }
  });

  it('its shipped solution meets every goal on the engine', () => {
    const walk = walks.get(lesson.id)!;
    expect(walk.error ?? '').toBe('');
    expect(walk.steps.length).toBe(lesson.steps.length);
    for (const w of walk.steps) {
      expect(w.error ?? '', w.step.id).toBe('');
      if (w.goal) expect(w.goal.met, describeStep(w)).toBe(true);
    }
  });

  it('its fix steps start broken: the goal is not met before the repair', () => {
    for (const w of walks.get(lesson.id)!.steps) if (w.step.kind === 'fix') expect(w.goalAtStart?.met, `${w.step.id} is met before any repair`).toBe(false);
  });

  it('every prediction of its solution scores 1, and the key is among the offered choices', () => {
    const walk = walks.get(lesson.id)!;
    for (const w of walk.steps) {
      if (w.step.kind !== 'predict') continue;
      const key = w.key!;
      const detail = `${w.step.id}: key ${key.verdict} at ${key.at} (${key.reason})`;
      expect(w.grade?.score, detail).toBe(1);
      if (key.verdict !== 'delivered') {
        expect(w.step.atChoices, detail).toContain(key.at);
        expect(w.step.reasonChoices, detail).toContain(key.reason);
      }
      expect(new Set(w.step.atChoices).size, `${w.step.id}: duplicate at choices`).toBe(w.step.atChoices.length);
    }
  });

  it('a machine driven by the solution reaches the end', () => {
    const machine = lessonMachine(lesson);
    const walk = walks.get(lesson.id)!;
    let [snap] = initialTransition(machine);
    for (const w of walk.steps) {
      expect(snap.context.stepIndex, w.step.id).toBe(lesson.steps.indexOf(w.step));
      for (let i = 0; i < w.world.probes.length; i++) [snap] = transition(machine, snap, { type: 'PROBE_SENT' });
      for (let i = 0; i < w.world.commands.length; i++) [snap] = transition(machine, snap, { type: 'COMMAND_RAN' });
      if (w.step.kind === 'predict') {
        const given = w.step.solution.find((a) => a.do === 'predict');
        if (given?.do === 'predict' && w.grade) [snap] = transition(machine, snap, { type: 'PREDICT', prediction: given.prediction, grade: w.grade });
      } else if (w.goal) [snap] = transition(machine, snap, { type: 'CHECK', met: w.goal.met });
      [snap] = transition(machine, snap, { type: 'NEXT' });
    }
    expect(snap.value).toBe('complete');
    expect(snap.context.done).toEqual(lesson.steps.map((s) => s.id));
  });

  // whatever a learner does, the machine never stands past a goal step that is not met
  it('random learner events never move past an unmet goal step', () => {
    const machine = lessonMachine(lesson);
    const ids = lesson.steps.map((s) => s.id);
    const event: fc.Arbitrary<LessonEvent> = fc.oneof(
      fc.constant({ type: 'NEXT' } as const),
      fc.constant({ type: 'BACK' } as const),
      fc.constant({ type: 'PROBE_SENT' } as const),
      fc.boolean().map((met) => ({ type: 'CHECK', met }) as const),
      fc.constantFrom(...ids).map((stepId) => ({ type: 'GOTO', stepId }) as const),
      fc.constant({ type: 'PREDICT', prediction: { verdict: 'dropped' }, grade: { verdict: false, at: false, reason: false, score: 0 } } as const),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let [snap] = initialTransition(machine);
        for (const e of events) {
          [snap] = transition(machine, snap, e);
          const upto = snap.value === 'complete' ? lesson.steps.length : snap.context.stepIndex;
          for (let i = 0; i < upto; i++) if (!canLeave(lesson, snap.context, i)) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});
