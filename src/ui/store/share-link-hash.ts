/**
 * Whether a location hash carries a share link at all: the only part of share links the first
 * load holds (cheap, no decoding). Encoding and decoding (share-link.ts) load after the first
 * paint, with the first hash write or a link to read (the first-load budget, ARCHITECTURE.md).
 */

/** the v1 key, `#scenario=…` */
export const HASH_KEY = 'scenario';

export function hasShareLink(hash: string): boolean {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  return p.get(HASH_KEY) !== null || p.get('v') !== null;
}
