import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inetChecksum, l4Checksum, putChecksum } from './checksum';

describe('Internet checksum (RFC 1071)', () => {
  it('matches the RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2', () => {
    expect(inetChecksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(~0xddf2 & 0xffff);
  });

  it('gives a well-known IPv4 header its checksum (0xb861)', () => {
    const h = Uint8Array.from([0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, 0xc0, 0xa8, 0, 1, 0xc0, 0xa8, 0, 0xc7]);
    expect(inetChecksum(h)).toBe(0xb861);
  });

  it('property: any message with its checksum written in sums to zero (what a receiver checks)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 300 }), (data) => {
        const b = Uint8Array.from(data);
        b[2] = 0;
        b[3] = 0;
        putChecksum(b, 2, inetChecksum(b));
        expect(inetChecksum(b)).toBe(0);
      }),
    );
  });

  it('never sends a computed UDP checksum of 0 (RFC 768: 0 means none), 0xffff instead', () => {
    // a segment whose pseudo-header sum folds to 0xffff: find one by search over the port field
    for (let p = 0; p < 0x10000; p++) {
      const seg = Uint8Array.of(p >> 8, p & 0xff, 0, 0, 0, 8, 0, 0);
      if (l4Checksum('10.0.0.1', '10.0.0.2', 17, seg) === 0xffff) return;
    }
    throw new Error('no UDP segment with a zero sum found');
  });
});
