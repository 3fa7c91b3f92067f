/**
 * Predict first: how much of the trace on screen a learner may see yet. By default the verdict
 * waits until playback reaches the deciding hop — the last hop played, where the packet was
 * delivered, dropped or answered — and the hops ahead of the cursor stay hidden, so a learner can
 * say what will happen before the lab does. `verdictAtOnce` shows everything at once. Compare and
 * the flow log always show outcomes (they are summaries, not a playback).
 */
import type { LabState } from '../store/lab-state';

type RevealState = Pick<LabState, 'verdictAtOnce' | 'playback' | 'cursor'> & Partial<Pick<LabState, 'verdictRevealed'>>;

/** The hop index that decides the verdict: the last one played (-1 when nothing left the sender). */
export function decidingHop(s: Pick<LabState, 'playback'>): number {
  return (s.playback?.hops.length ?? 0) - 1;
}

/** Whether the verdict may be shown now. */
export function verdictShown(s: RevealState): boolean {
  // "Show verdict now" holds for the playback it was asked on only (a new probe hides its verdict again)
  return s.verdictAtOnce || !s.playback || s.verdictRevealed === s.playback || s.cursor >= decidingHop(s);
}

/** How many of the playback's hops may be listed and drawn now (all of them once the verdict is shown). */
export function hopsShown(s: RevealState): number {
  const all = s.playback?.hops.length ?? 0;
  return verdictShown(s) ? all : Math.min(all, s.cursor + 1);
}

/** localStorage key of the learner's choice (the lab page reads it once at start). */
export const VERDICT_AT_ONCE_KEY = 'podpath.verdictAtOnce';
