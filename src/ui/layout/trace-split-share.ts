/**
 * The trace column's split between the hop list and the hop inspector (TraceSplit.tsx), as the
 * learner left it: read by the split itself and by the first-load picture (prerender/show.ts),
 * which puts the splitter where the live page will, so nothing moves when the picture leaves.
 */
export const SPLIT_KEY = 'podpath.traceSplit';
export const SPLIT_MIN = 15;
export const SPLIT_MAX = 85;
/** the hop list's share of the column at first: at 1280×800 eight hops and more above the inspector */
export const SPLIT_DEFAULT = 70;

export const clampShare = (v: number) => Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, Math.round(v)));

/** The remembered share, or the default (nothing stored, storage blocked, a value that is not a number). */
export function savedShare(): number {
  try {
    const v = Number(localStorage.getItem(SPLIT_KEY));
    return Number.isFinite(v) && v > 0 ? clampShare(v) : SPLIT_DEFAULT;
  } catch {
    return SPLIT_DEFAULT;
  }
}

/** The split's grid rows: the list, the handle, the inspector. */
export const splitRows = (share: number) => `minmax(0, ${share}fr) auto minmax(0, ${100 - share}fr)`;
