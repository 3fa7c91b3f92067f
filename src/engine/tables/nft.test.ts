import { describe, expect, it } from 'vitest';
import type { NftChain, NftRule, NftSet, NftStmt, NftTable } from '../model/datapath';
import type { PacketView } from './netfilter';
import { lookupElement, numgenRandom, runChain, setIndex, type NftEnv } from './nft';

const pkt = (over: Partial<PacketView> = {}): PacketView => ({
  proto: 'tcp',
  src: '10.244.1.2',
  dst: '10.96.0.10',
  sport: 40000,
  dport: 53,
  mark: 0,
  ctstate: ['NEW'],
  ...over,
});

function env(over: Partial<NftEnv> & { draws?: number[] } = {}): NftEnv & { seen: Map<string, number> } {
  const draws = [...(over.draws ?? [])];
  const seen = new Map<string, number>();
  return {
    isLocal: (ip) => ip === '192.168.1.10',
    random32: () => draws.shift() ?? 0,
    elementAge: (set, key) => (seen.has(`${set} ${key}`) ? 0 : undefined),
    elementUpdate: (set, key) => void seen.set(`${set} ${key}`, 0),
    seen,
    ...over,
  };
}

const r = (...stmts: NftStmt[]): NftRule => ({ stmts });
const go = (kind: 'goto' | 'jump', chain: string): NftStmt => ({ s: 'verdict', verdict: { kind, chain } });
const drop: NftStmt = { s: 'verdict', verdict: { kind: 'drop' } };
const accept: NftStmt = { s: 'verdict', verdict: { kind: 'accept' } };
const match = (key: Extract<NftStmt, { s: 'match' }>['key'], value: string | string[], op?: '!='): NftStmt => ({ s: 'match', key, value, op });
const base = (name: string, rules: NftRule[], policy?: 'accept' | 'drop'): NftChain => ({
  name,
  base: { type: 'filter', hook: 'input', priority: 0, policy },
  rules,
});
const chain = (name: string, rules: NftRule[]): NftChain => ({ name, rules });
const table = (chains: NftChain[], sets: NftSet[] = []): NftTable => ({ family: 'ip', name: 't', chains, sets });

describe('nft rule evaluation', () => {
  it('reciprocal_scale(get_random_u32(), N): the high bits pick the element', () => {
    expect([0, 0x55555555, 0x55555556, 0xaaaaaaab, 0xffffffff].map((r32) => numgenRandom(r32, 3))).toEqual([0, 0, 1, 2, 2]);
    expect(numgenRandom(0x80000000, 2)).toBe(1);
  });

  it('a failing match ends the rule; the base chain policy decides when nothing else does', () => {
    const t = table([base('in', [r(match('ip saddr', '10.0.0.0/8', '!='), drop), r(match('th dport', '22'), drop)], 'drop')]);
    const res = runChain(t, 'in', pkt(), env())!;
    expect(res).toMatchObject({ action: { kind: 'drop' }, policy: true, evaluated: 2, path: [] });
    expect(runChain(table([base('in', [])]), 'in', pkt(), env())).toMatchObject({ action: { kind: 'accept' }, policy: true });
    expect(runChain(t, 'nope', pkt(), env())).toBeUndefined();
  });

  it('jump returns to the rule after it; goto does not, so the end of a goto chain returns past the last jump', () => {
    const t = table([
      base('in', [r(go('jump', 'a')), r(match('th dport', '53'), drop)]),
      chain('a', [r(go('goto', 'b')), r(accept)]),
      chain('b', [r({ s: 'mark-set', or: 0x4000 })]),
    ]);
    const res = runChain(t, 'in', pkt(), env())!;
    // in → jump a → goto b → (b ends: back past `jump a`) → drop
    expect(res).toMatchObject({ action: { kind: 'drop' }, policy: false, mark: 0x4000, row: 'th dport 53 drop', evaluated: 4 });
    expect(res.path.map((s) => `${s.chain}:${s.index}`)).toEqual(['in:0', 'a:0', 'b:0', 'in:1']);
  });

  it('return pops to the caller; continue goes on with the next rule; accept ends the base chain', () => {
    const t = table([
      base('in', [r(go('jump', 'a')), r({ s: 'verdict', verdict: { kind: 'continue' } }), r(accept), r(drop)]),
      chain('a', [r({ s: 'verdict', verdict: { kind: 'return' } }), r(drop)]),
    ]);
    expect(runChain(t, 'in', pkt(), env())).toMatchObject({ action: { kind: 'accept' }, row: 'accept' });
  });

  it('stops a jump loop at the kernel jump stack depth instead of spinning', () => {
    const t = table([base('in', [r(go('jump', 'a'))]), chain('a', [r(go('jump', 'a'))])]);
    expect(runChain(t, 'in', pkt(), env())!.policy).toBe(true);
  });

  it('verdict maps on concatenations; a miss falls through to the next rule', () => {
    const vmap: NftSet = {
      name: 'svc',
      kind: 'map',
      type: ['ipv4_addr', 'inet_proto', 'inet_service'],
      valueType: 'verdict',
      elements: [{ key: ['10.96.0.10', 'udp', '53'], value: { kind: 'goto', chain: 'dns' } }],
    };
    const t = table(
      [base('in', [r({ s: 'lookup', keys: ['ip daddr', 'meta l4proto', 'th dport'], set: 'svc', vmap: true }), r(accept)]), chain('dns', [r(drop)])],
      [vmap],
    );
    expect(runChain(t, 'in', pkt({ proto: 'udp' }), env())).toMatchObject({ action: { kind: 'drop' }, chain: { name: 'dns' } });
    expect(runChain(t, 'in', pkt({ proto: 'tcp' }), env())).toMatchObject({ action: { kind: 'accept' } });
  });

  it('set membership, negated; interval sets find the longest prefix', () => {
    const cidrs: NftSet = {
      name: 'nets',
      kind: 'set',
      type: ['ipv4_addr'],
      flags: ['interval'],
      elements: [{ key: ['10.0.0.0/8'] }, { key: ['10.96.0.0/12'] }, { key: ['192.168.1.10'] }],
    };
    expect(lookupElement(cidrs, ['10.96.3.4'])?.key).toEqual(['10.96.0.0/12']);
    expect(lookupElement(cidrs, ['10.1.1.1'])?.key).toEqual(['10.0.0.0/8']);
    expect(lookupElement(cidrs, ['192.168.1.10'])?.key).toEqual(['192.168.1.10']);
    expect(lookupElement(cidrs, ['172.16.0.1'])).toBeUndefined();
    const t = table([base('in', [r({ s: 'lookup', keys: ['ip saddr'], set: 'nets', vmap: false, op: '!=' }, drop)])], [cidrs]);
    expect(runChain(t, 'in', pkt({ src: '172.16.0.1' }), env())!.action.kind).toBe('drop');
    expect(runChain(t, 'in', pkt({ src: '10.244.0.1' }), env())!.policy).toBe(true);
  });

  it('hash lookups: each set is indexed once, whatever its size', () => {
    const big: NftSet = { name: 'b', kind: 'set', type: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [] };
    const elements = Array.from({ length: 5000 }, (_, i) => ({ key: [`10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, 'tcp', '80'] }));
    const set = { ...big, elements };
    expect(setIndex(set)).toBe(setIndex(set));
    expect(lookupElement(set, ['10.96.19.135', 'tcp', '80'])).toBe(elements[19 * 256 + 135]);
    expect(lookupElement(set, ['10.96.19.135', 'udp', '80'])).toBeUndefined();
  });

  it('marks: `meta mark & M != 0` tests, `meta mark set meta mark ^ M` clears', () => {
    const t = table([
      base('post', [r({ s: 'mark-test', mask: 0x4000, op: '!=', value: 0 }, { s: 'mark-set', xor: 0x4000 }, { s: 'masquerade', fullyRandom: true })]),
    ]);
    expect(runChain(t, 'post', pkt({ mark: 0x4001 }), env())).toMatchObject({ action: { kind: 'masquerade', fullyRandom: true }, mark: 0x0001 });
    expect(runChain(t, 'post', pkt({ mark: 0x0001 }), env())).toMatchObject({ policy: true, mark: 0x0001 });
  });

  it('ct state and ct status are bitmask tests; fib … type local asks the namespace; anonymous sets', () => {
    const t = (stmts: NftStmt[]) => table([base('in', [r(...stmts, drop)])]);
    const decided = (stmts: NftStmt[], p: PacketView) => !runChain(t(stmts), 'in', p, env())!.policy;
    expect(decided([match('ct state', 'new')], pkt())).toBe(true);
    expect(decided([match('ct state', 'established,related')], pkt())).toBe(false);
    expect(decided([match('ct state', 'invalid')], pkt({ ctstate: undefined }))).toBe(true);
    expect(decided([match('ct status', 'dnat')], pkt({ ctstate: ['ESTABLISHED', 'DNAT'] }))).toBe(true);
    expect(decided([match('ct status', 'dnat')], pkt())).toBe(false);
    expect(decided([match('fib saddr type', 'local')], pkt({ src: '192.168.1.10' }))).toBe(true);
    expect(decided([match('fib daddr type', 'local')], pkt())).toBe(false);
    expect(decided([match('ip daddr', ['10.96.0.0/12', '10.100.0.0/16'])], pkt())).toBe(true);
    expect(decided([match('meta l4proto', 'udp')], pkt())).toBe(false);
    expect(decided([match('iifname', 'cni*')], pkt({ inIface: 'cni0' }))).toBe(true);
  });

  it('numgen maps: dnat to the drawn element, vmap to the drawn verdict', () => {
    const dnat: NftStmt = {
      s: 'dnat-map',
      mod: 2,
      map: [
        { n: 0, to: '10.244.1.5', port: 8080 },
        { n: 1, to: '10.244.2.7', port: 8080 },
      ],
    };
    const t = table([base('nat', [r(match('meta l4proto', 'tcp'), dnat)])]);
    expect(runChain(t, 'nat', pkt(), env({ draws: [0x90000000] }))!.action).toEqual({ kind: 'dnat', to: '10.244.2.7', port: 8080 });
    expect(runChain(t, 'nat', pkt(), env({ draws: [0x10000000] }))!.action).toEqual({ kind: 'dnat', to: '10.244.1.5', port: 8080 });
  });

  it('session affinity: `update @set { ip saddr }` adds the source, a later lookup finds it until the timeout', () => {
    const aff: NftSet = { name: 'affinity-a', kind: 'set', type: ['ipv4_addr'], flags: ['dynamic', 'timeout'], timeout: 10800, elements: [] };
    const t = table(
      [
        base('nat', [
          r({ s: 'lookup', keys: ['ip saddr'], set: 'affinity-a', vmap: false }, go('goto', 'ep-a')),
          r({
            s: 'numgen',
            mod: 2,
            map: [
              { n: 0, verdict: { kind: 'goto', chain: 'ep-a' } },
              { n: 1, verdict: { kind: 'goto', chain: 'ep-b' } },
            ],
          }),
        ]),
        chain('ep-a', [r({ s: 'set-update', set: 'affinity-a', keys: ['ip saddr'] }), r({ s: 'dnat', to: '10.244.1.5', port: 8080 })]),
        chain('ep-b', [r({ s: 'dnat', to: '10.244.2.7', port: 8080 })]),
      ],
      [aff],
    );
    const e = env({ draws: [0, 0xffffffff] });
    expect(runChain(t, 'nat', pkt(), e)!.action).toMatchObject({ to: '10.244.1.5' });
    expect(e.seen.has('affinity-a 10.244.1.2')).toBe(true);
    // the second draw would pick ep-b, but the affinity rule comes first
    expect(runChain(t, 'nat', pkt(), e)!.action).toMatchObject({ to: '10.244.1.5' });
    const expired = { ...e, elementAge: () => 10801 };
    expect(runChain(t, 'nat', pkt(), expired)!.action).toMatchObject({ to: '10.244.2.7' });
  });
});
