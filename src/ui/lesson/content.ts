/**
 * The lessons and the samples their scenarios name. LESSONS (src/lessons/lessons, helper
 * "lessons") is read through an eager import.meta.glob so this chunk builds while that module
 * does not exist yet: the list is then empty and the pages say so.
 */
import type { Scenario } from '../../engine';
import type { Lesson, Step } from '../../lessons/types';
import samples from '../store/samples.json';

type LessonsModule = { LESSONS?: readonly Lesson[] };

const found = import.meta.glob<LessonsModule>('../../lessons/lessons/index.ts', { eager: true });

export const LESSONS: readonly Lesson[] = Object.values(found)[0]?.LESSONS ?? [];

/** the bundled samples (the same module the lab loads: no second copy, no YAML parser) */
export const SAMPLES = samples as unknown as Readonly<Record<string, Scenario>>;

export function findLesson(id: string, lessons: readonly Lesson[] = LESSONS): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}

export function stepIndex(lesson: Lesson, stepId: string): number {
  return lesson.steps.findIndex((s) => s.id === stepId);
}

export const KIND_LABEL: Record<Step['kind'], string> = {
  explain: 'Read',
  send: 'Send',
  predict: 'Predict',
  investigate: 'Investigate',
  fix: 'Fix',
};
