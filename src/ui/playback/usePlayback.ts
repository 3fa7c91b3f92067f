import { useEffect } from 'react';
import { useLabStore } from '../store/lab-store';

/** Milliseconds one hop takes on screen at `speed` (1× ≈ 0.9 s: long enough to read a note). */
export function hopDuration(speed: number): number {
  return 900 / speed;
}

/** Advances the cursor one hop at a time while `playing`; the store decides when to stop. */
export function usePlayback(): void {
  const playing = useLabStore((s) => s.playing);
  const cursor = useLabStore((s) => s.cursor);
  const speed = useLabStore((s) => s.speed);
  const playId = useLabStore((s) => s.playId);
  useEffect(() => {
    if (!playing) return;
    const t = setTimeout(() => useLabStore.getState().tick(), hopDuration(speed));
    return () => clearTimeout(t);
  }, [playing, cursor, speed, playId]);
}
