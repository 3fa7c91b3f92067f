/**
 * `npm run probe -- <scenario> --compare …`: one table per probe, a row per shape (verdict and
 * reason, hops, encapsulation overhead, largest DF payload), or the same as JSON.
 */
import type { Scenario } from '../model/scenario-schema';
import { compareShapes, type Shape, type ShapeComparison } from '../compare';
import { describeProbe, probeId } from '../trace/result';
import type { RunnerOutput } from './runner';

const label = (s: Shape) => `${s.cni}/${s.mode}`;

function pad(cells: readonly string[][]): string[] {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}

function json(scenario: Scenario, runs: readonly ShapeComparison[]) {
  return {
    scenario: scenario.metadata.name,
    shapes: runs.map((r) =>
      r.ok
        ? {
            shape: label(r.shape),
            probes: r.probes.map((p, i) => ({
              id: scenario.probes[i].id ?? `probe-${i + 1}`,
              verdict: p.trace.verdict,
              reason: p.trace.reason,
              hops: p.hops,
              overhead: p.overhead,
              maxDfPayload: p.maxDfPayload,
            })),
          }
        : { shape: label(r.shape), error: r.error },
    ),
  };
}

export function compareOutput(scenario: Scenario, shapes: readonly Shape[], asJson: boolean): RunnerOutput {
  const runs = compareShapes(scenario, shapes);
  if (asJson) return { stdout: `${JSON.stringify(json(scenario, runs), null, 2)}\n`, stderr: '', exitCode: 0 };
  const out = [
    `scenario ${scenario.metadata.name}: ${scenario.probes.length} probe${scenario.probes.length === 1 ? '' : 's'} under ${shapes.map(label).join(', ')}`,
  ];
  scenario.probes.forEach((probe, i) => {
    const rows: string[][] = [['shape', 'verdict', 'hops', 'overhead', 'largest DF payload']];
    for (const r of runs) {
      if (!r.ok) {
        rows.push([label(r.shape), 'not built', '-', '-', r.error]);
        continue;
      }
      const p = r.probes[i];
      rows.push([
        label(r.shape),
        `${p.trace.verdict} ${p.trace.reason}`,
        String(p.hops),
        `${p.overhead} B`,
        p.maxDfPayload === null ? 'none' : `${p.maxDfPayload} B`,
      ]);
    }
    out.push('', `${probeId(probe, i)}: ${describeProbe(probe)}`, ...pad(rows).map((l) => `  ${l}`));
  });
  return { stdout: `${out.join('\n')}\n`, stderr: '', exitCode: 0 };
}
