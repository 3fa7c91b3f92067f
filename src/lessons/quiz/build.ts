/**
 * Small builders for the question bank: they keep each question one readable literal and fill in
 * the `kind` and the lab link's shape. Content only; grading is grade.ts.
 */
import type { FaultSpec, ProbeSpec } from '../../engine';
import type { LabLink, Question } from '../types';

type Of<K extends Question['kind']> = Extract<Question, { kind: K }>;

export const choice = (q: Omit<Of<'choice'>, 'kind'>): Of<'choice'> => ({ kind: 'choice', ...q });
export const predict = (q: Omit<Of<'predict'>, 'kind'>): Of<'predict'> => ({ kind: 'predict', ...q });
export const command = (q: Omit<Of<'command'>, 'kind'>): Of<'command'> => ({ kind: 'command', ...q });
export const fix = (q: Omit<Of<'fix'>, 'kind'>): Of<'fix'> => ({ kind: 'fix', ...q });

/** A link to a sample scenario (public/scenarios/<name>.yaml), optionally broken by faults and with a probe to send on opening. */
export function lab(scenario: string, probe?: ProbeSpec, faults?: readonly FaultSpec[]): LabLink {
  return { kind: 'scenario', scenario, ...(faults?.length ? { faults } : {}), ...(probe ? { probe } : {}) };
}

export const sample = (name: string) => ({ sample: name }) as const;

/** Probe shorthands (SCENARIOS.md probe fields). */
export const icmp = (from: string, to: string, size?: number, df?: boolean): ProbeSpec => ({
  from,
  to,
  protocol: 'icmp',
  ...(size !== undefined ? { size } : {}),
  ...(df !== undefined ? { df } : {}),
});
export const tcp = (from: string, to: string, size?: number): ProbeSpec => ({ from, to, protocol: 'tcp', ...(size !== undefined ? { size } : {}) });
export const http = (from: string, to: string): ProbeSpec => ({ from, to, protocol: 'http' });
export const dns = (from: string, to: string): ProbeSpec => ({ from, to, protocol: 'dns' });

/** netns ids (model/ids.ts): a pod's is `pod:<ns>/<name>`, a node's root namespace its name. */
export const pod = (name: string, ns = 'default') => `pod:${ns}/${name}`;

/**
 * Authors put the right answer wherever it reads best (mostly second); the bank rotates each
 * choice list (cyclically, so the order stays readable) to put the answer at an index drawn from
 * a hash of the question id — stable across builds, and positions give nothing away.
 */
export function spreadAnswer(q: Question): Question {
  if (q.kind !== 'choice') return q;
  const n = q.choices.length;
  let h = 0x811c9dc5;
  for (let i = 0; i < q.id.length; i++) h = Math.imul(h ^ q.id.charCodeAt(i), 0x01000193) >>> 0;
  const target = h % n;
  const k = (q.answer - target + n) % n;
  return { ...q, choices: [...q.choices.slice(k), ...q.choices.slice(0, k)], answer: target };
}
