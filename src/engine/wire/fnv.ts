/** 32-bit FNV-1a of a string: the lab's stable hash for deterministic picks and names (no global randomness). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
