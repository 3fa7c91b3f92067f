import { describe, expect, it } from 'vitest';
import type { NftSet } from '../model/datapath';
import { chainLines, formatDuration, formatPriority, formatRule, setLines } from './nft-format';

describe('nft list formatting (nft 1.1)', () => {
  it('prio2str: standard names within 10 where the hook allows them, else the number', () => {
    expect(formatPriority(-110, 'prerouting')).toBe('dstnat - 10');
    expect(formatPriority(-110, 'output')).toBe('dstnat - 10');
    expect(formatPriority(-110, 'input')).toBe('-110');
    expect(formatPriority(-100, 'forward')).toBe('-100');
    expect(formatPriority(100, 'postrouting')).toBe('srcnat');
    expect(formatPriority(100, 'forward')).toBe('100');
    expect(formatPriority(0, 'forward')).toBe('filter');
    expect(formatPriority(10, 'input')).toBe('filter + 10');
    expect(formatPriority(-150, 'prerouting')).toBe('mangle');
    expect(formatPriority(-290, 'prerouting')).toBe('raw + 10');
    expect(formatPriority(55, 'input')).toBe('security + 5');
    expect(formatPriority(-200, 'input')).toBe('-200');
  });

  it('time_print', () => {
    expect(formatDuration(10800)).toBe('3h');
    expect(formatDuration(90061)).toBe('1d1h1m1s');
    expect(formatDuration(30)).toBe('30s');
  });

  it('rules: what kube-proxy writes, as nft prints it back', () => {
    expect(
      formatRule({
        stmts: [
          { s: 'mark-test', mask: 0x4000, op: '!=', value: 0 },
          { s: 'mark-set', xor: 0x4000 },
          { s: 'masquerade', fullyRandom: true },
        ],
      }),
    ).toBe('meta mark & 0x00004000 != 0x00000000 meta mark set meta mark ^ 0x00004000 masquerade fully-random');
    expect(
      formatRule({
        stmts: [
          { s: 'match', key: 'ip daddr', value: ['10.96.0.0/12'] },
          { s: 'verdict', verdict: { kind: 'drop' } },
        ],
        comment: 'x',
      }),
    ).toBe('ip daddr 10.96.0.0/12 drop comment "x"');
    expect(
      formatRule({
        stmts: [
          { s: 'match', key: 'ip saddr', op: '!=', value: ['10.0.0.0/8', '192.168.0.0/16'] },
          { s: 'reject', with: 'tcp reset' },
        ],
      }),
    ).toBe('ip saddr != { 10.0.0.0/8, 192.168.0.0/16 } reject with tcp reset');
    expect(formatRule({ stmts: [{ s: 'match', key: 'iifname', value: 'cni0' }, { s: 'counter' }, { s: 'verdict', verdict: { kind: 'accept' } }] })).toBe(
      'iifname "cni0" counter packets 0 bytes 0 accept',
    );
    expect(
      formatRule({
        stmts: [
          { s: 'match', key: 'meta l4proto', value: 'tcp' },
          { s: 'dnat', to: '10.244.1.5', port: 8080 },
        ],
      }),
    ).toBe('meta l4proto tcp dnat to 10.244.1.5:8080');
  });

  it('elements: 2 addresses or 5 numbers per line; maps, concatenations and comments one per line; interval sets sorted', () => {
    const set = (over: Partial<NftSet>): NftSet => ({ name: 's', kind: 'set', type: ['ipv4_addr'], elements: [], ...over });
    const ips = set({ elements: ['10.96.0.1', '10.96.0.10', '10.100.192.23'].map((k) => ({ key: [k] })) });
    expect(setLines(ips)).toEqual(['\tset s {', '\t\ttype ipv4_addr', '\t\telements = { 10.96.0.1, 10.96.0.10,', '\t\t\t     10.100.192.23 }', '\t}']);
    const ports = set({ type: ['inet_service'], elements: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ key: [String(n)] })) });
    expect(setLines(ports).slice(2, 4)).toEqual(['\t\telements = { 1, 2, 3, 4, 5,', '\t\t\t     6, 7 }']);
    const commented = set({ elements: [{ key: ['10.0.0.1'], comment: 'a' }, { key: ['10.0.0.2'] }] });
    expect(setLines(commented).slice(2, 4)).toEqual(['\t\telements = { 10.0.0.1 comment "a",', '\t\t\t     10.0.0.2 }']);
    const interval = set({ flags: ['interval'], elements: [{ key: ['10.96.0.0/12'] }, { key: ['10.0.0.0/8'] }] });
    expect(setLines(interval).slice(2, 4)).toEqual(['\t\tflags interval', '\t\telements = { 10.0.0.0/8, 10.96.0.0/12 }']);
    expect(setLines(set({}))).toEqual(['\tset s {', '\t\ttype ipv4_addr', '\t}']);
  });

  it('a dynamic set with a default timeout keeps `timeout` among its flags and prints the timeout', () => {
    expect(setLines({ name: 'a', kind: 'set', type: ['ipv4_addr'], flags: ['timeout', 'dynamic'], timeout: 10800, elements: [] })).toEqual([
      '\tset a {',
      '\t\ttype ipv4_addr',
      '\t\tflags dynamic,timeout',
      '\t\ttimeout 3h',
      '\t}',
    ]);
  });

  it('chains: comment first, then the base chain line with its policy', () => {
    expect(
      chainLines({
        name: 'c',
        comment: 'hi',
        base: { type: 'nat', hook: 'output', priority: -100 },
        rules: [{ stmts: [{ s: 'verdict', verdict: { kind: 'jump', chain: 'x' } }] }],
      }),
    ).toEqual(['\tchain c {', '\t\tcomment "hi"', '\t\ttype nat hook output priority dstnat; policy accept;', '\t\tjump x', '\t}']);
  });
});
