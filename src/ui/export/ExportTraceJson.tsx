import { useLabStore } from '../store/lab-store';
import { downloadText, traceFileText, type TraceFileEntry } from './trace-json';

interface Props {
  /** what to write; an empty list disables the button */
  readonly entries: readonly TraceFileEntry[];
  /** the downloaded file's name */
  readonly fileName: string;
  readonly label?: string;
}

/** A button beside "Export pcap": the same traces as JSON (trace-json.ts). */
export function ExportTraceJson({ entries, fileName, label = 'Export JSON' }: Props) {
  const scenario = useLabStore((s) => s.scenario.metadata.name);
  return (
    <button
      type="button"
      className="btn btn--ghost btn--small"
      disabled={entries.length === 0}
      onClick={() => downloadText(fileName, traceFileText(scenario, entries), 'application/json')}
    >
      {label}
    </button>
  );
}

/** For the verdict panel (VerdictPanel.tsx): the trace on screen as podpath-trace.json. */
export function ExportCurrentTraceJson() {
  const trace = useLabStore((s) => s.trace);
  const probe = useLabStore((s) => s.probe);
  return <ExportTraceJson entries={trace && probe ? [{ probe, trace }] : []} fileName="podpath-trace.json" />;
}
