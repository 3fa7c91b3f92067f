import { useLabStore } from '../store/lab-store';

const MARK: Record<string, string> = { delivered: '✓', dropped: '✗', rejected: '✗', error: '!' };

/**
 * The scenario's probes as chips; each shows its last outcome on the lab as it is now, so
 * "by name" and "by pod IP" can be read side by side. Run all sends them in order, as the
 * headless runner does, and plays the last.
 */
export function ProbeChips() {
  const probes = useLabStore((s) => s.scenario.probes);
  const results = useLabStore((s) => s.chipResults);
  if (probes.length === 0) return null;
  return (
    <div className="preset-probes" role="group" aria-label="Scenario probes">
      <span className="hint">Scenario probes</span>
      {probes.map((p, i) => {
        const r = results[i];
        return (
          <button
            key={p.id ?? i}
            type="button"
            className={`chip${r ? ` chip--${r.verdict}` : ''}`}
            onClick={() => useLabStore.getState().sendChip(i)}
            title={`${p.from} → ${p.to} ${p.protocol}${p.size !== undefined ? ` ${p.size} B` : ''}${p.df ? ' DF' : ''}${r ? ` — last: ${r.verdict} ${r.reason}` : ''}`}
          >
            {p.id ?? `${p.from} → ${p.to}`}
            {r && (
              <span className="chip__result">
                <span aria-hidden="true"> {MARK[r.verdict]}</span>
                <span className="visually-hidden"> {r.verdict}</span>
              </span>
            )}
          </button>
        );
      })}
      {probes.length > 1 && (
        <button type="button" className="btn btn--small" onClick={() => useLabStore.getState().sendAllChips()}>
          Run all
        </button>
      )}
      {Object.keys(results).length > 1 && (
        <ul className="chip-results" aria-label="Probe outcomes">
          {probes.map((p, i) =>
            results[i] ? (
              <li key={p.id ?? i} className={`chip-results__row is-${results[i].verdict}`}>
                <span className="chip-results__id">{p.id ?? `${p.from} → ${p.to}`}</span>
                <span className="chip-results__verdict">{results[i].verdict}</span>
                {results[i].reason !== 'DELIVERED' && <code>{results[i].reason}</code>}
              </li>
            ) : null,
          )}
        </ul>
      )}
    </div>
  );
}
