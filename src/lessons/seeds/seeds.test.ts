import { describe, expect, it } from 'vitest';
import { SEED_IDS, SEED_QUESTION_COUNTS, SEED_QUESTIONS, SEED_SECTIONS, seedRef, seedRefKey } from './index';
import { readSeedFiles, seedsDir } from './seed-files';

describe('seed lists (data only)', () => {
  it('lists sections for every seed, without duplicates', () => {
    for (const seed of SEED_IDS) expect(SEED_SECTIONS.some((s) => s.seed === seed)).toBe(true);
    const keys = SEED_SECTIONS.map(seedRefKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has the issue count of seed questions: 5 + 12 + 5 + 3, ids unique and well formed', () => {
    expect(SEED_QUESTIONS.length).toBe(25);
    for (const [kind, n] of Object.entries(SEED_QUESTION_COUNTS)) expect(SEED_QUESTIONS.filter((x) => x.kind === kind).length).toBe(n);
    const ids = SEED_QUESTIONS.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const x of SEED_QUESTIONS) expect(x.id).toMatch(new RegExp(`^s${x.seed}-(card|interview|quick|check)-\\d+$`));
  });

  it('seedRef refuses a heading that is not listed', () => {
    expect(seedRef('001', 'CNI Operations').section).toBe('CNI Operations');
    expect(() => seedRef('001', 'No Such Heading')).toThrow(/no listed section/);
  });
});

const dir = seedsDir();
const files = dir ? readSeedFiles(dir) : new Map();
if (!dir) console.warn('seeds.test: ../shared/seeds not found (set PODPATH_SEEDS) — skipping the checks against the seed files');

/** Lines of `text` between the heading line `from` and the next line equal to one of `until`. */
function between(text: string, from: string, until: readonly string[]): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  const start = lines.indexOf(from);
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => until.includes(l));
  return end < 0 ? rest : rest.slice(0, end);
}

describe.skipIf(!dir)('seed lists against the seed files', () => {
  it('finds a file for every seed id', () => {
    for (const seed of SEED_IDS) expect(files.has(seed), `seed ${seed}`).toBe(true);
  });

  it('finds every listed heading in its file', () => {
    // Some headings were glued to the line before when the pages were extracted (003: "source: {}Cilium: eBPF‑Based
    // Networking"), so a heading counts when it ends a line or stands on its own.
    for (const ref of SEED_SECTIONS) {
      const text: string = files.get(ref.seed) ?? '';
      const lines = text.split('\n').map((l) => l.trim());
      expect(
        lines.some((l) => l === ref.section || l.endsWith(ref.section)),
        `${ref.seed}: "${ref.section}"`,
      ).toBe(true);
    }
  });

  it('counts the same seed questions as the files ask', () => {
    const s000 = files.get('000') ?? '';
    expect(between(s000, 'Study Cards', ['References']).filter((l) => l === 'Question').length).toBe(5);
    const s002 = files.get('002') ?? '';
    expect(between(s002, 'Interview & exam questions', ['Quick check']).filter((l) => /^\d+\. /.test(l)).length).toBe(12);
    expect(between(s002, 'Quick check', ['Answers']).filter((l) => /^\d+\. /.test(l)).length).toBe(5);
    const s004 = files.get('004') ?? '';
    expect(between(s004, 'Check Yourself', ['NetworkPolicy: a Default-Deny Pattern']).filter((l) => /^\d+\. /.test(l)).length).toBe(3);
    // and no other question blocks hide in the seeds
    for (const [seed, text] of files) {
      const blocks = text.split('\n').filter((l: string) => /^(Study Cards|Interview & exam questions|Quick check|Check Yourself)$/.test(l.trim()));
      expect(blocks.length, `seed ${seed}`).toBe({ '000': 1, '002': 2, '004': 1 }[seed as string] ?? 0);
    }
  });
});

describe.skipIf(!dir)('the wording is ours', () => {
  // Facts carry over from the seeds, sentences do not. Commands, paths, error messages and
  // resolv.conf lines legitimately match the seeds word for word, so code spans (`…`) and word
  // runs with digits are left out, and the few cards that quote an error text or a search line
  // outside backticks are named here.
  const QUOTES_DATA = new Set(['cni-dirs', 'ipam-exhausted', 'dns-resolv-conf', 'dns-external-cost', 'cni-notready']);
  const words = (s: string) =>
    s
      .replace(/`[^`]*`/g, ' | ')
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/[^a-z0-9'| ]+/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
  const N = 8;
  it(`no run of ${N} words in a card or a seed-question paraphrase is copied from a seed`, async () => {
    const { CARDS } = await import('../cards');
    const grams = new Set<string>();
    for (const text of files.values()) {
      const w = words(text);
      for (let i = 0; i + N <= w.length; i++) grams.add(w.slice(i, i + N).join(' '));
    }
    const texts: [string, string][] = [
      ...CARDS.filter((c) => !QUOTES_DATA.has(c.id)).flatMap((c): [string, string][] => [
        [c.id, c.front],
        [c.id, c.back],
      ]),
      ...SEED_QUESTIONS.map((q): [string, string] => [q.id, q.text]),
    ];
    const copied: string[] = [];
    for (const [id, text] of texts) {
      const w = words(text);
      for (let i = 0; i + N <= w.length; i++) {
        const run = w.slice(i, i + N);
        if (run.includes('|') || run.some((t) => /\d/.test(t))) continue;
        if (grams.has(run.join(' '))) copied.push(`${id}: "${run.join(' ')}"`);
      }
    }
    expect(copied).toEqual([]);
  });
});
