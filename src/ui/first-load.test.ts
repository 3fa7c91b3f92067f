/**
 * The page's first load (every static import from src/main.tsx) must not reach the datapath:
 * the engine arrives as its own chunk after the first paint (store/engine-runtime.ts). Of the
 * engine, the first load may hold only shell.ts and what it imports. `import type` and
 * dynamic `import()` are not followed: they do not load anything with the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const SRC = resolve(__dirname, '..');

function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

function resolveSource(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (/\.tsx?$/.test(c) && existsSync(c)) return c;
  return undefined;
}

function staticClosure(start: string): { files: Set<string>; packages: Set<string>; data: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  // relative imports of non-source files (JSON): bundled into the chunk that imports them
  const data = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) packages.add(spec);
      else {
        const next = resolveSource(file, spec);
        if (next) visit(next);
        else if (!/\.css$/.test(spec)) data.add(resolve(dirname(file), spec));
      }
    }
  };
  visit(start);
  return { files, packages, data };
}

const rel = (f: string) => f.slice(SRC.length + 1);

it('the first load reaches only the engine shell, never the datapath', () => {
  const page = staticClosure(join(SRC, 'main.tsx'));
  const shell = staticClosure(join(SRC, 'engine', 'shell.ts'));
  const engineFiles = [...page.files].filter((f) => f.startsWith(join(SRC, 'engine')));
  expect(engineFiles.filter((f) => !shell.files.has(f)).map(rel)).toEqual([]);
  expect(engineFiles.map(rel)).toContain('engine/shell.ts');
  // the lab page itself is there: the canvas, the store, React Flow
  expect([...page.files].map(rel)).toEqual(expect.arrayContaining(['ui/App.tsx', 'ui/canvas/Topology.tsx', 'ui/store/lab-store.ts']));
  expect(page.packages).toContain('@xyflow/react');
  for (const heavy of ['zod', 'yaml', '@noble/hashes/sha2.js']) expect(page.packages).not.toContain(heavy);
});

it('the shell face is small and holds no datapath', () => {
  const shell = staticClosure(join(SRC, 'engine', 'shell.ts'));
  for (const f of shell.files) expect(rel(f)).toMatch(/^engine\/(shell|wire\/[\w-]+|model\/(shapes|scenario-error|reasons|mtu-limit)|faults\/fault-key)\.ts$/);
});

it('the bundled samples (samples.json) are not in the first load: they arrive with the engine', () => {
  const page = staticClosure(join(SRC, 'main.tsx'));
  expect([...page.data].map(rel)).toEqual([]);
  // and the engine runtime does wait for them before the lab renders
  const runtime = readFileSync(join(SRC, 'ui', 'store', 'engine-runtime.ts'), 'utf8');
  expect(runtime).toMatch(/Promise\.all\(\[import\('\.\.\/\.\.\/engine'\), loadSamples\(\)\]\)/);
  expect(readFileSync(join(SRC, 'ui', 'store', 'sample-data.ts'), 'utf8')).toMatch(/import\('\.\/samples\.json'\)/);
});

it('no localeCompare on the first load: it starts ICU (code-unit order where the alphabet allows)', () => {
  const page = staticClosure(join(SRC, 'main.tsx'));
  const callers = [...page.files].filter((f) => /\.localeCompare\(/.test(readFileSync(f, 'utf8').replace(/\/\/.*$/gm, ''))).map(rel);
  expect(callers).toEqual([]);
});

it('panels not needed for the first drawn canvas are out of the first load', () => {
  const page = [...staticClosure(join(SRC, 'main.tsx')).files].map(rel);
  // the open Details tab (the engine CLI), the empty hop inspector, the closed Flow log tab
  for (const f of ['ui/panels/DetailsPanel.tsx', 'ui/panels/HopInspector.tsx', 'ui/flowlog/FlowLog.tsx']) expect(page).not.toContain(f);
  // the two on screen at startup wait until the canvas has drawn (drawer/after-first-draw.ts)
  const drawer = readFileSync(join(SRC, 'ui', 'drawer', 'BottomDrawer.tsx'), 'utf8');
  expect(drawer).toMatch(/lazy\(\(\) => afterFirstDraw\(\)\.then\(\(\) => import\('\.\.\/panels\/DetailsPanel'\)\)\)/);
  expect(readFileSync(join(SRC, 'ui', 'App.tsx'), 'utf8')).toMatch(/lazy\(\(\) => afterFirstDraw\(\)\.then\(\(\) => import\('\.\/panels\/HopInspector'\)/);
});

it('the list of what the lab simplifies is out of the first load: the hop tags arrive with the engine', () => {
  const page = [...staticClosure(join(SRC, 'main.tsx')).files].map(rel);
  expect(page).not.toContain('ui/simplifications/simplifications.ts');
  expect(page).toContain('ui/simplifications/hop-tags.ts');
  expect(readFileSync(join(SRC, 'ui', 'store', 'engine-runtime.ts'), 'utf8')).toMatch(/Promise\.all\(\[lab, loadHopTags\(\)\]\)/);
});
