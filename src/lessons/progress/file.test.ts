import { describe, expect, it } from 'vitest';
import { progressFile, progressFileName, readProgressFile } from './file';
import { emptyProgress, type Progress } from './types';

const p: Progress = { ...emptyProgress(), lessons: { dns: { step: 'b', done: { a: 1 } } }, extraCards: ['quiz:q'] };

describe('progress file', () => {
  it('round-trips an export', () => {
    const text = progressFile(p, '2026-12-02T01:00:00.000Z');
    expect(readProgressFile(text)).toEqual({ ok: true, progress: p, note: null });
    expect(progressFileName('2026-12-02T01:00:00.000Z')).toBe('podpath-progress-2026-12-02.json');
  });

  it('accepts a bare stored progress object', () => {
    expect(readProgressFile(JSON.stringify(p))).toMatchObject({ ok: true, progress: p });
  });

  it('refuses what is not a podpath progress file, naming why', () => {
    expect(readProgressFile('hello')).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(readProgressFile('[1]')).toMatchObject({ ok: false, error: expect.stringMatching(/no JSON object/) });
    expect(readProgressFile('{"format":"anki"}')).toMatchObject({ ok: false, error: expect.stringMatching(/"anki"/) });
    expect(readProgressFile('{"name":"x"}')).toMatchObject({ ok: false, error: expect.stringMatching(/none of lessons/) });
    expect(readProgressFile('{"format":"podpath-progress"}')).toMatchObject({ ok: false, error: expect.stringMatching(/no "progress"/) });
  });

  it('refuses a file with unreadable entries or from a newer version (nothing imported)', () => {
    const bad = JSON.stringify({ format: 'podpath-progress', version: 1, exported: 'x', progress: { ...p, drills: [{ seed: 'x' }] } });
    expect(readProgressFile(bad)).toMatchObject({ ok: false, error: expect.stringMatching(/drills\[0\]/) });
    expect(readProgressFile(JSON.stringify({ ...p, version: 2 }))).toMatchObject({ ok: false, error: expect.stringMatching(/newer podpath/) });
  });

  it('imports an older (v0) file, saying it was upgraded', () => {
    expect(readProgressFile(JSON.stringify({ lessons: { dns: ['a'] } }))).toEqual({
      ok: true,
      progress: { ...emptyProgress(), lessons: { dns: { step: 'a', done: { a: 1 } } } },
      note: 'it was upgraded from version 0',
    });
  });
});
