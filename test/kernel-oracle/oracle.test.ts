/**
 * The engine against the real kernel: every fact of every kernel-oracle case
 * (cases/<section>/<name>.expect.json, extracted from kernel-oracle/results*.json by
 * scripts/oracle.ts) must come out of the engine when run.sh's procedure is replayed on the
 * case's scenario (procedures.ts). Known, explained disagreements (fixtures.ts KNOWN_DISAGREEMENTS) run as it.fails.
 */
import { describe, expect, it } from 'vitest';
import { labFromText } from '../../src/engine/io';
import { agrees, show, type EngineFacts, type Fact } from './facts';
import { KNOWN_DISAGREEMENTS, loadFixtures } from './fixtures';
import { runCase } from './procedures';
import { calicoFixtures } from './calico/oracle-calico';

const fixtures = [
  ...loadFixtures().map((f) => ({ ...f, id: `${f.case.section}/${f.case.name}`, run: runCase, known: KNOWN_DISAGREEMENTS })),
  ...calicoFixtures(),
];

it('has the oracle fixtures (regenerate: npx tsx scripts/oracle.ts /work/shared/kernel-oracle/results-default.json)', () => {
  expect(fixtures.map((f) => f.case.section).sort()).toEqual(expect.arrayContaining(['faults', 'modes', 'mtu']));
});

for (const { case: c, yaml, yamlPath, id, run, known } of fixtures) {
  describe(id, () => {
    it('scenario file builds', () => {
      const r = labFromText(yaml);
      expect(r.ok ? [] : r.errors, yamlPath).toEqual([]);
    });

    let memo: { facts?: EngineFacts; error?: unknown } | undefined;
    const engine = (): EngineFacts => {
      if (!memo) {
        try {
          memo = { facts: run(c, yaml) };
        } catch (error) {
          memo = { error };
        }
      }
      if (memo.error) throw memo.error;
      return memo.facts!;
    };

    for (const f of c.facts) {
      const why = known[`${id}: ${f.key}`];
      const check = (fact: Fact) => () => {
        const got = engine()[fact.key];
        const msg = `${id} ${fact.key}: kernel ${show(fact.kernel)}, engine ${show(got)}`;
        if (fact.compare === 'elapsed') expect(agrees(fact, got), `${msg} (tolerance ±(50 ms + 10%))`).toBe(true);
        else expect(got, msg).toEqual(fact.kernel);
      };
      if (why) it.fails(`${id}: ${f.label} [known: ${why}]`, check(f));
      else it(`${id}: ${f.label}`, check(f));
    }
  });
}
