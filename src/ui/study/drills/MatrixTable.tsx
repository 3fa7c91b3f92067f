import type { Matrix, MatrixProbe } from '../../../lessons/drills';
import { cellText } from './session';

interface Column {
  readonly title: string;
  readonly matrix: Matrix;
  /** only what the client sees (the symptom), not where it was dropped */
  readonly asSeen?: boolean;
}

/** The reachability matrix: one row per probe, one column per lab state (text only). */
export function MatrixTable({ probes, columns, caption }: { probes: readonly MatrixProbe[]; columns: readonly Column[]; caption: string }) {
  return (
    <table className="drill-matrix">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          {columns.map((c) => (
            <th scope="col" key={c.title}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {probes.map((p, i) => (
          <tr key={p.kind}>
            <th scope="row">{p.label}</th>
            {columns.map((c) => {
              const cell = c.matrix[i];
              return (
                <td key={c.title} className={cell?.verdict === 'delivered' ? 'is-ok' : 'is-bad'} data-kind={p.kind}>
                  {cell ? cellText(cell, c.asSeen) : '—'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
