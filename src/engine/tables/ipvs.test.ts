/**
 * The IPVS schedulers and connection states as the kernel has them (LNX ip_vs_rr.c, ip_vs_lc.c,
 * ip_vs_sh.c, ip_vs_proto_tcp.c; the sh buckets are the ones kube-proxy-nft-ipvs.md §2.4 computed).
 */
import { describe, expect, it } from 'vitest';
import type { IpvsDest, IpvsService } from '../model/datapath';
import type { IpvsConn } from '../model/kernel-state';
import {
  advanceConn,
  connOverhead,
  destCounters,
  hash32,
  isActiveState,
  lcSchedule,
  rrSchedule,
  shBucket,
  shBuckets,
  shSchedule,
  tcpNextState,
  type TcpFlagSet,
} from './ipvs';

const d = (ip: string, weight = 1): IpvsDest => ({ ip, port: 8080, weight });
const A = d('10.244.3.9');
const B = d('10.244.2.7');
const C = d('10.244.1.5');
const SYN: TcpFlagSet = { syn: true, ack: false, fin: false, rst: false };
const SYNACK: TcpFlagSet = { syn: true, ack: true, fin: false, rst: false };
const ACK: TcpFlagSet = { syn: false, ack: true, fin: false, rst: false };
const FIN: TcpFlagSet = { syn: false, ack: true, fin: true, rst: false };
const RST: TcpFlagSet = { syn: false, ack: false, fin: false, rst: true };

function conn(dest: IpvsDest, over: Partial<IpvsConn> = {}): IpvsConn {
  return {
    proto: 'tcp',
    client: { ip: '10.244.1.2', port: 40000 },
    vip: { ip: '10.96.45.12', port: 80 },
    dest: { ip: dest.ip, port: dest.port },
    expires: 1e9,
    active: true,
    state: 'ESTABLISHED',
    ...over,
  };
}

describe('rr (ip_vs_rr_schedule)', () => {
  it('starts at the list head and walks the list in order, wrapping', () => {
    const dests = [A, B, C];
    const picks: number[] = [];
    let last: number | undefined;
    for (let i = 0; i < 7; i++) {
      last = rrSchedule(dests, last);
      picks.push(last!);
    }
    expect(picks).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('skips dests of weight 0 (graceful termination) and finds none when all are', () => {
    expect(rrSchedule([A, d('10.244.2.7', 0), C], 0)).toBe(2);
    expect(rrSchedule([d('10.244.3.9', 0), B], 1)).toBe(1);
    expect(rrSchedule([d('10.244.3.9', 0)], undefined)).toBeUndefined();
    expect(rrSchedule([], undefined)).toBeUndefined();
  });
});

describe('lc (ip_vs_lc_schedule)', () => {
  const svc: IpvsService = { proto: 'tcp', vip: '10.96.45.12', port: 80, scheduler: 'lc', dests: [A, B, C] };

  it('counts the overhead as active × 256 + inactive (ip_vs_dest_conn_overhead)', () => {
    expect(connOverhead({ active: 1, inactive: 3, persistent: 0 })).toBe(259);
  });

  it('picks the least loaded dest; one active connection outweighs 255 inactive ones', () => {
    const conns = [
      conn(A),
      ...Array.from({ length: 255 }, (_, i) => conn(B, { active: false, state: 'TIME_WAIT', client: { ip: '10.244.1.2', port: 41000 + i } })),
    ];
    expect(destCounters(conns, svc, B)).toEqual({ active: 0, inactive: 255, persistent: 0 });
    const pick = lcSchedule([A, B], (x) => destCounters(conns, svc, x));
    expect(pick).toBe(1);
    const busier = [...conns, conn(B, { active: false, state: 'TIME_WAIT', client: { ip: '10.244.1.2', port: 50000 } })];
    expect(lcSchedule([A, B], (x) => destCounters(busier, svc, x))).toBe(0);
  });

  it('keeps the earlier dest on a tie and skips weight 0', () => {
    expect(lcSchedule([A, B, C], () => ({ active: 0, inactive: 0, persistent: 0 }))).toBe(0);
    expect(lcSchedule([d('10.244.3.9', 0), B, C], () => ({ active: 0, inactive: 0, persistent: 0 }))).toBe(1);
  });

  it('does not count persistence templates (client port 0) as connections', () => {
    const conns = [conn(A, { client: { ip: '10.244.1.2', port: 0 }, state: 'NONE', active: false })];
    expect(destCounters(conns, svc, A)).toEqual({ active: 0, inactive: 0, persistent: 1 });
  });
});

describe('sh (ip_vs_sh.c)', () => {
  it('hashes the source address with hash_32(ntohl(addr), 8): the buckets of the research notes', () => {
    expect(hash32(0x0af40105, 8)).toBe(115);
    expect(shBucket('10.244.1.5')).toBe(115);
    expect(shBucket('10.244.2.7')).toBe(255);
    expect(shBucket('192.168.1.10')).toBe(248);
  });

  it('fills 256 buckets from the dest list: bucket i → dest i mod n at weight 1, w buckets at weight w', () => {
    const b = shBuckets([A, B, C]);
    expect(b).toHaveLength(256);
    expect(b.slice(0, 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(b[115]).toBe(115 % 3);
    expect(shBuckets([d('10.244.3.9', 2), B]).slice(0, 6)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(shBuckets([]).every((x) => x === undefined)).toBe(true);
  });

  it('always sends a source to the same dest; a weight-0 bucket owner means no dest (no sh-fallback)', () => {
    expect(shSchedule([A, B, C], '10.244.1.5')).toBe(115 % 3);
    expect(shSchedule([A, B, C], '10.244.1.5')).toBe(shSchedule([A, B, C], '10.244.1.5'));
    expect(shSchedule([A, B], '10.244.2.7')).toBe(255 % 2);
    expect(shSchedule([A, d('10.244.2.7', 0)], '10.244.2.7')).toBeUndefined();
  });
});

describe('TCP states (ip_vs_proto_tcp.c tcp_states, tcp_state_active_table)', () => {
  it('follows a connection: SYN → SYN_RECV, ACK → ESTABLISHED, client FIN → CLOSE_WAIT, server FIN → TIME_WAIT', () => {
    let s = tcpNextState('NONE', 'input', SYN);
    expect(s).toBe('SYN_RECV');
    expect((s = tcpNextState(s, 'output', SYNACK))).toBe('SYN_RECV');
    expect((s = tcpNextState(s, 'input', ACK))).toBe('ESTABLISHED');
    expect((s = tcpNextState(s, 'input', FIN))).toBe('CLOSE_WAIT');
    expect((s = tcpNextState(s, 'output', FIN))).toBe('TIME_WAIT');
    expect(tcpNextState(s, 'input', ACK)).toBe('TIME_WAIT');
    expect(tcpNextState('ESTABLISHED', 'output', RST)).toBe('CLOSE');
  });

  it('counts the pre-established states as active, the closing ones as inactive', () => {
    expect(['SYN_RECV', 'ESTABLISHED', 'SYN_SENT', 'SYNACK'].every(isActiveState)).toBe(true);
    expect(['TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'FIN_WAIT', 'NONE', 'UDP'].some(isActiveState)).toBe(false);
  });

  it('sets the timeouts of ipvsadm --timeout (900 120 300) and keeps UDP inactive', () => {
    const tcp = advanceConn(conn(A, { state: 'SYN_RECV' }), 'input', 0, ACK);
    expect(tcp).toMatchObject({ state: 'ESTABLISHED', active: true, expires: 900_000 });
    expect(advanceConn(tcp, 'input', 0, FIN)).toMatchObject({ state: 'CLOSE_WAIT', active: false, expires: 60_000 });
    expect(advanceConn(conn(A, { proto: 'udp', state: 'UDP' }), 'output', 5, undefined)).toMatchObject({ state: 'UDP', active: false, expires: 300_005 });
  });
});
