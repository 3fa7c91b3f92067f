import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Question } from '../../../lessons/types';
import { domainsOf, drawQuestions, matches } from './filter';

const q = (id: string, domain: Question['domain'], topic: Question['topic']): Question => ({
  kind: 'choice',
  id,
  domain,
  topic,
  prompt: id,
  explanation: '',
  link: { kind: 'scenario', scenario: 'flannel-vxlan' },
  choices: ['a', 'b'],
  answer: 0,
});

const bank = [q('a', 'cka-networking', 'mtu'), q('b', 'cks-microservices', 'policy'), q('c', 'cka-troubleshooting', 'dns'), q('d', 'cka-networking', 'dns')];

describe('quiz filters', () => {
  it('filter by exam, domain and topic', () => {
    expect(bank.filter((x) => matches(x, { exam: 'CKA', domain: 'all', topic: 'all' })).map((x) => x.id)).toEqual(['a', 'c', 'd']);
    expect(bank.filter((x) => matches(x, { exam: 'all', domain: 'cka-networking', topic: 'dns' })).map((x) => x.id)).toEqual(['d']);
    expect(domainsOf('CKS').every((d) => d.startsWith('cks-'))).toBe(true);
  });
  it('a draw is reproducible from its seed, matches the filter and never repeats a question', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 6 }), (seed, count) => {
        const f = { exam: 'CKA', domain: 'all', topic: 'all' } as const;
        const a = drawQuestions(bank, f, count, seed);
        expect(a).toEqual(drawQuestions(bank, f, count, seed));
        expect(a.length).toBe(Math.min(count, 3));
        expect(new Set(a.map((x) => x.id)).size).toBe(a.length);
        expect(a.every((x) => matches(x, f))).toBe(true);
      }),
    );
  });
});
