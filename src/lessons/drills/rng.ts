/**
 * The drill's dice: mulberry32, a 32-bit generator small enough to read (Tommy Ettinger's
 * public-domain mulberry32, as quoted in bryc/code "PRNGs"). The same seed draws the same
 * numbers on every machine, so `/drills/<seed>` is the same incident everywhere — the study
 * code may not use Math.random or the clock (learn-shared.md).
 */
export type Rng = () => number;

/** murmur3's fmix32: neighbouring seeds (1, 2, 3…) start far apart, not on correlated first draws. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function mulberry32(seed: number): Rng {
  let a = mix(seed >>> 0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An index in [0, n). */
export function pick(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}

/** A Fisher–Yates shuffle of a copy (the order faults are tried in). */
export function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
