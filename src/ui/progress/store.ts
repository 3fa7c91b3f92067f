/**
 * The learner's progress in this browser (learn-shared.md "Progress"): a zustand store kept in
 * localStorage under PROGRESS_KEY. It is created when a study page first imports it, never
 * with the lab's first load (the validator, zod, comes with it).
 *
 * Nothing is lost silently: stored text that does not read cleanly is copied, as it was, to a
 * backup key of its own before the recovered progress replaces it, and `notice` says what was
 * dropped and where the copy is (src/lessons/progress/parse.ts does the recovery).
 */
import { create } from 'zustand';
import {
  emptyProgress,
  parseProgress,
  progressFile,
  progressFileName,
  readProgressFile,
  serializeProgress,
  update,
  type DrillRecord,
  type Progress,
  type QuizAttempt,
  type StoredCardState,
} from '../../lessons/progress';

export const PROGRESS_KEY = 'podpath.progress';
/** backups are `podpath.progress.backup.<ISO time>`: one per recovery, none overwritten */
export const PROGRESS_BACKUP_PREFIX = 'podpath.progress.backup.';

export interface ProgressState {
  readonly progress: Progress;
  /** what happened to the stored progress (recovered, not saved), shown until dismissed */
  readonly notice: string | null;
  lessonReached(lessonId: string, stepId: string): void;
  stepDone(lessonId: string, stepId: string, score?: number): void;
  cardReviewed(cardId: string, state: StoredCardState): void;
  /** a wrong quiz answer's card joins the deck (`quiz:<questionId>`) */
  addCard(cardId: string): void;
  quizFinished(attempt: QuizAttempt): void;
  drillFinished(result: DrillRecord): void;
  /** replaces the progress with an exported file's; on a bad file returns the error and changes nothing */
  importFile(text: string): { ok: true; message: string } | { ok: false; error: string };
  /** the export file: its name and text */
  exportFile(): { name: string; text: string };
  dismissNotice(): void;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // a browser that refuses storage access (privacy settings) throws on the property itself
    return null;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Copies `text` to a new backup key; the key, or null when the browser refused. */
function backup(store: Storage, text: string): string | null {
  const key = `${PROGRESS_BACKUP_PREFIX}${new Date().toISOString()}`;
  try {
    store.setItem(key, text);
    return key;
  } catch {
    return null;
  }
}

function load(): { progress: Progress; notice: string | null } {
  const store = storage();
  if (!store) return { progress: emptyProgress(), notice: 'This browser does not allow saving here, so progress lasts only until the page closes.' };
  let text: string | null;
  try {
    text = store.getItem(PROGRESS_KEY);
  } catch (e) {
    return { progress: emptyProgress(), notice: `The saved progress could not be read (${errorText(e)}).` };
  }
  if (text === null) return { progress: emptyProgress(), notice: null };
  const r = parseProgress(text);
  if (!r.notice) return r;
  const key = backup(store, text);
  const kept = key
    ? ` The saved text was kept as it was under the key "${key}" in this site's local storage.`
    : ' A copy of the saved text could not be kept (storage is full).';
  // only once the copy is safe does the recovered progress replace the unreadable text
  if (key) save(r.progress);
  return { progress: r.progress, notice: `${r.notice}${kept}` };
}

/** Writes the progress; the error text when the browser refused (storage full or off). */
function save(p: Progress): string | null {
  const store = storage();
  if (!store) return null;
  try {
    store.setItem(PROGRESS_KEY, serializeProgress(p));
    return null;
  } catch (e) {
    return errorText(e);
  }
}

export const useProgress = create<ProgressState>()((set, get) => {
  const first = load();
  const apply = (next: Progress) => {
    if (next === get().progress) return;
    const failed = save(next);
    set(failed ? { progress: next, notice: `Progress could not be saved in this browser (${failed}); export it to keep it.` } : { progress: next });
  };
  return {
    ...first,
    lessonReached: (lessonId, stepId) => apply(update.lessonReached(get().progress, lessonId, stepId)),
    stepDone: (lessonId, stepId, score) => apply(update.stepDone(get().progress, lessonId, stepId, score)),
    cardReviewed: (cardId, state) => apply(update.cardReviewed(get().progress, cardId, state)),
    addCard: (cardId) => apply(update.addCard(get().progress, cardId)),
    quizFinished: (attempt) => apply(update.quizFinished(get().progress, attempt)),
    drillFinished: (result) => apply(update.drillFinished(get().progress, result)),
    importFile(text) {
      const r = readProgressFile(text);
      if (!r.ok) return r;
      // the progress being replaced is kept too: an import is one click from losing it
      const store = storage();
      const key =
        store &&
        Object.keys(get().progress.lessons).length + Object.keys(get().progress.cards).length + get().progress.quiz.length + get().progress.drills.length
          ? backup(store, serializeProgress(get().progress))
          : null;
      apply(r.progress);
      const p = r.progress;
      const counts = `${Object.keys(p.lessons).length} lesson(s), ${Object.keys(p.cards).length} card schedule(s), ${p.quiz.length} quiz attempt(s), ${p.drills.length} drill(s)`;
      return { ok: true, message: `Imported ${counts}${r.note ? ` (${r.note})` : ''}.${key ? ` The progress it replaced was kept under "${key}".` : ''}` };
    },
    exportFile() {
      const at = new Date().toISOString();
      return { name: progressFileName(at), text: progressFile(get().progress, at) };
    },
    dismissNotice: () => set({ notice: null }),
  };
});
