/**
 * The export file: the progress wrapped with a format name and the time it was written, so an
 * import can tell a podpath file from any other JSON. Loading from the browser is lenient
 * (parse.ts recovers what it can); an import is strict: a file with anything unreadable is
 * refused, naming what is wrong, and the learner's progress stays as it was.
 */
import { listNames, recoverProgress } from './parse';
import { isObject } from './migrate';
import { PROGRESS_VERSION, type Progress } from './types';

export const PROGRESS_FILE_FORMAT = 'podpath-progress';

export interface ProgressFile {
  readonly format: typeof PROGRESS_FILE_FORMAT;
  readonly version: typeof PROGRESS_VERSION;
  /** when it was exported (ISO; the caller passes the clock in) */
  readonly exported: string;
  readonly progress: Progress;
}

/** The file's text (pretty-printed: a learner may open it). */
export function progressFile(progress: Progress, exportedAt: string): string {
  const file: ProgressFile = { format: PROGRESS_FILE_FORMAT, version: PROGRESS_VERSION, exported: exportedAt, progress };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file name for the export, from the date. */
export function progressFileName(exportedAt: string): string {
  return `podpath-progress-${exportedAt.slice(0, 10)}.json`;
}

export type ImportResult = { readonly ok: true; readonly progress: Progress; readonly note: string | null } | { readonly ok: false; readonly error: string };

/**
 * The largest file an import reads: browsers keep about 5 MB of localStorage per origin (MDN,
 * "Storage quotas and eviction criteria"), so a bigger progress could not be saved here anyway.
 */
export const MAX_PROGRESS_FILE_BYTES = 5_000_000;

/** Reads an exported file (or a bare stored progress object). Never throws. */
export function readProgressFile(text: string): ImportResult {
  // a string of more UTF-16 units than the limit has more bytes too: no need to encode it
  const bytes = text.length > MAX_PROGRESS_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_PROGRESS_FILE_BYTES)
    return {
      ok: false,
      error: `The file is too large to be podpath progress (${(bytes / 1e6).toFixed(1)} MB or more; this browser keeps at most ${MAX_PROGRESS_FILE_BYTES / 1e6} MB). Nothing was imported.`,
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not JSON (${e instanceof Error ? e.message : String(e)}).` };
  }
  if (!isObject(value)) return { ok: false, error: 'The file is not a podpath progress file: it holds no JSON object.' };
  let body: unknown = value;
  if ('format' in value) {
    if (value.format !== PROGRESS_FILE_FORMAT)
      return { ok: false, error: `The file is not a podpath progress file: its format is ${JSON.stringify(value.format)}, not "${PROGRESS_FILE_FORMAT}".` };
    if (!isObject(value.progress)) return { ok: false, error: 'The file names the podpath format but holds no "progress" object.' };
    body = value.progress;
  } else if (!['lessons', 'cards', 'quiz', 'drills', 'extraCards'].some((k) => k in value)) {
    return { ok: false, error: 'The file is not a podpath progress file: it has no "format" and none of lessons, cards, quiz, drills.' };
  }
  const version = (body as Record<string, unknown>).version;
  if (typeof version === 'number' && version > PROGRESS_VERSION)
    return { ok: false, error: `The file was written by a newer podpath (progress version ${version}); this one reads up to version ${PROGRESS_VERSION}.` };
  const r = recoverProgress(body);
  if (r.dropped.length) return { ok: false, error: `The file has entries that cannot be read: ${listNames(r.dropped)}. Nothing was imported.` };
  return { ok: true, progress: r.progress, note: r.versionNote };
}
