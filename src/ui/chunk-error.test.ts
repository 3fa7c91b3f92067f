import { describe, expect, it } from 'vitest';
import { isChunkLoadError } from './chunk-error';

describe('isChunkLoadError', () => {
  it('knows each browser’s words for a chunk that did not download', () => {
    for (const m of [
      'Failed to fetch dynamically imported module: http://127.0.0.1:4173/assets/ComparePanel-abc.js',
      'error loading dynamically imported module: http://x/assets/a.js',
      'Importing a module script failed.',
    ])
      expect(isChunkLoadError(new TypeError(m)), m).toBe(true);
  });

  it('is not fooled by an error thrown inside a chunk that did load, or by a non-error', () => {
    expect(isChunkLoadError(new Error('forced failure for the error-boundary test'))).toBe(false);
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
  });
});
