import { describe, expect, it } from 'vitest';
import { pcapFile } from './pcap-file';

describe('classic pcap file', () => {
  it('writes the global header: magic a1b2c3d4 (µs), 2.4, snaplen 262144, LINKTYPE_ETHERNET', () => {
    const b = pcapFile([]);
    const v = new DataView(b.buffer);
    expect(b.length).toBe(24);
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([2, 4]);
    expect(v.getUint32(16, true)).toBe(262144);
    expect(v.getUint32(20, true)).toBe(1);
  });

  it('writes each record with seconds, microseconds and both lengths', () => {
    const b = pcapFile([{ us: 1735689600_000_012, bytes: Uint8Array.of(1, 2, 3) }]);
    const v = new DataView(b.buffer);
    expect([v.getUint32(24, true), v.getUint32(28, true), v.getUint32(32, true), v.getUint32(36, true)]).toEqual([1735689600, 12, 3, 3]);
    expect([...b.slice(40)]).toEqual([1, 2, 3]);
  });
});
