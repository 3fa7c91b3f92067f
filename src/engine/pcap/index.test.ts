import { describe, expect, it } from 'vitest';
import { probeStarts, tracesToFrames, tracesToPcap, wireHops } from './index';
import { shapeLab, traces } from './test-helpers';
import { LAB_EPOCH_S } from '../model/lab-clock';
import type { Ipv4Header } from '../wire/headers';

const flannel = shapeLab('flannel', 'vxlan', { podMTU: 1500 });
const [ping, http, dns, , big] = traces(flannel.lab, ['ping', 'http', 'dns', 'udp', 'big']);

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The innermost TCP segment of an Ethernet frame: its offset (after Ethernet, IP, and VXLAN when there). */
function tcpAt(b: Uint8Array): number {
  const outerProto = b[14 + 9];
  return outerProto === 6 ? 34 : 14 + 20 + 8 + 8 + 14 + 20;
}

describe('pcap export of engine traces', () => {
  it('one frame per wire crossing (veth and underlay hops), each 14 bytes of Ethernet plus the IPv4 total length', () => {
    const frames = tracesToFrames([ping]);
    expect(frames.length).toBe(wireHops(ping).length);
    expect(frames.length).toBe(ping.hops.filter((h) => h.link).length);
    for (const f of frames) expect(f.bytes.length).toBe(14 + (f.hop.headers[1] as Ipv4Header).totalLength);
  });

  it('timestamps run on the lab clock: probe 1 at LAB_EPOCH + hop.t, each later probe on a later whole second', () => {
    const starts = probeStarts([ping, http]);
    expect(starts[0]).toBe(0);
    expect(starts[1] % 1000).toBe(0);
    expect(starts[1]).toBeGreaterThanOrEqual(1000);
    const frames = tracesToFrames([ping, http]);
    expect(frames[0].us).toBe(LAB_EPOCH_S * 1e6 + Math.round(frames[0].hop.t * 1000));
    for (let i = 1; i < frames.length; i++) expect(frames[i].us).toBeGreaterThanOrEqual(frames[i - 1].us);
  });

  it('TCP numbers follow the connection through DNAT: SYN-ACK acks ISN+1, data and response ack each other', () => {
    const frames = tracesToFrames([http]).filter((f) => f.hop.headers.some((h) => h.kind === 'tcp'));
    const seg = (i: number) => {
      const at = tcpAt(frames[i].bytes);
      return { seq: u32(frames[i].bytes, at + 4), ack: u32(frames[i].bytes, at + 8), flags: frames[i].bytes[at + 13] };
    };
    const syn = seg(0);
    const synAck = frames.findIndex((f) => f.hop.dir === 'reply');
    expect(seg(synAck).ack).toBe((syn.seq + 1) >>> 0);
    const data = frames.findIndex((f) => f.hop.data?.app === 'http-request');
    expect(seg(data).seq).toBe((syn.seq + 1) >>> 0);
    expect(seg(data).ack).toBe((seg(synAck).seq + 1) >>> 0);
    const resp = frames.findIndex((f) => f.hop.data?.app === 'http-response');
    const reqLen = http.sent!.size;
    expect(seg(resp).ack).toBe((syn.seq + 1 + reqLen) >>> 0);
    // the same segment keeps its numbers on every wire, before and after DNAT
    const synFrames = frames.filter((_, i) => seg(i).flags === 0x02);
    expect(synFrames.length).toBeGreaterThan(2);
    expect(new Set(synFrames.map((f) => u32(f.bytes, tcpAt(f.bytes) + 4))).size).toBe(1);
  });

  it('HTTP bytes are the request and response text', () => {
    const frames = tracesToFrames([http]);
    const req = frames.find((f) => f.hop.data?.app === 'http-request')!;
    const text = new TextDecoder().decode(req.bytes.slice(tcpAt(req.bytes) + 20));
    expect(text).toMatch(/^GET \/ HTTP\/1\.1\r\nHost: 10\.96\.100\.10\r\nUser-Agent: curl\/[\d.]+\r\nAccept: \*\/\*\r\n\r\n$/);
    const resp = frames.find((f) => f.hop.data?.app === 'http-response')!;
    expect(new TextDecoder().decode(resp.bytes.slice(tcpAt(resp.bytes) + 20))).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('DNS: every query and response frame carries a message of exactly the UDP payload the trace sized', () => {
    const frames = tracesToFrames([dns]).filter((f) => f.hop.data?.app.startsWith('dns'));
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      const payload = f.hop.headers.at(-1)!;
      expect(payload.kind).toBe('payload');
      const n = payload.kind === 'payload' ? payload.bytes : 0;
      const msg = f.bytes.slice(f.bytes.length - n);
      const id = f.hop.data && 'id' in f.hop.data ? f.hop.data.id : -1;
      expect((msg[0] << 8) | msg[1]).toBe(id);
    }
  });

  it('a frag-needed error is exported with the quoted packet (576 bytes of IP)', () => {
    const frames = tracesToFrames([big]).filter((f) => f.hop.headers.some((h) => h.kind === 'icmp' && h.type === 3));
    expect(frames.length).toBeGreaterThan(0);
    const b = frames[0].bytes;
    expect([b[34], b[35], (b[40] << 8) | b[41]]).toEqual([3, 4, 1450]);
  });

  it('outer UDP checksum: flannel.1 computes it (udpcsum); a tunnel keyed by Cilium’s program sends 0 (BPF_F_ZERO_CSUM_TX)', () => {
    const outerSum = (t: (typeof ping)[]) =>
      tracesToFrames(t)
        .filter((f) => f.hop.headers[3]?.kind === 'vxlan')
        .map((f) => (f.bytes[14 + 20 + 6] << 8) | f.bytes[14 + 20 + 7]);
    expect(outerSum([ping]).length).toBeGreaterThan(0);
    expect(outerSum([ping]).every((c) => c !== 0)).toBe(true);
    const [ciliumPing] = traces(shapeLab('cilium', 'vxlan', { podMTU: 1500 }).lab, ['ping']);
    expect(outerSum([ciliumPing]).length).toBeGreaterThan(0);
    expect(outerSum([ciliumPing]).every((c) => c === 0)).toBe(true);
  });

  it('is deterministic: the same traces give the same file', () => {
    expect(tracesToPcap([ping, http, dns, big])).toEqual(tracesToPcap([ping, http, dns, big]));
  });
});
