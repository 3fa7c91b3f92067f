/**
 * "Export pcap": the traces as a capture file, every frame as it crossed each wire, written by
 * the engine (src/engine/pcap; the same bytes as `npm run probe -- --pcap`, checked with tshark
 * in test/pcap). The writer loads on first use, so the lab's first load does not carry it.
 */
import type { Trace } from '../../engine';

export async function pcapBytes(traces: readonly Trace[]): Promise<Uint8Array> {
  const { tracesToPcap } = await import('../../engine/pcap');
  return tracesToPcap(traces);
}

export async function downloadPcap(name: string, traces: readonly Trace[]): Promise<void> {
  const bytes = await pcapBytes(traces);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/vnd.tcpdump.pcap' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
