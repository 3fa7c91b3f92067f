/**
 * The flow log: one entry per probe, whoever sent it (the send form, a fault re-run, the
 * terminal). Modelled on `hubble observe`: time, source → destination, verdict and reason.
 */
import type { ProbeSpec, Reason, Trace, Verdict } from '../../engine';

export type FlowSource = 'form' | 'fault' | 'terminal' | 'replay';

export interface FlowEntry {
  readonly id: number;
  /** the lab clock (ms since the scenario started) when the probe was sent */
  readonly at: number;
  readonly source: FlowSource;
  readonly probe: ProbeSpec;
  readonly verdict: Verdict | 'error';
  readonly reason: Reason | 'ENGINE_ERROR';
  /** the trace, kept so the log can replay it on the canvas */
  readonly trace: Trace | null;
  readonly error?: string;
}

export interface FlowFilter {
  readonly text: string;
  readonly verdict: 'all' | Verdict | 'error';
}

/** Hubble prints FORWARDED / DROPPED; podpath adds REJECTED for an error that reached the sender. */
export function hubbleVerdict(v: FlowEntry['verdict']): string {
  return v === 'delivered' ? 'FORWARDED' : v === 'dropped' ? 'DROPPED' : v === 'rejected' ? 'REJECTED' : 'ERROR';
}

export function matchesFilter(e: FlowEntry, f: FlowFilter): boolean {
  if (f.verdict !== 'all' && e.verdict !== f.verdict) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  const hay = [e.probe.from, e.probe.to, e.probe.protocol, e.verdict, hubbleVerdict(e.verdict), e.reason, e.source].join(' ').toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

/** `+12.345s` — the lab clock as hubble's timestamp column. */
export function formatLabTime(ms: number): string {
  return `+${(ms / 1000).toFixed(3)}s`;
}
