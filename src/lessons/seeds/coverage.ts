/**
 * Which content covers which seed section and seed question (issue 8: every concept, failure
 * case, troubleshooting step, command and study card of the seeds must be reachable in a lesson
 * step, a card or a question). Pure: the caller passes the content it has.
 */
import type { Card, Lesson, Question, SeedRef } from '../types';
import { SEED_QUESTIONS, SEED_SECTIONS, seedRefKey, type SeedQuestion } from './index';

export interface Content {
  readonly lessons?: readonly Lesson[];
  readonly cards?: readonly Card[];
  readonly questions?: readonly Question[];
}

export interface SectionCoverage {
  readonly ref: SeedRef;
  /** `lessonId/stepId` */
  readonly steps: readonly string[];
  readonly cards: readonly string[];
  readonly questions: readonly string[];
}

export interface QuestionCoverage {
  readonly question: SeedQuestion;
  readonly cards: readonly string[];
  readonly questions: readonly string[];
}

export function sectionCoverage(content: Content, sections: readonly SeedRef[] = SEED_SECTIONS): SectionCoverage[] {
  const by = new Map<string, { steps: string[]; cards: string[]; questions: string[] }>();
  for (const ref of sections) by.set(seedRefKey(ref), { steps: [], cards: [], questions: [] });
  const add = (refs: readonly SeedRef[] | undefined, kind: 'steps' | 'cards' | 'questions', id: string) => {
    for (const r of refs ?? []) {
      const row = by.get(seedRefKey(r));
      if (row && !row[kind].includes(id)) row[kind].push(id);
    }
  };
  for (const l of content.lessons ?? []) for (const s of l.steps) add(s.seeds, 'steps', `${l.id}/${s.id}`);
  for (const c of content.cards ?? []) add(c.seeds, 'cards', c.id);
  for (const q of content.questions ?? []) add(q.seeds, 'questions', q.id);
  return sections.map((ref) => ({ ref, ...by.get(seedRefKey(ref))! }));
}

export function questionCoverage(content: Content): QuestionCoverage[] {
  return SEED_QUESTIONS.map((question) => ({
    question,
    cards: (content.cards ?? []).filter((c) => c.seedQuestion === question.id).map((c) => c.id),
    questions: (content.questions ?? []).filter((q) => q.seedQuestion === question.id).map((q) => q.id),
  }));
}

export const isCovered = (row: SectionCoverage): boolean => row.steps.length + row.cards.length + row.questions.length > 0;

/** Seed references in content that name no listed section (a typo, or a heading not in SEED_SECTIONS). */
export function unknownSeedRefs(content: Content): string[] {
  const known = new Set(SEED_SECTIONS.map(seedRefKey));
  const out: string[] = [];
  const check = (refs: readonly SeedRef[] | undefined, where: string) => {
    for (const r of refs ?? []) if (!known.has(seedRefKey(r))) out.push(`${where}: ${seedRefKey(r)}`);
  };
  for (const l of content.lessons ?? []) for (const s of l.steps) check(s.seeds, `lesson ${l.id}/${s.id}`);
  for (const c of content.cards ?? []) check(c.seeds, `card ${c.id}`);
  for (const q of content.questions ?? []) check(q.seeds, `question ${q.id}`);
  return out;
}
