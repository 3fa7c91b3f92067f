/**
 * Which questions a quiz draws from: by exam (CKA/CKS, types.ts DOMAINS), domain and topic.
 * Pure; the page picks its shuffle seed from the clock.
 */
import { DOMAINS, type DomainId, type Question, type TopicId } from '../../../lessons/types';
import { seededRandom } from '../../../lessons/quiz/session';

export type ExamFilter = 'all' | 'CKA' | 'CKS';

export interface QuizFilter {
  readonly exam: ExamFilter;
  readonly domain: DomainId | 'all';
  readonly topic: TopicId | 'all';
}

export function matches(q: Question, f: QuizFilter): boolean {
  return (f.exam === 'all' || DOMAINS[q.domain].exam === f.exam) && (f.domain === 'all' || q.domain === f.domain) && (f.topic === 'all' || q.topic === f.topic);
}

/** The domains an exam filter offers. */
export function domainsOf(exam: ExamFilter): DomainId[] {
  return (Object.keys(DOMAINS) as DomainId[]).filter((d) => exam === 'all' || DOMAINS[d].exam === exam);
}

/** `count` matching questions in a seeded random order (Fisher–Yates). */
export function drawQuestions(bank: readonly Question[], f: QuizFilter, count: number, seed: number): Question[] {
  const pool = bank.filter((q) => matches(q, f));
  const next = seededRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, Math.max(0, count));
}
