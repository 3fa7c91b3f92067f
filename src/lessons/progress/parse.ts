/**
 * Reads stored progress back without ever throwing. Corrupt JSON, a partial object, wrong
 * types, an old or unknown version: whatever is valid is kept, field by field and entry by
 * entry, and the notice names what was dropped or reset — never a blank page, never lost
 * silently (issue 8 §5). Keeping a copy of the unreadable text is the caller's job
 * (src/ui/progress/store.ts).
 */
import type { z } from 'zod';
import { cardState, drillRecord, extraCardId, quizAttempt, score, stepId } from './schema';
import { isObject, migrate } from './migrate';
import { emptyProgress, PROGRESS_VERSION, type LessonProgress, type Progress, type StoredCardState } from './types';

/** What recovery found: the progress it kept and the names of what it could not read. */
export interface Recovered {
  readonly progress: Progress;
  readonly dropped: readonly string[];
  /** a sentence on the version read, when it was not this build's */
  readonly versionNote: string | null;
}

function recoverLesson(raw: unknown, name: string, dropped: string[]): LessonProgress | null {
  if (!isObject(raw)) return (dropped.push(name), null);
  const done: Record<string, number> = {};
  if (isObject(raw.done)) {
    for (const [id, s] of Object.entries(raw.done)) {
      if (id !== '__proto__' && stepId.safeParse(id).success && score.safeParse(s).success) done[id] = s as number;
      else dropped.push(`${name}.done.${id}`);
    }
  } else if (raw.done !== undefined) dropped.push(`${name}.done`);
  // a lesson without a readable current step resumes at its last finished one
  const step = stepId.safeParse(raw.step).success ? (raw.step as string) : Object.keys(done).at(-1);
  if (step === undefined) return (dropped.push(name), null);
  if (step !== raw.step) dropped.push(`${name}.step`);
  return { step, done };
}

function recoverRecord<T>(raw: unknown, field: string, dropped: string[], item: (v: unknown, name: string) => T | null): Record<string, T> {
  const out: Record<string, T> = {};
  if (raw === undefined) return out;
  if (!isObject(raw)) return (dropped.push(field), out);
  for (const [k, v] of Object.entries(raw)) {
    // JSON.parse makes "__proto__" an own key; assigning it would set the prototype instead
    if (k === '__proto__') {
      dropped.push(`${field}.${k}`);
      continue;
    }
    const r = item(v, `${field}.${k}`);
    if (r !== null) out[k] = r;
  }
  return out;
}

function recoverArray<T>(raw: unknown, field: string, dropped: string[], schema: z.ZodType<T>): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return (dropped.push(field), []);
  const out: T[] = [];
  raw.forEach((v, i) => {
    const r = schema.safeParse(v);
    if (r.success) out.push(r.data);
    else dropped.push(`${field}[${i}]`);
  });
  return out;
}

const VERSION_NOTES = {
  unreadable: 'its version was unreadable, so it was read as this version',
  newer: (v: number) => `it was written by a newer podpath (version ${v}); what this version (${PROGRESS_VERSION}) understands was kept`,
  migrated: (v: number) => `it was upgraded from version ${v}`,
} as const;

/** Recovers a Progress from any parsed JSON value. */
export function recoverProgress(value: unknown): Recovered {
  if (!isObject(value)) return { progress: emptyProgress(), dropped: ['everything (not a progress object)'], versionNote: null };
  const { raw, read } = migrate(value);
  const dropped: string[] = [];
  const lessons = recoverRecord(raw.lessons, 'lessons', dropped, (v, name) => recoverLesson(v, name, dropped));
  const cards = recoverRecord(raw.cards, 'cards', dropped, (v, name): StoredCardState | null => {
    const r = cardState.safeParse(v);
    if (r.success) return r.data;
    dropped.push(name);
    return null;
  });
  const extra = recoverArray(raw.extraCards, 'extraCards', dropped, extraCardId);
  const progress: Progress = {
    version: PROGRESS_VERSION,
    lessons,
    cards,
    extraCards: [...new Set(extra)],
    quiz: recoverArray(raw.quiz, 'quiz', dropped, quizAttempt),
    drills: recoverArray(raw.drills, 'drills', dropped, drillRecord),
  };
  const versionNote =
    read.kind === 'unreadable'
      ? VERSION_NOTES.unreadable
      : read.kind === 'newer'
        ? VERSION_NOTES.newer(read.from)
        : read.kind === 'migrated'
          ? VERSION_NOTES.migrated(read.from)
          : null;
  return { progress, dropped, versionNote };
}

/** At most `max` names, then how many more. */
export function listNames(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * The progress stored as `text`, and a notice when anything was dropped, reset or migrated
 * (null when it read cleanly). Never throws: unreadable text gives an empty progress.
 */
export function parseProgress(text: string): { progress: Progress; notice: string | null } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { progress: emptyProgress(), notice: `The saved progress was not readable JSON (${why}), so it was reset.` };
  }
  const r = recoverProgress(value);
  const parts: string[] = [];
  if (r.dropped.length) parts.push(`could not read ${listNames(r.dropped)}, which ${r.dropped.length === 1 ? 'was' : 'were'} dropped`);
  // a plain upgrade is not news; an upgrade that lost something, or an unknown version, is
  if (r.versionNote && (r.dropped.length || !r.versionNote.startsWith('it was upgraded'))) parts.unshift(r.versionNote);
  return { progress: r.progress, notice: parts.length ? `The saved progress was partly recovered: ${parts.join('; ')}.` : null };
}

/** The stored form: JSON, so parseProgress(serializeProgress(p)) equals p. */
export function serializeProgress(p: Progress): string {
  return JSON.stringify(p);
}
