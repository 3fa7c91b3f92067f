/**
 * `npm run probe -- <scenario.yaml> [--json]` and
 * `npm run probe -- <scenario.yaml> --exec <node-or-pod> -- <command line>` (SCENARIOS.md).
 * The logic lives in src/engine/cli/runner.ts; this shell reads the file and maps the
 * result to stdout, stderr and the exit code. Nothing escapes as a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runProbeCli } from '../src/engine/cli/runner';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e),
      {
        cause: e,
      },
    );
  }
}

try {
  const r = runProbeCli(process.argv.slice(2), readText);
  for (const f of r.files ?? []) {
    try {
      writeFileSync(f.path, f.bytes);
    } catch (e) {
      process.stderr.write(`${f.path}: cannot write the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      process.exitCode = 2;
    }
  }
  if (r.stderr) process.stderr.write(r.stderr);
  if (r.stdout) process.stdout.write(r.stdout);
  process.exitCode = process.exitCode || r.exitCode;
} catch (e) {
  process.stderr.write(`probe: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
