import { lazy, Suspense, useId } from 'react';
import { useLabStore } from '../store/lab-store';
import { verdictSummary } from '../playback/hop-format';
import { decidingHop, verdictShown } from '../playback/reveal';
import { probeLabel } from '../store/scenario-edits';
import { downloadPcap } from '../pcap/export-pcap';
import { ExportCurrentTraceJson } from '../export/ExportTraceJson';

// only a probe whose `to` was a name has a lookup to list: loaded on first use
const LookupSteps = lazy(() => import('./LookupSteps'));

/**
 * The outcome of the probe on screen: delivered / dropped / rejected, the reason and where; then
 * the lookup, if one ran. Predict first (playback/reveal.ts): until playback reaches the deciding
 * hop the panel asks for a prediction instead — nothing in it, its live region included, says the
 * outcome early; the lookup's answers wait too (for a DNS probe they are the outcome).
 */
export function VerdictPanel() {
  const trace = useLabStore((s) => s.trace);
  const probe = useLabStore((s) => s.probe);
  const error = useLabStore((s) => s.probeError);
  const shown = useLabStore(verdictShown);
  const deciding = useLabStore(decidingHop);
  const atOnce = useLabStore((s) => s.verdictAtOnce);
  const hasLookup = useLabStore((s) => !!s.trace?.lookup?.queries.length);
  const id = useId();
  const summary = trace && shown ? verdictSummary(trace) : null;
  const waiting = !!trace && !shown;
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
        ) : waiting ? (
          <p className="verdict__text verdict__text--idle">
            <strong>Predict first:</strong> what will happen to this packet? The verdict appears when playback reaches the deciding hop (hop {deciding + 1}).
          </p>
        ) : error ? (
          <p className="verdict__text verdict__text--error">The engine could not run this probe: {error}</p>
        ) : (
          <p className="verdict__text verdict__text--idle">No packet sent yet. Pick From and To, then Send.</p>
        )}
      </div>
      {trace && (
        <div className="verdict__tools">
          {waiting && (
            <button type="button" className="btn btn--small verdict__reveal" aria-keyshortcuts="v" onClick={() => useLabStore.getState().revealVerdict()}>
              Show verdict now <kbd aria-hidden="true">v</kbd>
            </button>
          )}
          <button type="button" className="btn btn--ghost btn--small" onClick={() => void downloadPcap('podpath-trace.pcap', [trace])}>
            Export pcap
          </button>
          <ExportCurrentTraceJson />
          {!waiting && <span className="hint">every frame on every wire, for Wireshark or tshark</span>}
        </div>
      )}
      {trace && (
        <div className="verdict__tools">
          <label className="checkbox" htmlFor={`${id}-at-once`}>
            <input id={`${id}-at-once`} type="checkbox" checked={atOnce} onChange={(e) => useLabStore.getState().setVerdictAtOnce(e.target.checked)} />
            Always show the verdict at once
          </label>
        </div>
      )}
      {hasLookup && shown && (
        <Suspense fallback={null}>
          <LookupSteps />
        </Suspense>
      )}
    </>
  );
}
