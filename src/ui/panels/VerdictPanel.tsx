import { useLabStore } from '../store/lab-store';
import { verdictSummary } from '../playback/hop-format';
import { probeLabel } from '../store/scenario-edits';

/** The outcome of the probe on screen: delivered / dropped / rejected, the reason and where. */
export function VerdictPanel() {
  const trace = useLabStore((s) => s.trace);
  const probe = useLabStore((s) => s.probe);
  const error = useLabStore((s) => s.probeError);
  const summary = trace ? verdictSummary(trace) : null;
  return (
    <div className={`verdict${summary ? ` verdict--${summary.verdict}` : ''}`} role="status" aria-label="Verdict" aria-live="polite">
      {probe && (
        <div className="verdict__probe">
          {probeLabel(probe)} · {probe.protocol}
          {probe.size !== undefined ? ` ${probe.size} B` : ''}
          {probe.df ? ' · DF' : ''}
        </div>
      )}
      {summary ? (
        <>
          <div className="verdict__head">
            <span className="verdict__badge">{summary.verdict}</span>
            {summary.reason !== 'DELIVERED' && <code className="verdict__reason">{summary.reason}</code>}
          </div>
          <p className="verdict__text">{summary.text}</p>
          <p className="verdict__detail">{summary.detail}</p>
        </>
      ) : error ? (
        <p className="verdict__text verdict__text--error">The engine could not run this probe: {error}</p>
      ) : (
        <p className="verdict__text verdict__text--idle">No packet sent yet. Pick From and To, then Send.</p>
      )}
    </div>
  );
}
