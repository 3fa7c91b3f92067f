/**
 * The classic libpcap file format (https://www.tcpdump.org/manpages/pcap-savefile.5.html,
 * draft-ietf-opsawg-pcap): a 24-byte global header — magic 0xa1b2c3d4 (microsecond
 * timestamps), version 2.4, thiszone 0, sigfigs 0, snaplen, link type — then per packet a
 * 16-byte record header (ts_sec, ts_usec, captured length, original length) and the bytes.
 * Written little-endian, as tcpdump writes on x86 (readers detect the byte order from the
 * magic). Link type 1, LINKTYPE_ETHERNET (https://www.tcpdump.org/linktypes.html): every
 * frame of a trace is an Ethernet frame (frames.ts), so one classic file holds them all.
 */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const LINKTYPE_ETHERNET = 1;
export const SNAPLEN = 262144;

export interface PcapRecord {
  /** µs since the Unix epoch */
  readonly us: number;
  readonly bytes: Uint8Array;
}

export function pcapFile(records: readonly PcapRecord[]): Uint8Array {
  const size = 24 + records.reduce((n, r) => n + 16 + Math.min(r.bytes.length, SNAPLEN), 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, PCAP_MAGIC_US, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true);
  v.setUint32(12, 0, true);
  v.setUint32(16, SNAPLEN, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  let at = 24;
  for (const r of records) {
    const cap = Math.min(r.bytes.length, SNAPLEN);
    const us = Math.max(0, Math.round(r.us));
    v.setUint32(at, Math.floor(us / 1e6), true);
    v.setUint32(at + 4, us % 1e6, true);
    v.setUint32(at + 8, cap, true);
    v.setUint32(at + 12, r.bytes.length, true);
    out.set(r.bytes.subarray(0, cap), at + 16);
    at += 16 + cap;
  }
  return out;
}
