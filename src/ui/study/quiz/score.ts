/** A finished quiz as the progress store keeps it (QuizAttempt): every answer and the score per domain. */
import { DOMAINS, type DomainId, type Question } from '../../../lessons/types';
import type { QuizAttempt } from '../../../lessons/progress/types';

export interface Answered {
  readonly question: Question;
  readonly correct: boolean;
  readonly given: string;
}

export function byDomain(answers: readonly Answered[]): QuizAttempt['byDomain'] {
  const out: Partial<Record<DomainId, { correct: number; total: number }>> = {};
  for (const a of answers) {
    const d = (out[a.question.domain] ??= { correct: 0, total: 0 });
    d.total++;
    if (a.correct) d.correct++;
  }
  return out;
}

export function attemptOf(mode: QuizAttempt['mode'], answers: readonly Answered[], atIso: string): QuizAttempt {
  return {
    at: atIso,
    mode,
    answers: answers.map((a) => ({ questionId: a.question.id, correct: a.correct, given: a.given })),
    byDomain: byDomain(answers),
  };
}

/** The domains in curriculum order (types.ts DOMAINS), those with answers only. */
export function domainRows(score: QuizAttempt['byDomain']): { domain: DomainId; correct: number; total: number }[] {
  return (Object.keys(DOMAINS) as DomainId[]).flatMap((d) => {
    const s = score[d];
    return s ? [{ domain: d, correct: s.correct, total: s.total }] : [];
  });
}
