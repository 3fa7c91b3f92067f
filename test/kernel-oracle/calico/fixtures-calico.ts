/**
 * Calico oracle fixtures: `npx tsx test/kernel-oracle/calico/fixtures-calico.ts [results-calico.json] [--out DIR]`
 *
 * Extracts every `modes`, `mtu` and `faults` case of a run-calico.sh results file (default:
 * results-calico.json beside this script) into DIR (default: calico/cases/): a scenario YAML
 * and an expect.json of kernel facts per case, formatted as the repository's prettier wants.
 * These live outside test/kernel-oracle/cases/, so oracle.test.ts does not load them: the
 * engine has no Calico yet.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { extractCalicoCases, type CalicoCase } from './extract-calico';
import { calicoScenarioYaml } from './scenario-calico';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CALICO_CASES_DIR = join(HERE, 'cases');

async function pretty(path: string, text: string): Promise<string> {
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

export async function writeCalicoFixture(c: CalicoCase, dir = CALICO_CASES_DIR): Promise<string[]> {
  const sd = join(dir, c.section);
  mkdirSync(sd, { recursive: true });
  const y = join(sd, `${c.name}.yaml`);
  const j = join(sd, `${c.name}.expect.json`);
  writeFileSync(y, await pretty(y, calicoScenarioYaml(c)));
  writeFileSync(j, await pretty(j, JSON.stringify(c)));
  return [y, j];
}

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const outDir = outIdx >= 0 ? args[outIdx + 1] : CALICO_CASES_DIR;
if (!outDir) {
  console.error('usage: npx tsx test/kernel-oracle/calico/fixtures-calico.ts [results-calico.json] [--out DIR]');
  process.exit(2);
}
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out') ?? join(HERE, 'results-calico.json');
const cases = extractCalicoCases(JSON.parse(readFileSync(file, 'utf8')), file.split('/').pop()!);
if (!cases.length) {
  console.error(`${file} has no modes, mtu or faults section`);
  process.exit(2);
}
for (const c of cases) {
  const [y, j] = await writeCalicoFixture(c, outDir);
  console.log(`${`${c.section}/${c.name}`.padEnd(44)} ${String(c.facts.length).padStart(3)} facts  ${relative(process.cwd(), y)} + ${j.split('/').pop()}`);
}
console.log(`${cases.length} cases written to ${relative(process.cwd(), outDir) || '.'}`);
