/**
 * Kernel oracle fixtures: `npx tsx scripts/oracle.ts <results.json> [--check] [--out DIR] [--only-disagree]`
 *
 * Without --check: extracts every `modes`, `mtu` and `faults` case of an oracle results.json
 * (kernel-oracle/run.sh, any KO_MTU_CASES) into test/kernel-oracle/cases/ (or DIR): a scenario
 * YAML and an expect.json of kernel facts per case. Existing cases of other names are kept.
 * With --check: runs the engine through run.sh's procedures for every case of that file and
 * prints agree/disagree per fact; exits 1 on any disagreement.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { extractCases } from '../test/kernel-oracle/extract';
import { agrees, show, type OracleCase } from '../test/kernel-oracle/facts';
import { CASES_DIR, KNOWN_DISAGREEMENTS, writeFixture } from '../test/kernel-oracle/fixtures';
import { runCase } from '../test/kernel-oracle/procedures';
import { scenarioYaml } from '../test/kernel-oracle/topology';

function usage(msg?: string): never {
  if (msg) console.error(`oracle: ${msg}`);
  console.error('usage: npx tsx scripts/oracle.ts <results.json> [--check [--only-disagree]] [--out DIR]');
  process.exit(2);
}

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
if (!file) usage();
const outIdx = args.indexOf('--out');
const outDir = outIdx >= 0 ? (args[outIdx + 1] ?? usage('--out needs a directory')) : CASES_DIR;

let cases: OracleCase[];
try {
  cases = extractCases(JSON.parse(readFileSync(file, 'utf8')), file.split('/').pop()!);
} catch (e) {
  usage(`cannot read ${file}: ${(e as Error).message}`);
}
if (!cases.length) usage(`${file} has no modes, mtu or faults section`);

if (!args.includes('--check')) {
  for (const c of cases) {
    const [y, j] = await writeFixture(c, outDir);
    console.log(`${`${c.section}/${c.name}`.padEnd(50)} ${String(c.facts.length).padStart(3)} facts  ${relative(process.cwd(), y)} + ${j.split('/').pop()}`);
  }
  console.log(`${cases.length} cases written to ${relative(process.cwd(), outDir) || '.'}`);
  process.exit(0);
}

const onlyBad = args.includes('--only-disagree');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
let agree = 0;
let disagree = 0;
const perCase: string[] = [];
for (const c of cases) {
  const id = `${c.section}/${c.name}`;
  let engine: Record<string, unknown> = {};
  let crash = '';
  try {
    engine = runCase(c, scenarioYaml(c));
  } catch (e) {
    crash = (e as Error).message;
  }
  let bad = 0;
  console.log(`\n== ${id}${crash ? `  ENGINE ERROR: ${crash}` : ''}`);
  for (const f of c.facts) {
    const e = engine[f.key] as Parameters<typeof agrees>[1];
    const ok = !crash && agrees(f, e);
    if (ok) agree++;
    else {
      disagree++;
      bad++;
    }
    if (ok && onlyBad) continue;
    const known = KNOWN_DISAGREEMENTS[`${id}: ${f.key}`] ? ' (known)' : '';
    const eng = ok ? '' : `  engine: ${clip(show(e), 90)}`;
    console.log(`  ${ok ? 'agree   ' : 'DISAGREE'} ${f.key.padEnd(40)} kernel: ${clip(show(f.kernel), 60)}${eng}${known}`);
  }
  perCase.push(`  ${id.padEnd(50)} ${String(c.facts.length - bad).padStart(3)}/${c.facts.length} agree`);
}
console.log(`\n== summary (${file})\n${perCase.join('\n')}\n${agree} facts agree, ${disagree} disagree`);
process.exit(disagree ? 1 : 0);
