/**
 * Every DNS record type the lab answers with (A, AAAA, SRV, PTR, TXT, CNAME, SOA), written
 * uncompressed (CoreDNS) and compressed (the outside resolver), read back by tshark.
 * Skips when tshark is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFrame, pcapFile } from '../../src/engine/pcap';
import { dnsMessageBytes } from '../../src/engine/wire/app-size';
import { makePkt, headersOf } from '../../src/engine/wire/packet';
import type { DnsRecord, DnsResponseData } from '../../src/engine/wire/app-data';

const TSHARK = process.env.TSHARK ?? 'tshark';
const hasTshark = spawnSync(TSHARK, ['-v'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'podpath-dns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const svc = 'web.prod.svc.cluster.local.';
const answers: DnsRecord[] = [
  { name: svc, ttl: 30, type: 'CNAME', data: 'web-0.web.prod.svc.cluster.local.' },
  { name: 'web-0.web.prod.svc.cluster.local.', ttl: 30, type: 'A', data: '10.244.1.10' },
  { name: 'web-0.web.prod.svc.cluster.local.', ttl: 30, type: 'AAAA', data: 'fd00:10:244::a' },
  { name: `_http._tcp.${svc}`, ttl: 30, type: 'SRV', data: `0 100 80 ${svc}` },
  { name: '10.1.244.10.in-addr.arpa.', ttl: 30, type: 'PTR', data: '10-244-1-10.web.prod.svc.cluster.local.' },
  { name: 'dns-version.cluster.local.', ttl: 30, type: 'TXT', data: '"1.1.0"' },
];
const authority: DnsRecord[] = [
  { name: 'cluster.local.', ttl: 30, type: 'SOA', data: 'ns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30' },
];

function frame(via: string | undefined) {
  const d: DnsResponseData = {
    app: 'dns-response',
    id: 0x2a2a,
    name: svc,
    qtype: 'A',
    rcode: 'NOERROR',
    aa: true,
    answers,
    authority,
    ...(via ? { via } : {}),
  };
  const n = dnsMessageBytes(svc, [...answers, ...authority], 0, via === 'upstream');
  const pkt = makePkt({ src: '10.244.2.2', dst: '10.244.1.2', ttl: 64, df: false, proto: 'udp', id: 1 }, { kind: 'udp', srcPort: 53, dstPort: 40000 }, n);
  const stack = headersOf(pkt, { kind: 'eth', src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' });
  return { us: 1735689600_000_000, bytes: encodeFrame(stack, { data: d, pingSentUs: 0 }) };
}

describe.skipIf(!hasTshark)('tshark reads every DNS record type', () => {
  it('uncompressed (CoreDNS) and compressed (upstream) responses dissect the same, with no error', () => {
    const file = join(dir, 'dns.pcap');
    writeFileSync(file, pcapFile([frame(undefined), frame('upstream')]));
    const names = [
      'dns.count.answers',
      'dns.cname',
      'dns.a',
      'dns.aaaa',
      'dns.srv.port',
      'dns.srv.target',
      'dns.ptr.domain_name',
      'dns.txt',
      'dns.soa.mname',
      'udp.checksum.status',
    ];
    const r = spawnSync(
      TSHARK,
      ['-r', file, '-o', 'udp.check_checksum:TRUE', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...names.flatMap((f) => ['-e', f])],
      { encoding: 'utf8' },
    );
    const rows = r.stdout.trim().split('\n');
    expect(rows.length).toBe(2);
    expect(rows[0]).toBe(rows[1]);
    expect(rows[0].split('\t')).toEqual([
      '6',
      'web-0.web.prod.svc.cluster.local',
      '10.244.1.10',
      'fd00:10:244::a',
      '80',
      'web.prod.svc.cluster.local',
      '10-244-1-10.web.prod.svc.cluster.local',
      '1.1.0',
      'ns.dns.cluster.local',
      '1',
    ]);
    const expert = spawnSync(TSHARK, ['-r', file, '-q', '-z', 'expert,error'], { encoding: 'utf8' }).stdout;
    expect(expert).not.toMatch(/Errors \(/);
  });
});
