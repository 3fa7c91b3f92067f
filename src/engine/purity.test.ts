/**
 * ARCHITECTURE.md: "A test fails if src/engine or src/lessons imports a UI library", and the
 * engine is deterministic: no clock, no global randomness.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

const UI = /from ['"](react|react-dom|zustand|@xstate\/react|d3|d3-[a-z-]+|@xyflow\/react|@xterm\/[a-z-]+)['"/]/;
// xstate itself is no UI library: lessons are data + xstate machines (ARCHITECTURE.md); the engine has no machines
const XSTATE = /from ['"]xstate['"/]/;
const CLOCK = /Math\.random\(|Date\.now\(|new Date\(\)|performance\.now\(/;

describe('the engine stays pure', () => {
  const root = join(__dirname, '..');
  for (const folder of ['engine', 'lessons']) {
    it(`src/${folder} imports no UI library and reads no clock or randomness`, () => {
      const files = sources(join(root, folder));
      const offenders = files.filter((f) => {
        const text = readFileSync(f, 'utf8');
        // the clock stays out of both: study code takes `now` as a parameter (the page reads the clock)
        return UI.test(text) || CLOCK.test(text) || (folder === 'engine' && XSTATE.test(text));
      });
      expect(offenders).toEqual([]);
    });
  }
});
