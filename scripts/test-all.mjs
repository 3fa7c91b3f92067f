#!/usr/bin/env node
// `npm test`: typecheck, lint, format check, unit tests (vitest), build, e2e (Playwright in
// Chromium), then one closing line `N passed, N failed[, N skipped]` counting unit and e2e
// tests together. A failing check step (tsc, eslint, prettier, build) makes the run fail too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env };
delete env.NO_COLOR; // Playwright's web server warns when NO_COLOR and FORCE_COLOR meet (TOOLCHAIN.md)
mkdirSync('test-results', { recursive: true });

const failedSteps = [];
function step(name, cmd, args) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

const counts = { passed: 0, failed: 0, skipped: 0 };

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
step('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);

rmSync('test-results/unit.json', { force: true });
step('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']);
if (existsSync('test-results/unit.json')) {
  const u = JSON.parse(readFileSync('test-results/unit.json', 'utf8'));
  counts.passed += u.numPassedTests ?? 0;
  counts.failed += u.numFailedTests ?? 0;
  counts.skipped += (u.numPendingTests ?? 0) + (u.numTodoTests ?? 0);
} else counts.failed += 1;

const built = step('build', 'npx', ['vite', 'build']);

rmSync('test-results/e2e.json', { force: true });
if (built) {
  step('e2e', 'npx', ['playwright', 'test']);
  if (existsSync('test-results/e2e.json')) {
    const e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
    counts.passed += e.stats?.expected ?? 0;
    counts.failed += (e.stats?.unexpected ?? 0) + (e.stats?.flaky ?? 0);
    counts.skipped += e.stats?.skipped ?? 0;
  } else counts.failed += 1;
}

if (failedSteps.length) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
process.exit(failedSteps.length || counts.failed ? 1 : 0);
