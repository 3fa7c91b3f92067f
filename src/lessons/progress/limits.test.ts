/** Progress import hardening (issue 10): a file too large is refused unread; markup stays text. */
import { describe, expect, it } from 'vitest';
import { MAX_PROGRESS_FILE_BYTES, progressFile, readProgressFile } from './file';
import { emptyProgress } from './types';

const PAYLOAD = '<img src=x onerror=alert(1)>';

describe('progress import limits', () => {
  it(`a file over ${MAX_PROGRESS_FILE_BYTES / 1e6} MB is refused with its size, nothing imported`, () => {
    const text = progressFile({ ...emptyProgress(), extraCards: ['quiz:q'] }, '2026-12-02T00:00:00.000Z').replace(
      '}\n',
      `, "pad": "${'x'.repeat(MAX_PROGRESS_FILE_BYTES)}"}\n`,
    );
    const r = readProgressFile(text);
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^The file is too large to be podpath progress \(5\.0 MB or more; this browser keeps at most 5 MB\)\. Nothing was imported\.$/,
      ),
    });
  });

  it('multi-byte text is measured in bytes, not characters', () => {
    const r = readProgressFile(`{"extraCards":["${'é'.repeat(MAX_PROGRESS_FILE_BYTES / 2 + 10)}"]}`);
    expect(r.ok).toBe(false);
  });

  it('markup in ids and answers is kept as the same string', () => {
    const p = {
      ...emptyProgress(),
      lessons: { [PAYLOAD]: { step: PAYLOAD, done: { [PAYLOAD]: 1 } } },
      extraCards: [`quiz:${PAYLOAD}`],
      quiz: [
        {
          at: '2026-12-02T00:00:00.000Z',
          mode: 'practice' as const,
          answers: [{ questionId: PAYLOAD, correct: false, given: '<script>window.__pwned=1</script>' }],
          byDomain: {},
        },
      ],
    };
    expect(readProgressFile(progressFile(p, '2026-12-02T00:00:00.000Z'))).toEqual({ ok: true, progress: p, note: null });
  });
});
