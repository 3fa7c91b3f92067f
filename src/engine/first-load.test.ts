/**
 * The engine's public face (index.ts) must not pull the validator (zod) or the YAML parser into
 * the page's first load: those belong to io.ts, which the page loads when it reads a file or a
 * link. Follows every runtime import (not `import type`) from index.ts through the engine.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect, it } from 'vitest';

function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    // `export type …` / `import type …` are erased; `export { x, type Y }` still loads the module
    out.push(m[1]);
  }
  return out;
}

function resolveTs(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const c of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(c)) return c;
  return undefined;
}

it('index.ts reaches neither zod nor yaml (they load with io.ts)', () => {
  const start = join(__dirname, 'index.ts');
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string, via: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec === 'zod' || spec === 'yaml' || spec.startsWith('zod/') || spec.startsWith('yaml/'))
        offenders.push([...via, file, spec].map((p) => p.replace(__dirname, '.')).join(' → '));
      else if (spec.startsWith('.')) {
        const next = resolveTs(file, spec);
        if (next) visit(next, [...via, file]);
      }
    }
  };
  visit(start, []);
  expect(offenders).toEqual([]);
  expect(seen.size).toBeGreaterThan(20);
});

it('building a lab (lab-core.ts, what the page runs at startup) calls no localeCompare: it starts ICU', () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file))
      if (spec.startsWith('.')) {
        const next = resolveTs(file, spec);
        if (next) visit(next);
      }
  };
  visit(join(__dirname, 'lab-core.ts'));
  const callers = [...seen].filter((f) => /\.localeCompare\(/.test(readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '')));
  expect(callers.map((f) => f.replace(__dirname, '.'))).toEqual([]);
  expect(seen.size).toBeGreaterThan(20);
});
