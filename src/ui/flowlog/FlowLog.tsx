import { useId, useMemo, useState } from 'react';
import { downloadPcap } from '../pcap/export-pcap';
import { ExportTraceJson } from '../export/ExportTraceJson';
import { useLabStore } from '../store/lab-store';
import { formatLabTime, hubbleVerdict, matchesFilter, type FlowFilter } from '../store/flow-log';

const VERDICTS: FlowFilter['verdict'][] = ['all', 'delivered', 'dropped', 'rejected', 'error'];

/** A Hubble-style log of every probe sent in this lab, filterable; a row replays its trace. */
export default function FlowLog() {
  const flows = useLabStore((s) => s.flows);
  const [filter, setFilter] = useState<FlowFilter>({ text: '', verdict: 'all' });
  const shown = useMemo(() => flows.filter((f) => matchesFilter(f, filter)).reverse(), [flows, filter]);
  const id = useId();
  // oldest first, as they were sent (the table lists the newest on top)
  const traced = useMemo(() => [...shown].reverse().flatMap((f) => (f.trace ? [{ flow: f.id, at: f.at, probe: f.probe, trace: f.trace }] : [])), [shown]);
  return (
    <div className="flowlog">
      <div className="flowlog__bar">
        <label htmlFor={`${id}-q`}>Filter flows</label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="pod, node, protocol, reason…"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <label htmlFor={`${id}-v`}>Filter by outcome</label>
        <select id={`${id}-v`} value={filter.verdict} onChange={(e) => setFilter({ ...filter, verdict: e.target.value as FlowFilter['verdict'] })}>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <span className="hint" role="status">
          {shown.length} of {flows.length} flows
        </span>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={traced.length === 0}
          onClick={() =>
            void downloadPcap(
              'podpath-flows.pcap',
              traced.map((f) => f.trace),
            )
          }
        >
          Export pcap
        </button>
        <ExportTraceJson entries={traced} fileName="podpath-flows.json" />
      </div>
      {flows.length === 0 ? (
        <p className="hint">Every probe you send — from the form, a fault re-run or the terminal — is logged here.</p>
      ) : (
        <div className="flowlog__scroll">
          <table className="flowlog__table" aria-label="Flow log">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Source</th>
                <th scope="col">Flow</th>
                <th scope="col">Verdict</th>
                <th scope="col">Reason</th>
                <th scope="col">
                  <span className="visually-hidden">Show on canvas</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.id} className={`flow flow--${f.verdict}`}>
                  <td>{f.id}</td>
                  <td>
                    <code>{formatLabTime(f.at)}</code>
                  </td>
                  <td>{f.source}</td>
                  <td>
                    <code>
                      {f.probe.from} → {f.probe.to} {f.probe.protocol.toUpperCase()}
                      {f.probe.size !== undefined ? ` ${f.probe.size}B` : ''}
                      {f.probe.df ? ' DF' : ''}
                    </code>
                  </td>
                  <td>
                    <span className="flow__verdict">{hubbleVerdict(f.verdict)}</span>
                  </td>
                  <td>
                    <code title={f.error}>{f.reason}</code>
                  </td>
                  <td>
                    {f.trace && (
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => useLabStore.getState().replayFlow(f.id)}
                        aria-label={`Show flow ${f.id} on the canvas`}
                      >
                        Show
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
