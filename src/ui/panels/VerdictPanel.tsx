import { lazy, Suspense } from 'react';
import { useLabStore } from '../store/lab-store';
import { verdictSummary } from '../playback/hop-format';
import { probeLabel } from '../store/scenario-edits';
import { downloadPcap } from '../pcap/export-pcap';

// only a probe whose `to` was a name has a lookup to list: loaded on first use
const LookupSteps = lazy(() => import('./LookupSteps'));

/** The outcome of the probe on screen: delivered / dropped / rejected, the reason and where; then the lookup, if one ran. */
export function VerdictPanel() {
  const trace = useLabStore((s) => s.trace);
  const probe = useLabStore((s) => s.probe);
  const error = useLabStore((s) => s.probeError);
  const hasLookup = useLabStore((s) => !!s.trace?.lookup?.queries.length);
  const summary = trace ? verdictSummary(trace) : null;
  return (
    <>
      <div className={`verdict${summary ? ` verdict--${summary.verdict}` : ''}`} role="status" aria-label="Verdict" aria-live="polite">
        {probe && (
          <div className="verdict__probe" title={`${probeLabel(probe)} · ${probe.protocol}`}>
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
            {trace?.note && <p className="verdict__note">{trace.note}</p>}
            {trace?.policy && (
              <p className={`verdict__policy${trace.policy.wouldDeny ? ' verdict__policy--would-deny' : ''}`} title={trace.policy.why}>
                {trace.policy.text}
              </p>
            )}
          </>
        ) : error ? (
          <p className="verdict__text verdict__text--error">The engine could not run this probe: {error}</p>
        ) : (
          <p className="verdict__text verdict__text--idle">No packet sent yet. Pick From and To, then Send.</p>
        )}
      </div>
      {trace && (
        <div className="verdict__tools">
          <button type="button" className="btn btn--ghost btn--small" onClick={() => void downloadPcap('podpath-trace.pcap', [trace])}>
            Export pcap
          </button>
          <span className="hint">every frame on every wire, for Wireshark or tshark</span>
        </div>
      )}
      {hasLookup && (
        <Suspense fallback={null}>
          <LookupSteps />
        </Suspense>
      )}
    </>
  );
}
