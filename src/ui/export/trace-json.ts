/**
 * "Export JSON" (issue 10 "Real outputs": the trace as JSON): the engine's traces as a file a
 * script reads back — jq, Python's json — with the probe each came from and the scenario it ran
 * in. The trace is the engine's own plain data (src/engine/model/trace.ts: strings and numbers,
 * addresses as dotted quads), written as it is: nothing is recomputed here.
 */
import type { ProbeSpec, Trace } from '../../engine';

export const TRACE_FILE_FORMAT = 'podpath-traces';
/** bumped when the wrapper's shape changes (the trace inside follows the engine's types) */
export const TRACE_FILE_VERSION = 1;

export interface TraceFileEntry {
  /** the flow log's number for it, when it came from the log */
  readonly flow?: number;
  /** the lab clock (ms since the scenario started) when it was sent */
  readonly at?: number;
  readonly probe: ProbeSpec;
  readonly trace: Trace;
}

export interface TraceFile {
  readonly format: typeof TRACE_FILE_FORMAT;
  readonly version: typeof TRACE_FILE_VERSION;
  /** metadata.name of the scenario the probes ran in */
  readonly scenario: string;
  readonly traces: readonly TraceFileEntry[];
}

/** The file's text: pretty-printed (a learner may open it), one trailing newline. */
export function traceFileText(scenario: string, traces: readonly TraceFileEntry[]): string {
  const file: TraceFile = { format: TRACE_FILE_FORMAT, version: TRACE_FILE_VERSION, scenario, traces };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Starts a download of `text` as `name` (the browser's own save; nothing leaves the page). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // the click has started the download; the URL is no longer needed after this turn
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
