/**
 * The stored-progress fuzz target: generated progress (this version's shape, the unversioned
 * v0 shape of migrate.ts, bare or wrapped as an export file), then mutated as JSON (a field
 * dropped, retyped, replaced) or as text (a cut, a flipped character). Two parsers read each
 * input (src/lessons/progress): the strict import (readProgressFile) decides accepted or
 * rejected, and its refusal must name the field or say why the whole file is unusable; the
 * lenient browser read (parseProgress) must never throw, must give a progress that reads back
 * unchanged with no notice, and its notice must name what it dropped.
 */
import { parseProgress, progressFile, readProgressFile, serializeProgress } from '../../src/lessons/progress';
import { DOMAINS } from '../../src/lessons/types';
import { HOSTILE, mutateJson, mutateText, pick, type Rng } from './mutate';
import type { Target } from './targets';

const int = (r: Rng, n: number) => Math.floor(r() * n);
const DAY = 86_400_000;
// 2020 .. 2030, and now and then a time no Date can hold (±8.64e15 ms is the limit, ECMA-262 21.4.1.1)
const epoch = (r: Rng) => (r() < 0.05 ? pick(r, [8.64e15 + 1, -8.64e15 - 1, 1e300, Number.MAX_SAFE_INTEGER]) : 1_577_836_800_000 + int(r, 3650) * DAY);
const iso = (r: Rng) => new Date(1_577_836_800_000 + int(r, 3650) * DAY).toISOString();
const id = (r: Rng) => pick(r, ['dns', 'pod-model', 'mtu', 'services', 'q1', 'card-7', 'ip-per-pod', 'a', '__proto__', 'constructor', '<b>x</b>', '🙂']);
const times = <T>(r: Rng, max: number, f: () => T): T[] => Array.from({ length: int(r, max + 1) }, f);

function card(r: Rng, v0: boolean) {
  const c: Record<string, unknown> = {
    due: v0 ? epoch(r) : iso(r),
    stability: r() * 100,
    difficulty: r() * 10,
    elapsed_days: int(r, 30),
    scheduled_days: int(r, 30),
    learning_steps: int(r, 3),
    reps: int(r, 20),
    lapses: int(r, 5),
    state: int(r, 4),
  };
  if (r() < 0.7) c.last_review = v0 ? epoch(r) : iso(r);
  return c;
}

/** A valid progress object of this version, or of version 0 (no `version`, done lists, epoch dates). */
export function progressValue(r: Rng): Record<string, unknown> {
  const v0 = r() < 0.25;
  const lessons = Object.fromEntries(
    times(r, 3, () => {
      const steps = times(r, 3, () => id(r)).filter((s) => s !== '__proto__');
      return [id(r), v0 ? steps : { step: steps[0] ?? 'intro', done: Object.fromEntries(steps.map((s) => [s, Math.round(r() * 100) / 100])) }];
    }),
  );
  const out: Record<string, unknown> = {
    lessons,
    cards: Object.fromEntries(times(r, 3, () => [id(r), card(r, v0)])),
    extraCards: times(r, 3, () => `quiz:${id(r)}`),
    quiz: times(r, 2, () => ({
      at: iso(r),
      mode: pick(r, ['practice', 'exam']),
      answers: times(r, 3, () => ({ questionId: id(r), correct: r() < 0.5, given: pick(r, ['b', 'ip route', '<img src=x onerror=alert(1)>']) })),
      byDomain: Object.fromEntries(times(r, 2, () => [pick(r, Object.keys(DOMAINS)), { correct: int(r, 3), total: 3 }])),
    })),
    drills: times(r, 2, () => ({ seed: int(r, 1e6), at: iso(r), score: Math.round(r() * 100) / 100, diagnosisCorrect: r() < 0.5, fixed: r() < 0.5 })),
  };
  if (!v0) out.version = r() < 0.9 ? 1 : pick(r, [0, 2, -1, 1.5, 'one', null]);
  return out;
}

function progressInput(r: Rng): string {
  const value = progressValue(r);
  const k = r();
  const body = k < 0.75 ? mutateJson(value, r) : value;
  const wrapped = r() < 0.6 ? { format: r() < 0.95 ? 'podpath-progress' : pick(r, ['anki', '', 1]), version: 1, exported: iso(r), progress: body } : body;
  const text = JSON.stringify(wrapped, null, 2);
  if (k >= 0.9) return mutateText(text, r);
  if (k >= 0.85) return text.replace(/"[^"]*"(?=\s*[,}\]])/, pick(r, HOSTILE));
  return text;
}

/** the fields a stored progress has, and the file's wrapper fields */
const FIELD = /\b(lessons|cards|extraCards|quiz|drills|version|format|progress)\b/;
/** a refusal of the file as a whole: not JSON (with the parser's position), not an object */
const WHOLE = /^The file is not (JSON \(.+\)|a podpath progress file: .+)\.$/s;

export const storedProgress: Target = {
  name: 'stored progress',
  input: (r) => progressInput(r),
  run: (text) => {
    // the browser's own read: lenient, never a throw, and what it keeps reads back as it is
    const lenient = parseProgress(text);
    const again = parseProgress(serializeProgress(lenient.progress));
    if (again.notice !== null || JSON.stringify(again.progress) !== serializeProgress(lenient.progress))
      throw new Error(`recovered progress does not read back unchanged: ${again.notice ?? 'a field changed'}`);
    if (lenient.notice !== null && !/not readable JSON \(.+\)|not a progress object/s.test(lenient.notice) && !FIELD.test(lenient.notice))
      throw new Error(`the browser-read notice names no field: ${lenient.notice}`);
    // the import: strict, all or nothing
    const imported = readProgressFile(text);
    if (!imported.ok) return { kind: 'rejected', messages: [imported.error] };
    const back = readProgressFile(progressFile(imported.progress, '2026-12-02T00:00:00.000Z'));
    if (!back.ok || serializeProgress(back.progress) !== serializeProgress(imported.progress))
      throw new Error('an imported progress does not export and import back unchanged');
    return { kind: 'accepted' };
  },
  namesWhat: (m) => WHOLE.test(m) || FIELD.test(m),
};
