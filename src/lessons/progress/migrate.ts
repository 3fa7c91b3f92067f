/**
 * Brings a stored object of an older version up to PROGRESS_VERSION, one step at a time
 * (MIGRATIONS[n] takes version n to n + 1). parse.ts then checks the result field by field,
 * so a migration only reshapes what it knows and leaves the rest for the checks to judge.
 *
 * Version 0 is an object with no `version` at all: a hand-written or pre-release file. It
 * could hold a lesson as the list of its finished step ids, and card dates as epoch
 * milliseconds (ts-fsrs takes numbers as dates: its DateInput).
 */
import { PROGRESS_VERSION } from './types';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function v0LessonToV1(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const ids = v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (!ids.length) return v;
  return { step: ids[ids.length - 1], done: Object.fromEntries(ids.map((id) => [id, 1])) };
}

function epochToIso(v: unknown): unknown {
  // a Date holds ±8.64e15 ms (ECMA-262 21.4.1.1); past that toISOString throws a RangeError,
  // so such a number is left as it is and the card check drops it, naming the card (found by npm run fuzz)
  return typeof v === 'number' && Math.abs(v) <= 8.64e15 ? new Date(v).toISOString() : v;
}

function v0CardToV1(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Raw = { ...v, due: epochToIso(v.due) };
  if ('last_review' in v) out.last_review = epochToIso(v.last_review);
  return out;
}

const mapValues = (v: unknown, f: (x: unknown) => unknown): unknown => (isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)])) : v);

export const MIGRATIONS: Readonly<Record<number, (raw: Raw) => Raw>> = {
  0: (raw) => ({ ...raw, version: 1, lessons: mapValues(raw.lessons, v0LessonToV1), cards: mapValues(raw.cards, v0CardToV1) }),
};

export type VersionRead =
  | { readonly kind: 'current' }
  | { readonly kind: 'migrated'; readonly from: number }
  /** written by a newer build: read as this version, whatever it understands */
  | { readonly kind: 'newer'; readonly from: number }
  /** `version` is there but not a version number */
  | { readonly kind: 'unreadable' };

/** The object at PROGRESS_VERSION and how its version was read. Never throws. */
export function migrate(raw: Raw): { raw: Raw; read: VersionRead } {
  const v = raw.version;
  if (v === undefined) return { raw: upFrom(0, raw), read: { kind: 'migrated', from: 0 } };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { raw, read: { kind: 'unreadable' } };
  if (v === PROGRESS_VERSION) return { raw, read: { kind: 'current' } };
  if (v > PROGRESS_VERSION) return { raw, read: { kind: 'newer', from: v } };
  return { raw: upFrom(v, raw), read: { kind: 'migrated', from: v } };
}

function upFrom(from: number, raw: Raw): Raw {
  let out = raw;
  for (let v = from; v < PROGRESS_VERSION; v++) {
    const step = MIGRATIONS[v];
    // a version with no migration step has nothing to reshape: the checks read it as it is
    out = step ? step(out) : out;
  }
  return out;
}

export { isObject };
