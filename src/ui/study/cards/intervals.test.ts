import { describe, expect, it } from 'vitest';
import { intervalText, intervalWords } from './intervals';

const M = 60_000;
const D = 24 * 60 * M;

describe('intervalText', () => {
  it('prints the short forms on the answer buttons', () => {
    expect(intervalText(0, 30_000)).toBe('<1m');
    expect(intervalText(0, 10 * M)).toBe('10m');
    expect(intervalText(0, 3 * 60 * M)).toBe('3h');
    expect(intervalText(0, 4 * D)).toBe('4d');
    expect(intervalText(0, 60 * D)).toBe('2mo');
    expect(intervalText(0, 45 * D)).toBe('1.5mo');
    expect(intervalText(0, 548 * D)).toBe('1.5y');
  });
  it('never goes negative (a card already due)', () => {
    expect(intervalText(10 * M, 0)).toBe('<1m');
  });
  it('spells the interval out for screen readers', () => {
    expect(intervalWords(0, 10 * M)).toBe('10 minutes');
    expect(intervalWords(0, D)).toBe('1 day');
    expect(intervalWords(0, 1000)).toBe('under a minute');
  });
});
