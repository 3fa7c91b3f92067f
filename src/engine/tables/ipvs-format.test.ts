/**
 * ipvsadm 1.26 output (IPVSADM ipvsadm.c print_service_entry, print_conn; libipvs ipvs_cmp_*):
 * the listing of kube-proxy-nft-ipvs.md §2.3 byte for byte, the signed-difference sort, the
 * persistent flag, the connection table and the save form.
 */
import { describe, expect, it } from 'vitest';
import type { IpvsService } from '../model/datapath';
import type { IpvsConn } from '../model/kernel-state';
import { compareServices, connLine, ipvsadmConnections, ipvsadmList, ipvsadmSave, qsort, serviceLine } from './ipvs-format';

const dest = (ip: string) => ({ ip, port: 8080, weight: 1 });
const svc = (vip: string, port: number, ips: string[], over: Partial<IpvsService> = {}): IpvsService => ({
  proto: 'tcp',
  vip,
  port,
  scheduler: 'rr',
  dests: ips.map(dest),
  ...over,
});

/** kube-proxy-nft-ipvs.md §2.3, the scenario listing (dest lines end in spaces: `%-10u`). */
const NOTES_LISTING = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  'TCP  192.168.1.10:30080 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
  '  -> 10.244.2.7:8080              Masq    1      0          0         ',
  'TCP  192.168.1.10:30081 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
  'TCP  10.96.45.12:80 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
  '  -> 10.244.2.7:8080              Masq    1      0          0         ',
  '  -> 10.244.3.9:8080              Masq    1      0          0         ',
  'TCP  10.96.100.20:80 rr',
  'TCP  10.96.200.30:80 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
  '  -> 10.244.2.7:8080              Masq    1      0          0         ',
  'TCP  10.96.200.31:80 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
  '  -> 10.244.2.7:8080              Masq    1      0          0         ',
  'TCP  10.244.1.1:30080 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
  '  -> 10.244.2.7:8080              Masq    1      0          0         ',
  'TCP  10.244.1.1:30081 rr',
  '  -> 10.244.1.5:8080              Masq    1      0          0         ',
];

describe('ipvsadm -Ln', () => {
  it('prints the research notes’ listing line for line, whatever order the kernel holds services and dests in', () => {
    // kernel order: creation order, dests newest first (list_add_rcu) — ipvsadm sorts both
    const services = [
      svc('10.96.45.12', 80, ['10.244.3.9', '10.244.2.7', '10.244.1.5']),
      svc('10.96.100.20', 80, []),
      svc('10.96.200.30', 80, ['10.244.2.7', '10.244.1.5']),
      svc('192.168.1.10', 30080, ['10.244.2.7', '10.244.1.5']),
      svc('10.244.1.1', 30080, ['10.244.2.7', '10.244.1.5']),
      svc('10.96.200.31', 80, ['10.244.2.7', '10.244.1.5']),
      svc('192.168.1.10', 30081, ['10.244.1.5']),
      svc('10.244.1.1', 30081, ['10.244.1.5']),
    ];
    expect(ipvsadmList(services, [])).toEqual(NOTES_LISTING);
  });

  it('sorts by a u32 difference read as int: 192.168.x before 10.x, TCP before UDP, then port', () => {
    const a = svc('192.168.1.10', 30080, []);
    const b = svc('10.96.0.10', 53, []);
    expect(compareServices(a, b)).toBeLessThan(0);
    const udp = svc('10.96.0.10', 53, [], { proto: 'udp' });
    expect(qsort([udp, b, a], compareServices)).toEqual([a, b, udp]);
    expect(qsort([svc('10.96.0.10', 9153, []), b], compareServices).map((s) => s.port)).toEqual([53, 9153]);
  });

  it('shows ClientIP affinity as `persistent <timeout>` and counts connections per dest', () => {
    expect(serviceLine(svc('10.96.0.1', 443, [], { persistent: 10800 }))).toBe('TCP  10.96.0.1:443 rr persistent 10800');
    const s = svc('10.96.45.12', 80, ['10.244.2.7', '10.244.1.5']);
    const c = (port: number, ip: string, active: boolean): IpvsConn => ({
      proto: 'tcp',
      client: { ip: '10.244.1.2', port },
      vip: { ip: '10.96.45.12', port: 80 },
      dest: { ip, port: 8080 },
      expires: 1,
      active,
      state: active ? 'ESTABLISHED' : 'TIME_WAIT',
    });
    expect(ipvsadmList([s], [c(1, '10.244.1.5', true), c(2, '10.244.1.5', false), c(3, '10.244.2.7', false)]).slice(3)).toEqual([
      'TCP  10.96.45.12:80 rr',
      '  -> 10.244.1.5:8080              Masq    1      1          1         ',
      '  -> 10.244.2.7:8080              Masq    1      0          1         ',
    ]);
  });
});

describe('ipvsadm -Lnc and -Sn', () => {
  const conn: IpvsConn = {
    proto: 'tcp',
    client: { ip: '10.244.1.2', port: 40001 },
    vip: { ip: '10.96.45.12', port: 80 },
    dest: { ip: '10.244.2.7', port: 8080 },
    expires: 119_500,
    active: false,
    state: 'TIME_WAIT',
  };

  it('prints `%-3s %-6s %-11s %-18s %-18s %s` with mm:ss left', () => {
    expect(ipvsadmConnections([conn], 0)).toEqual([
      'IPVS connection entries',
      'pro expire state       source             virtual            destination',
      'TCP 01:59  TIME_WAIT   10.244.1.2:40001   10.96.45.12:80     10.244.2.7:8080',
    ]);
    const template = { ...conn, client: { ip: '10.244.1.2', port: 0 }, state: 'NONE', expires: 10_800_000 };
    expect(connLine(template, 0)).toBe('TCP 180:00 NONE        10.244.1.2:0       10.96.45.12:80     10.244.2.7:8080');
  });

  it('saves as ipvsadm rules (FMT_RULE)', () => {
    expect(ipvsadmSave([svc('10.96.0.10', 53, ['10.244.1.3'], { proto: 'udp', persistent: 60 })])).toEqual([
      '-A -u 10.96.0.10:53 -s rr -p 60',
      '-a -u 10.96.0.10:53 -r 10.244.1.3:8080 -m -w 1',
    ]);
  });
});
