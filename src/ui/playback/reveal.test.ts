import { describe, expect, it } from 'vitest';
import type { Hop } from '../../engine';
import type { Playback } from './flatten';
import { decidingHop, hopsShown, verdictShown } from './reveal';

const playback = (n: number): Playback => ({ hops: Array.from({ length: n }, (_, i) => ({ seq: i }) as unknown as Hop), parts: [], partOf: [] });

describe('predict first', () => {
  it('hides the verdict and the hops ahead until the deciding hop', () => {
    const p = playback(5);
    expect(decidingHop({ playback: p })).toBe(4);
    expect(verdictShown({ verdictAtOnce: false, playback: p, cursor: 0 })).toBe(false);
    expect(hopsShown({ verdictAtOnce: false, playback: p, cursor: 1 })).toBe(2);
    expect(verdictShown({ verdictAtOnce: false, playback: p, cursor: 4 })).toBe(true);
    expect(hopsShown({ verdictAtOnce: false, playback: p, cursor: 4 })).toBe(5);
  });
  it('shows everything at once when asked, and when nothing left the sender', () => {
    expect(hopsShown({ verdictAtOnce: true, playback: playback(5), cursor: 0 })).toBe(5);
    expect(verdictShown({ verdictAtOnce: false, playback: playback(0), cursor: 0 })).toBe(true);
    expect(verdictShown({ verdictAtOnce: false, playback: null, cursor: 0 })).toBe(true);
  });
  it('"Show verdict now" reveals the playback it was asked on, not the next one', () => {
    const p = playback(5);
    expect(verdictShown({ verdictAtOnce: false, playback: p, cursor: 0, verdictRevealed: p })).toBe(true);
    expect(hopsShown({ verdictAtOnce: false, playback: p, cursor: 0, verdictRevealed: p })).toBe(5);
    expect(verdictShown({ verdictAtOnce: false, playback: playback(5), cursor: 0, verdictRevealed: p })).toBe(false);
  });
});
