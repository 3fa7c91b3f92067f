import { describe, expect, it } from 'vitest';
import { encodeFrame, type EncodeEnv } from './encode';
import { datagramsOf } from './frames';
import { inetChecksum, l4Checksum } from './checksum';
import { ipv4Header } from './ipv4';
import { zeroUdpChecksum } from './tunnel-checksum';
import { fragment, headersOf, makePkt, type Pkt } from '../wire/packet';
import type { EthHeader } from '../wire/headers';

const eth: EthHeader = { kind: 'eth', src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
const innerEth: EthHeader = { kind: 'eth', src: '02:00:00:00:01:01', dst: '02:00:00:00:01:02' };
const env: EncodeEnv = { pingSentUs: 1735689600_000_000, zeroUdpChecksum };

function ping(size: number, df = true): Pkt {
  return makePkt({ src: '10.244.1.2', dst: '10.244.2.2', ttl: 64, df, proto: 'icmp', id: 7 }, { kind: 'icmp', type: 8, code: 0, id: 40001, seq: 1 }, size);
}

function udp(src: string, dst: string, sport: number, dport: number, payload: number, encap?: Pkt['encap']): Pkt {
  return makePkt(
    { src, dst, ttl: 64, df: false, proto: encap?.kind === 'ipip' ? 'ipip' : 'udp', id: 9 },
    encap?.kind === 'ipip' ? undefined : { kind: 'udp', srcPort: sport, dstPort: dport },
    payload,
    encap,
  );
}

/** The stored 16-bit field at `at` equals the checksum recomputed with the field zeroed. */
function udpChecksumOk(frame: Uint8Array, ipAt: number): boolean {
  const ip = frame.slice(ipAt, ipAt + 20);
  const len = (frame[ipAt + 2] << 8) | frame[ipAt + 3];
  const seg = frame.slice(ipAt + 20, ipAt + len);
  const stored = (seg[6] << 8) | seg[7];
  seg[6] = 0;
  seg[7] = 0;
  const src = [...ip.slice(12, 16)].join('.');
  const dst = [...ip.slice(16, 20)].join('.');
  return stored === l4Checksum(src, dst, 17, seg);
}

describe('frame encoding', () => {
  it('an echo request: IPv4 header with a valid checksum, ICMP with ping’s data pattern after the timeval', () => {
    const b = encodeFrame(headersOf(ping(56), eth), env);
    expect(b.length).toBe(14 + 84);
    expect([b[12], b[13]]).toEqual([0x08, 0x00]);
    expect(inetChecksum(b.slice(14, 34))).toBe(0);
    expect([b[14 + 6], b[14 + 9]]).toEqual([0x40, 1]); // DF, protocol ICMP
    expect(inetChecksum(b.slice(34))).toBe(0);
    expect([...b.slice(34 + 8 + 16, 34 + 8 + 20)]).toEqual([0x10, 0x11, 0x12, 0x13]);
  });

  it('a frag-needed error quotes the offending IPv4 header and its first bytes, with the next-hop MTU', () => {
    const offending = ping(1472);
    const quoted = 576 - 28;
    const err: Pkt = {
      ...makePkt({ src: '10.244.1.1', dst: '10.244.1.2', ttl: 64, df: false, proto: 'icmp', id: 3 }, { kind: 'icmp', type: 3, code: 4, mtu: 1450 }, quoted),
      quote: offending,
    };
    const b = encodeFrame(headersOf(err, eth), env);
    expect(b.length).toBe(14 + 576);
    const icmp = b.slice(34);
    expect([icmp[0], icmp[1], (icmp[6] << 8) | icmp[7]]).toEqual([3, 4, 1450]);
    expect(inetChecksum(icmp)).toBe(0);
    expect([...icmp.slice(8, 28)]).toEqual([...ipv4Header(offending.ip)]);
    // the quoted echo header is the original's: type 8, id 40001
    expect([icmp[28], (icmp[32] << 8) | icmp[33]]).toEqual([8, 40001]);
  });

  it('fragments are slices of the whole datagram, so a reader can reassemble it', () => {
    const whole = udp('10.244.1.2', '10.244.2.2', 40000, 9000, 2972);
    const frags = fragment(whole, 1500);
    expect(frags.length).toBe(3);
    const stacks = frags.map((f) => headersOf(f, eth));
    const datagram = datagramsOf(stacks);
    const full = encodeFrame(headersOf(whole, eth), env).slice(34);
    const parts = stacks.map((s) => encodeFrame(s, { ...env, datagram }).slice(34));
    expect(Buffer.from(parts.reduce((a, p) => new Uint8Array([...a, ...p]), new Uint8Array(0)))).toEqual(Buffer.from(full));
    expect(parts.map((p) => p.length)).toEqual([1480, 1480, 20]);
  });

  it('VXLAN: outer UDP with a checksum (the kernel default), flags 0x08, the VNI, then the inner frame', () => {
    const inner = ping(56);
    const outer = udp('192.168.1.10', '192.168.1.11', 36627, 8472, 0, { kind: 'vxlan', vni: 1, eth: innerEth, inner });
    const b = encodeFrame(headersOf(outer, eth), env);
    expect(b.length).toBe(14 + 20 + 8 + 8 + 14 + 84);
    const vx = 14 + 20 + 8;
    expect([...b.slice(vx, vx + 8)]).toEqual([0x08, 0, 0, 0, 0, 0, 1, 0]);
    expect(udpChecksumOk(b, 14)).toBe(true);
    expect([...b.slice(vx + 8, vx + 14)]).toEqual([2, 0, 0, 0, 1, 2]);
  });

  it('Geneve: protocol type 0x6558 and a zero UDP checksum', () => {
    const outer = udp('192.168.1.10', '192.168.1.11', 40000, 6081, 0, { kind: 'geneve', vni: 2, eth: innerEth, inner: ping(56) });
    const b = encodeFrame(headersOf(outer, eth), env);
    const gn = 14 + 20 + 8;
    expect([b[gn - 2], b[gn - 1]]).toEqual([0, 0]);
    expect([...b.slice(gn, gn + 8)]).toEqual([0, 0, 0x65, 0x58, 0, 0, 2, 0]);
  });

  it('IP-in-IP: protocol 4 and the inner IPv4 header right after the outer one', () => {
    const outer = udp('192.168.1.10', '192.168.1.11', 0, 0, 0, { kind: 'ipip', inner: ping(56) });
    const b = encodeFrame(headersOf(outer, eth), env);
    expect(b[14 + 9]).toBe(4);
    expect(b[34]).toBe(0x45);
    expect(inetChecksum(b.slice(34, 54))).toBe(0);
  });

  it('WireGuard transport data: type 4, little-endian receiver and counter, ciphertext and tag of the right length', () => {
    const outer = udp('192.168.1.10', '192.168.1.11', 51820, 51820, 0, { kind: 'wireguard', receiver: 0x01020304, counter: 5, padding: 12, inner: ping(56) });
    const b = encodeFrame(headersOf(outer, eth), env);
    const wg = 14 + 20 + 8;
    expect([...b.slice(wg, wg + 16)]).toEqual([4, 0, 0, 0, 4, 3, 2, 1, 5, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.length).toBe(wg + 16 + 84 + 12 + 16);
    expect(udpChecksumOk(b, 14)).toBe(true);
  });

  it('is deterministic: the same stack gives the same bytes', () => {
    const outer = udp('192.168.1.10', '192.168.1.11', 51820, 51820, 0, { kind: 'wireguard', receiver: 1, counter: 5, padding: 12, inner: ping(56) });
    expect(encodeFrame(headersOf(outer, eth), env)).toEqual(encodeFrame(headersOf(outer, eth), env));
  });
});
