/**
 * The fixtures on disk: cases/<section>/<name>.yaml (the scenario) beside
 * cases/<section>/<name>.expect.json (the kernel's facts and the recorded pings).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { OracleCase } from './facts';
import { scenarioYaml } from './topology';

export const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export interface Fixture {
  readonly case: OracleCase;
  readonly yaml: string;
  readonly yamlPath: string;
}

export function loadFixtures(dir = CASES_DIR): Fixture[] {
  const out: Fixture[] = [];
  if (!existsSync(dir)) return out;
  for (const section of ['modes', 'mtu', 'faults']) {
    const sd = join(dir, section);
    if (!existsSync(sd)) continue;
    for (const f of readdirSync(sd).sort()) {
      if (!f.endsWith('.expect.json')) continue;
      const c = JSON.parse(readFileSync(join(sd, f), 'utf8')) as OracleCase;
      const yamlPath = join(sd, f.replace(/\.expect\.json$/, '.yaml'));
      out.push({ case: c, yaml: readFileSync(yamlPath, 'utf8'), yamlPath });
    }
  }
  return out;
}

async function pretty(path: string, text: string): Promise<string> {
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

/** Writes (or overwrites) one case's two files, formatted as the repository's prettier wants; returns their paths. */
export async function writeFixture(c: OracleCase, dir = CASES_DIR): Promise<string[]> {
  const sd = join(dir, c.section);
  mkdirSync(sd, { recursive: true });
  const y = join(sd, `${c.name}.yaml`);
  const j = join(sd, `${c.name}.expect.json`);
  writeFileSync(y, await pretty(y, scenarioYaml(c)));
  writeFileSync(j, await pretty(j, JSON.stringify(c)));
  return [y, j];
}

/**
 * Facts where the engine knowingly differs from the kernel, keyed `<section>/<case>: <fact key>`,
 * with the reason. oracle.test.ts runs these as `it.fails`: when the engine is fixed the test
 * fails, and the entry must go. Never add an entry to make a test pass without a reason
 * that names the kernel behaviour the engine does not model.
 */
export const KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {
  // (none today: ping without -M is modelled with `pmtudisc: want`, the kernel default)
};
