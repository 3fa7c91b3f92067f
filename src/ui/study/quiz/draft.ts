/**
 * What the learner has entered for a question so far, per kind, before it is graded, and how
 * it reads back as text (QuizAnswer.given in the progress store).
 */
import type { Verdict } from '../../../engine';
import type { Question } from '../../../lessons/types';
import { netnsLabel, reasonLabel } from './labels';

export type Draft =
  | { readonly kind: 'choice'; readonly choice?: number }
  | { readonly kind: 'predict'; readonly verdict?: Verdict; readonly at?: string; readonly reason?: string }
  /** a pick among the choices, or a typed line (typing clears the pick and back) */
  | { readonly kind: 'command'; readonly pick?: number; readonly typed: string }
  /** one command per line, run in order at the question's `where` */
  | { readonly kind: 'fix'; readonly lines: string };

export function emptyDraft(q: Question): Draft {
  switch (q.kind) {
    case 'choice':
      return { kind: 'choice' };
    case 'predict':
      return { kind: 'predict' };
    case 'command':
      return { kind: 'command', typed: '' };
    case 'fix':
      return { kind: 'fix', lines: '' };
  }
}

/** The command line a command draft stands for ('' when none). */
export function commandLine(q: Question, d: Draft): string {
  if (q.kind !== 'command' || d.kind !== 'command') return '';
  return d.pick !== undefined ? (q.choices[d.pick] ?? '') : d.typed.trim();
}

/** The fix draft's command lines, blank lines and `#` comments dropped. */
export function fixLines(d: Draft): string[] {
  if (d.kind !== 'fix') return [];
  return d.lines
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Whether the learner has given something that can be graded. */
export function isAnswered(q: Question, d: Draft): boolean {
  switch (d.kind) {
    case 'choice':
      return d.choice !== undefined;
    case 'predict':
      return d.verdict !== undefined && (d.verdict === 'delivered' || (d.at !== undefined && d.reason !== undefined));
    case 'command':
      return commandLine(q, d) !== '';
    case 'fix':
      return fixLines(d).length > 0;
  }
}

/** The answer as text, for the attempt record and the review. */
export function givenText(q: Question, d: Draft): string {
  switch (d.kind) {
    case 'choice':
      return q.kind === 'choice' && d.choice !== undefined ? (q.choices[d.choice] ?? '') : '';
    case 'predict':
      if (!d.verdict) return '';
      return d.verdict === 'delivered' ? 'delivered' : `${d.verdict} at ${d.at ? netnsLabel(d.at) : '?'}: ${d.reason ? reasonLabel(d.reason) : '?'}`;
    case 'command':
      return commandLine(q, d);
    case 'fix':
      return fixLines(d).join('\n');
  }
}
