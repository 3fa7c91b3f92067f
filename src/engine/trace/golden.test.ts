/**
 * Golden traces: every sample scenario in public/scenarios, run through the engine and
 * printed hop by hop. A change to the walk that changes what a learner sees shows up here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labFromText, runScenarioProbes } from '../lab';
import { describeHeader } from '../wire/headers';

const dir = join(__dirname, '../../../public/scenarios');

describe('golden traces of the sample scenarios', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(file, () => {
      const r = labFromText(readFileSync(join(dir, file), 'utf8'));
      if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`);
      const { runs } = runScenarioProbes(r.lab);
      const hop = (h: (typeof runs)[number]['trace']['hops'][number]) =>
        `${h.dir} ${h.node}/${h.netns}${h.device ? ` ${h.device}` : ''} ${h.kind}: ${h.note} | ${h.headers.map(describeHeader).join(' / ')}${h.decided ? ` | ${h.decided.table}: ${h.decided.row}` : ''}`;
      const printed = runs.map(({ probe, trace }) => ({
        probe: `${probe.id ?? ''} ${probe.from} -> ${probe.to} ${probe.protocol}${probe.size !== undefined ? ` ${probe.size}` : ''}${probe.df ? ' DF' : ''}`,
        verdict: `${trace.verdict} ${trace.reason}${trace.icmp ? ` icmp ${trace.icmp.type}/${trace.icmp.code} from ${trace.icmp.from}${trace.icmp.mtu ? ` mtu ${trace.icmp.mtu}` : ''}` : ''}${trace.localError ? ` ${trace.localError}` : ''}${trace.replyTtl ? ` ttl ${trace.replyTtl}` : ''}`,
        ...(trace.lookup
          ? {
              lookup: trace.lookup.queries.map((q) => ({
                query: `${q.name} ${q.type} @${q.server} → ${q.rcode} ${q.answers.map((a) => a.data).join(' ')}`.trim(),
                hops: q.hops.map(hop),
              })),
            }
          : {}),
        hops: trace.hops.map(hop),
      }));
      expect(printed).toMatchSnapshot();
    });
  }
});
