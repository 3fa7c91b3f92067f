/**
 * Finds and reads the seed documents (node only: tests and scripts). They live beside the
 * repository, in ../shared/seeds, and are not part of a fresh clone — callers must cope with
 * `null` (tests skip with a message; the TypeScript lists in seeds/index.ts stay the source).
 * PODPATH_SEEDS overrides the folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeedId } from './index';

/** The seeds folder, or null when it is absent. Walks up from this file: <repo>/../shared/seeds. */
export function seedsDir(): string | null {
  const env = process.env.PODPATH_SEEDS;
  if (env) return existsSync(env) ? env : null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = resolve(dir, '..', 'shared', 'seeds');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** seed id → the file's text, for every `NNN_*.txt` in the folder. */
export function readSeedFiles(dir: string): Map<SeedId, string> {
  const out = new Map<SeedId, string>();
  for (const f of readdirSync(dir).sort()) {
    const m = /^(\d{3})_.*\.txt$/.exec(f);
    if (m) out.set(m[1] as SeedId, readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}
