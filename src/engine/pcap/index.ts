/**
 * pcap export: traces → the bytes of a classic libpcap file that Wireshark and tshark read,
 * one frame per wire crossing with every layer the inspector shows (frames.ts, encode.ts).
 * Pure and deterministic: the same traces give the same bytes.
 */
import { pcapFile } from './pcap-file';
import { traceFrames, type Frame } from './frames';
import type { Trace } from '../model/trace';

export { pcapFile, LINKTYPE_ETHERNET, PCAP_MAGIC_US } from './pcap-file';
export { traceFrames, wireHops, type Frame } from './frames';
export { encodeFrame } from './encode';

export interface PcapOptions {
  /** when each probe started, ms after LAB_EPOCH (the lab clock); default: probeStarts */
  readonly startMs?: readonly number[];
}

/**
 * Default probe start times: the first at LAB_EPOCH, each next one on the first whole second
 * at least one second after the previous probe's last frame or timeout (simplified: the
 * runner does not record when a probe ran).
 */
export function probeStarts(traces: readonly Trace[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const t of traces) {
    out.push(at);
    const lastHop = Math.max(0, ...t.hops.map((h) => h.t), ...(t.lookup?.queries.flatMap((q) => q.hops.map((h) => h.t)) ?? []));
    at += 1000 * (1 + Math.ceil(Math.max(t.elapsed, lastHop) / 1000));
  }
  return out;
}

/** Every frame of every trace, probe after probe. */
export function tracesToFrames(traces: readonly Trace[], opts: PcapOptions = {}): Frame[] {
  const starts = opts.startMs ?? probeStarts(traces);
  return traces.flatMap((t, i) => traceFrames(t, starts[i] ?? 0, `probe-${i}`));
}

export function tracesToPcap(traces: readonly Trace[], opts: PcapOptions = {}): Uint8Array {
  return pcapFile(tracesToFrames(traces, opts));
}
