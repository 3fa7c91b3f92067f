import { describe, expect, it } from 'vitest';
import { SIMPLIFICATIONS } from './simplifications';
import { SIMPLIFICATION_TEXTS } from './simplification-texts';

describe('simplifications', () => {
  it('every entry has its explanation and source, and every explanation an entry', () => {
    expect(Object.keys(SIMPLIFICATION_TEXTS).sort()).toEqual(SIMPLIFICATIONS.map((s) => s.id).sort());
    for (const t of Object.values(SIMPLIFICATION_TEXTS)) {
      expect(t.text.length).toBeGreaterThan(40);
      expect(t.source).toMatch(/src\/|docs\//);
    }
  });
});
