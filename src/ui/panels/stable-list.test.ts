import { describe, expect, it } from 'vitest';
import { stableList } from './stable-list';

describe('stableList', () => {
  const stable = () => stableList<{ v: string; l: string }>((x) => `${x.v}\u0001${x.l}`);

  it('hands back the first array while the content stays the same', () => {
    const s = stable();
    const a = [{ v: 'web-1', l: 'web-1 (10.244.1.2, node1)' }];
    const b = [{ v: 'web-1', l: 'web-1 (10.244.1.2, node1)' }];
    expect(s(a)).toBe(a);
    expect(s(b)).toBe(a);
  });

  it('takes the new array when an item, its label or the order changed', () => {
    const s = stable();
    const a = [
      { v: 'a', l: 'A' },
      { v: 'b', l: 'B' },
    ];
    expect(s(a)).toBe(a);
    const relabelled = [
      { v: 'a', l: 'A' },
      { v: 'b', l: 'B on node2' },
    ];
    expect(s(relabelled)).toBe(relabelled);
    const reordered = [relabelled[1], relabelled[0]];
    expect(s(reordered)).toBe(reordered);
    const shorter = [relabelled[1]];
    expect(s(shorter)).toBe(shorter);
  });

  it('does not confuse a split of the same characters', () => {
    const s = stableList<string>((x) => x);
    const a = ['ab', 'c'];
    const b = ['a', 'bc'];
    expect(s(a)).toBe(a);
    expect(s(b)).toBe(b);
  });
});
