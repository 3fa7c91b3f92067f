import { useEffect } from 'react';
import { useLabStore } from '../store/lab-store';

/** Milliseconds one hop takes on screen at `speed` (1× ≈ 0.9 s: long enough to read a note). */
export function hopDuration(speed: number): number {
  return 900 / speed;
}

/**
 * A lookup's DNS queries are short traces of their own, often several for one name (the
 * search list): they play at 2.5× the pace of the connection, so the packet the learner
 * asked for is reached without waiting through every NXDOMAIN.
 */
export const QUERY_PACE = 0.4;

export function hopDurationAt(speed: number, inQuery: boolean): number {
  return hopDuration(speed) * (inQuery ? QUERY_PACE : 1);
}

/** Advances the cursor one hop at a time while `playing`; the store decides when to stop. */
export function usePlayback(): void {
  const playing = useLabStore((s) => s.playing);
  const cursor = useLabStore((s) => s.cursor);
  const speed = useLabStore((s) => s.speed);
  const playId = useLabStore((s) => s.playId);
  const inQuery = useLabStore((s) => s.playback?.parts[s.playback.partOf[s.cursor] ?? -1]?.kind === 'query');
  useEffect(() => {
    if (!playing) return;
    const t = setTimeout(() => useLabStore.getState().tick(), hopDurationAt(speed, inQuery));
    return () => clearTimeout(t);
  }, [playing, cursor, speed, playId, inQuery]);
}
