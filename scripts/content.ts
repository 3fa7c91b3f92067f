/**
 * `npm run content -- --stats`: what the study content holds and what of the seeds it covers
 * (issue 8 "Done when"). Lessons, steps by kind, drills, cards and questions per CKA/CKS domain and
 * per topic; then, for each seed section (src/lessons/seeds SEED_SECTIONS), the lesson steps, cards
 * and questions that cite it, the seed questions and what carries them, and what is uncovered.
 *
 * The lessons, quiz and drills modules are other helpers' work; each is loaded on its own and a
 * missing one is reported, not fatal. Exit code 1 when a seed question has no counterpart or a
 * seed section is covered by nothing (`--no-fail` to only print).
 */
import { createLab, faultCatalog, type FaultSpec } from '../src/engine';
import { loadSamplesForTests } from '../src/lessons/core/samples-node';
import { CARDS } from '../src/lessons/cards';
import { isCovered, questionCoverage, sectionCoverage, unknownSeedRefs } from '../src/lessons/seeds/coverage';
import { SEED_QUESTIONS, SEED_SECTIONS } from '../src/lessons/seeds';
import { DOMAINS, TOPICS, type Card, type DomainId, type Lesson, type Question, type TopicId } from '../src/lessons/types';

const args = process.argv.slice(2);
if (!args.includes('--stats')) {
  console.log('usage: npm run content -- --stats [--no-fail]');
  process.exit(args.length ? 2 : 0);
}

async function load<T>(path: string, name: string, what: string): Promise<T | null> {
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    if (!(name in mod)) throw new Error(`it exports no ${name}`);
    return mod[name] as T;
  } catch (e) {
    console.log(`! ${what} (${path}) not loaded: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

const lessons = (await load<readonly Lesson[]>('../src/lessons/lessons/index.ts', 'LESSONS', 'lessons')) ?? [];
const questions = (await load<readonly Question[]>('../src/lessons/quiz/index.ts', 'QUESTIONS', 'quiz questions')) ?? [];
const drillScenarios = (await load<readonly string[]>('../src/lessons/drills/index.ts', 'DRILL_SCENARIOS', 'drills')) ?? [];
const cards: readonly Card[] = CARDS;

// --- drills: every catalog fault of every drill scenario is a possible drill (the seed picks one) ---
/** The topic a fault exercises (the drills are all CKA Troubleshooting). */
const FAULT_TOPIC: Readonly<Record<FaultSpec['type'], TopicId>> = {
  mtu: 'mtu',
  'delete-route': 'cross-node',
  'add-route': 'cross-node',
  block: 'cross-node',
  'delete-fdb': 'cross-node',
  'delete-neigh': 'cross-node',
  'coredns-scale': 'dns',
  'coredns-not-ready': 'dns',
  'endpointslice-empty': 'services',
  'upstream-dns-down': 'dns',
  'kube-proxy-stopped': 'services',
  'stale-conntrack': 'conntrack',
  sysctl: 'cross-node',
  hairpin: 'egress',
  'bgp-down': 'bgp',
  'ipam-exhaust': 'ipam',
  'security-group': 'cross-node',
  'proxy-arp': 'same-node',
  'neigh-flush': 'same-node',
};
const drillFaults: { scenario: string; type: FaultSpec['type'] }[] = [];
if (drillScenarios.length) {
  const samples = loadSamplesForTests();
  for (const id of drillScenarios) {
    const s = samples[id];
    const r = s ? createLab(s) : null;
    if (!r?.ok) {
      console.log(`! drill scenario ${id}: not loadable`);
      continue;
    }
    for (const o of faultCatalog(r.lab.cluster)) drillFaults.push({ scenario: id, type: o.fault.type });
  }
}

// --- tables ---
function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  // numbers right-aligned, text (the first and any non-numeric column) left-aligned; no trailing blanks
  const numeric = head.map((_, i) => rows.every((r) => typeof r[i] === 'number'));
  return cells
    .map((r) =>
      r
        .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
const countBy = <T>(xs: readonly T[], key: (x: T) => string): Record<string, number> =>
  xs.reduce<Record<string, number>>((acc, x) => ((acc[key(x)] = (acc[key(x)] ?? 0) + 1), acc), {});
const list = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

const steps = lessons.flatMap((l) => l.steps.map((s) => ({ lesson: l, step: s })));
console.log('podpath study content\n');
console.log(`Lessons    ${lessons.length}`);
console.log(`Steps      ${steps.length}  (${list(countBy(steps, (s) => s.step.kind))})`);
console.log(`Drills     ${drillFaults.length} fault options over ${drillScenarios.length} scenarios  (${list(countBy(drillFaults, (d) => d.scenario))})`);
console.log(
  `Cards      ${cards.length}  (${cards.filter((c) => c.seedQuestion).length} carry a seed question; links: ${list(countBy(cards, (c) => c.link.kind))})`,
);
console.log(`Questions  ${questions.length}  (${list(countBy(questions, (q) => q.kind))})`);

const domainIds = Object.keys(DOMAINS) as DomainId[];
console.log('\nPer domain');
console.log(
  table(
    ['domain', 'lessons', 'steps', 'drills', 'cards', 'questions'],
    domainIds.map((d) => [
      `${d} (${DOMAINS[d].exam})`,
      lessons.filter((l) => l.domains.includes(d)).length,
      steps.filter((s) => s.lesson.domains.includes(d)).length,
      d === 'cka-troubleshooting' ? drillFaults.length : 0,
      cards.filter((c) => c.domains.includes(d)).length,
      questions.filter((q) => q.domain === d).length,
    ]),
  ),
);
const topicIds = Object.keys(TOPICS) as TopicId[];
console.log('\nPer topic');
console.log(
  table(
    ['topic', 'lessons', 'steps', 'drills', 'cards', 'questions'],
    topicIds.map((t) => [
      t,
      lessons.filter((l) => l.topic === t).length,
      steps.filter((s) => s.lesson.topic === t).length,
      drillFaults.filter((d) => FAULT_TOPIC[d.type] === t).length,
      cards.filter((c) => c.topic === t).length,
      questions.filter((q) => q.topic === t).length,
    ]),
  ),
);

// --- seed coverage ---
const content = { lessons, cards, questions };
const rows = sectionCoverage(content);
console.log(`\nSeed sections (${SEED_SECTIONS.length}): what covers each — steps / cards / questions`);
const short = (ids: readonly string[], n = 4) => (ids.length <= n ? ids.join(' ') : `${ids.slice(0, n).join(' ')} +${ids.length - n}`);
console.log(
  table(
    ['seed section', 'steps', 'cards', 'questions', 'covered by'],
    rows.map((r) => [
      `${r.ref.seed}  ${r.ref.section.length > 58 ? r.ref.section.slice(0, 57) + '…' : r.ref.section}`,
      r.steps.length,
      r.cards.length,
      r.questions.length,
      isCovered(r) ? [short(r.steps, 2), short(r.cards, 3), short(r.questions, 2)].filter(Boolean).join(' | ') : 'NOTHING',
    ]),
  ),
);

const qrows = questionCoverage(content);
console.log(`\nSeed questions (${SEED_QUESTIONS.length}): ${list(countBy([...SEED_QUESTIONS], (q) => q.kind))}`);
console.log(
  table(
    ['seed question', 'cards', 'questions'],
    qrows.map((r) => [`${r.question.id}  ${r.question.text.slice(0, 60)}`, short(r.cards, 2) || '-', short(r.questions, 2) || '-']),
  ),
);

const uncovered = rows.filter((r) => !isCovered(r));
const orphanQuestions = qrows.filter((r) => !r.cards.length && !r.questions.length);
const unknown = unknownSeedRefs(content);
console.log(`\nUncovered seed sections: ${uncovered.length ? '' : 'none'}`);
for (const r of uncovered) console.log(`  ${r.ref.seed}  ${r.ref.section}`);
console.log(`Seed questions without a card or question: ${orphanQuestions.length ? orphanQuestions.map((r) => r.question.id).join(' ') : 'none'}`);
if (unknown.length) console.log(`Seed references naming no listed section:\n  ${unknown.join('\n  ')}`);
console.log(
  `\n${rows.length - uncovered.length}/${rows.length} seed sections covered, ${qrows.length - orphanQuestions.length}/${qrows.length} seed questions carried`,
);

if (!args.includes('--no-fail') && (uncovered.length || orphanQuestions.length || unknown.length)) process.exit(1);
