/**
 * nftables rule evaluation (LNX net/netfilter/nf_tables_core.c nft_do_chain; nft(8)): a base
 * chain's rules run top to bottom, each rule's statements left to right. A match that fails
 * ends the rule (NFT_BREAK) and evaluation goes on with the next rule; a set or verdict-map
 * lookup that misses does the same. `jump` pushes a return point (at most NFT_JUMP_STACK_SIZE
 * deep), `goto` does not; `return`, or the end of a regular chain, pops back to the rule after
 * the last jump, and the end of the base chain applies its policy. `accept`, `drop`, `reject`
 * and the NAT statements end the base chain (nft_nat_eval and nft_reject_eval set the verdict).
 *
 * Lookups are hash lookups, as nft_set_hash is: each set gets a Map from its printed key
 * (`10.96.0.10 . udp . 53`) built once and cached, so a probe costs the same with ten Services
 * or five thousand. Interval sets keep one Map per prefix length. `numgen random mod N` is
 * nft_ng_random_eval: reciprocal_scale(get_random_u32(), N), drawn from the lab's generator.
 * Dynamic sets (`update @set { ip saddr }`, session affinity) live in the kernel state
 * through NftEnv, since the walk never edits the tables.
 */
import type { CtState, NftChain, NftElement, NftKey, NftRule, NftSet, NftTable, NftVerdict } from '../model/datapath';
import { cidrContains, ipToInt, parseCidr, type Cidr } from '../wire/ipv4';
import type { PacketView } from './netfilter';
import { ruleRow } from './nft-format';

/** What a rule may consult beyond the packet (the walk's kernel state), and its side effects. */
export interface NftEnv {
  /** `fib … type local`: the address is one of this namespace's own */
  isLocal(ip: string): boolean;
  /** get_random_u32() from the lab's seeded generator */
  random32(): number;
  /** a dynamic set's runtime element: seconds since it was last added or updated, or undefined */
  elementAge(set: string, key: string): number | undefined;
  elementUpdate(set: string, key: string): void;
}

/** The statement that ended evaluation. */
export type NftAction =
  | { readonly kind: 'accept' | 'drop' }
  | { readonly kind: 'reject'; readonly with?: string }
  | { readonly kind: 'dnat'; readonly to: string; readonly port?: number }
  | { readonly kind: 'masquerade'; readonly fullyRandom?: boolean };

/** A rule that matched on the way (a jump, a goto, a mark, the final verdict). */
export interface NftStep {
  readonly chain: string;
  /** 0-based position in its chain */
  readonly index: number;
  readonly row: string;
}

export interface NftResult {
  readonly action: NftAction;
  /** the base chain's policy decided: no rule gave a verdict */
  readonly policy: boolean;
  /** the deciding rule's chain (the base chain when the policy decided) */
  readonly chain: NftChain;
  /** the deciding rule as nft prints it; undefined when the policy decided */
  readonly row?: string;
  readonly path: readonly NftStep[];
  /** skb->mark after the `meta mark set` statements on the way */
  readonly mark: number;
  readonly evaluated: number;
}

/** NFT_JUMP_STACK_SIZE (include/net/netfilter/nf_tables.h) */
const JUMP_STACK = 16;

interface SetIndex {
  readonly exact: Map<string, NftElement>;
  /** interval sets: prefix length → network → element, longest prefix first */
  readonly prefixes: readonly { readonly len: number; readonly nets: Map<string, NftElement> }[];
  /** elements that are neither exact keys nor single CIDRs (ranges, concatenated intervals) */
  readonly rest: readonly NftElement[];
}

interface TableIndex {
  readonly chains: Map<string, NftChain>;
  readonly sets: Map<string, NftSet>;
  /** base chains by `type hook` (`nat prerouting`), in creation order */
  readonly bases: Map<string, NftChain[]>;
}

const tableIndexes = new WeakMap<NftTable, TableIndex>();
const setIndexes = new WeakMap<NftSet, SetIndex>();

export function tableIndex(t: NftTable): TableIndex {
  let ix = tableIndexes.get(t);
  if (!ix) {
    const bases = new Map<string, NftChain[]>();
    for (const c of t.chains) {
      if (!c.base) continue;
      const k = `${c.base.type} ${c.base.hook}`;
      if (!bases.has(k)) bases.set(k, []);
      bases.get(k)!.push(c);
    }
    ix = { chains: new Map(t.chains.map((c) => [c.name, c])), sets: new Map(t.sets.map((s) => [s.name, s])), bases };
    tableIndexes.set(t, ix);
  }
  return ix;
}

/** Builds every lookup structure of `t` now rather than on the first packet (a proxier calls it after writing the table). */
export function prepareTable(t: NftTable): void {
  for (const set of tableIndex(t).sets.values()) setIndex(set);
}

const keyText = (parts: readonly string[]) => parts.join(' . ');

function maskNet(ip: string, len: number): string {
  const n = ipToInt(ip);
  const m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const v = (n & m) >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function setIndex(set: NftSet): SetIndex {
  let ix = setIndexes.get(set);
  if (ix) return ix;
  const exact = new Map<string, NftElement>();
  const byLen = new Map<number, Map<string, NftElement>>();
  const rest: NftElement[] = [];
  const interval = set.flags?.includes('interval');
  for (const e of set.elements) {
    if (!interval) exact.set(keyText(e.key), e);
    else if (e.key.length === 1 && /^[\d.]+(\/\d+)?$/.test(e.key[0])) {
      const c = parseCidr(e.key[0].includes('/') ? e.key[0] : `${e.key[0]}/32`);
      if (!byLen.has(c.prefix)) byLen.set(c.prefix, new Map());
      byLen.get(c.prefix)!.set(c.net, e);
    } else rest.push(e);
  }
  const prefixes = [...byLen.entries()].sort((a, b) => b[0] - a[0]).map(([len, nets]) => ({ len, nets }));
  ix = { exact, prefixes, rest };
  setIndexes.set(set, ix);
  return ix;
}

function partMatches(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (pattern.includes('/')) return cidrContains(parseCidr(pattern), value);
  const dash = pattern.indexOf('-');
  if (dash > 0 && /^\d+-\d+$/.test(pattern)) return Number(value) >= Number(pattern.slice(0, dash)) && Number(value) <= Number(pattern.slice(dash + 1));
  return false;
}

/** The element `key` selects in `set` (its static elements; a dynamic set's runtime ones come from NftEnv). */
export function lookupElement(set: NftSet, key: readonly string[]): NftElement | undefined {
  const ix = setIndex(set);
  const hit = ix.exact.get(keyText(key));
  if (hit) return hit;
  if (key.length === 1)
    for (const p of ix.prefixes) {
      const e = p.nets.get(maskNet(key[0], p.len));
      if (e) return e;
    }
  return ix.rest.find((e) => e.key.length === key.length && e.key.every((k, i) => partMatches(k, key[i])));
}

const CT_STATE: Partial<Record<CtState, string>> = { NEW: 'new', ESTABLISHED: 'established', RELATED: 'related', INVALID: 'invalid', UNTRACKED: 'untracked' };

const ctBits = (p: PacketView) => p.ctstate ?? ['INVALID'];

/** The value a key selects from the packet, in the form nft prints it. */
const KEYS: Record<NftKey, (p: PacketView, env: NftEnv) => string> = {
  'ip daddr': (p) => p.dst,
  'ip saddr': (p) => p.src,
  'meta l4proto': (p) => p.proto,
  'th dport': (p) => String(p.dport ?? 0),
  'th sport': (p) => String(p.sport ?? 0),
  // no conntrack entry reads as invalid (nft_ct_get_eval: NF_CT_STATE_INVALID_BIT)
  'ct state': (p) =>
    ctBits(p)
      .flatMap((s) => CT_STATE[s] ?? [])
      .join(',') || 'invalid',
  'ct status': (p) =>
    ctBits(p)
      .flatMap((s) => (s === 'DNAT' ? 'dnat' : s === 'SNAT' ? 'snat' : []))
      .join(','),
  'fib daddr type': (p, env) => (env.isLocal(p.dst) ? 'local' : 'unicast'),
  'fib saddr type': (p, env) => (env.isLocal(p.src) ? 'local' : 'unicast'),
  iifname: (p) => p.inIface ?? '',
  oifname: (p) => p.outIface ?? '',
};

export function keyValue(key: NftKey, p: PacketView, env: NftEnv): string {
  return KEYS[key](p, env);
}

const cidrCache = new Map<string, Cidr | null>();

function valueMatches(key: NftKey, want: string, have: string): boolean {
  if (key === 'ct state' || key === 'ct status') {
    // bitmask types: `ct state new` tests (state & new) != 0
    const bits = have.split(',');
    return want.split(',').some((w) => bits.includes(w));
  }
  if (key === 'ip daddr' || key === 'ip saddr') {
    if (want === have) return true;
    let c = cidrCache.get(want);
    if (c === undefined) cidrCache.set(want, (c = want.includes('/') ? parseCidr(want) : null));
    return c !== null && cidrContains(c, have);
  }
  if (key === 'iifname' || key === 'oifname') {
    const name = want.replace(/^"|"$/g, '');
    return name.endsWith('*') ? have.startsWith(name.slice(0, -1)) : name === have;
  }
  return want === have;
}

/** nft_ng_random_eval: reciprocal_scale(get_random_u32(), mod) = (u64)r * mod >> 32 */
export function numgenRandom(r32: number, mod: number): number {
  return Math.floor(((r32 >>> 0) * mod) / 0x100000000);
}

/** The anonymous map's element for the drawn number (kube-proxy numbers them 0…N-1 in order, so usually at its index). */
function drawn<T extends { readonly n: number }>(map: readonly T[], n: number): T | undefined {
  return map[n]?.n === n ? map[n] : map.find((m) => m.n === n);
}

type RuleOutcome =
  { readonly t: 'break' } | { readonly t: 'done' } | { readonly t: 'verdict'; readonly v: NftVerdict } | { readonly t: 'action'; readonly a: NftAction };

const BREAK: RuleOutcome = { t: 'break' };

function inSet(set: NftSet | undefined, key: readonly string[], env: NftEnv): NftElement | undefined | true {
  if (!set) return undefined;
  const e = lookupElement(set, key);
  if (e) return e;
  if (set.flags?.includes('dynamic') || set.flags?.includes('timeout')) {
    const age = env.elementAge(set.name, keyText(key));
    if (age !== undefined && (set.timeout === undefined || age <= set.timeout)) return true;
  }
  return undefined;
}

function evalRule(rule: NftRule, ix: TableIndex, p: PacketView, env: NftEnv, st: { mark: number }): RuleOutcome {
  for (const s of rule.stmts) {
    switch (s.s) {
      case 'match': {
        const have = keyValue(s.key, p, env);
        const wants = typeof s.value === 'string' ? [s.value] : s.value;
        if (wants.some((w) => valueMatches(s.key, w, have)) === (s.op === '!=')) return BREAK;
        break;
      }
      case 'lookup': {
        const key = s.keys.map((k) => keyValue(k, p, env));
        const hit = inSet(ix.sets.get(s.set), key, env);
        if (s.vmap) {
          if (!hit || hit === true || !hit.value) return BREAK;
          return { t: 'verdict', v: hit.value };
        }
        if (!!hit === (s.op === '!=')) return BREAK;
        break;
      }
      case 'mark-test':
        if (((st.mark & s.mask) >>> 0 === s.value >>> 0) === (s.op === '!=')) return BREAK;
        break;
      case 'mark-set':
        st.mark = ((st.mark | (s.or ?? 0)) ^ (s.xor ?? 0)) >>> 0;
        break;
      case 'numgen': {
        const hit = drawn(s.map, numgenRandom(env.random32(), s.mod));
        return hit ? { t: 'verdict', v: hit.verdict } : BREAK;
      }
      case 'dnat':
        return { t: 'action', a: { kind: 'dnat', to: s.to, port: s.port } };
      case 'dnat-map': {
        const hit = drawn(s.map, numgenRandom(env.random32(), s.mod));
        return hit ? { t: 'action', a: { kind: 'dnat', to: hit.to, port: hit.port } } : BREAK;
      }
      case 'set-update':
        env.elementUpdate(s.set, keyText(s.keys.map((k) => keyValue(k, p, env))));
        break;
      case 'masquerade':
        return { t: 'action', a: { kind: 'masquerade', fullyRandom: s.fullyRandom } };
      case 'reject':
        return { t: 'action', a: { kind: 'reject', with: s.with } };
      case 'verdict':
        return { t: 'verdict', v: s.verdict };
      case 'counter':
        break;
    }
  }
  return { t: 'done' };
}

/**
 * Runs `p` through base chain `chain` of `table`. Undefined when there is no such chain.
 * `mark` is the packet's mark on entry (also in `p.mark`).
 */
export function runChain(table: NftTable, chain: string, p: PacketView, env: NftEnv): NftResult | undefined {
  const ix = tableIndex(table);
  const base = ix.chains.get(chain);
  if (!base) return undefined;
  const st = { mark: p.mark ?? 0 };
  const path: NftStep[] = [];
  const stack: { chain: NftChain; next: number }[] = [];
  let evaluated = 0;
  let cur = base;
  let i = 0;
  for (;;) {
    if (i >= cur.rules.length) {
      // the end of a chain: back to the rule after the last jump, or the base chain's policy
      const back = stack.pop();
      if (!back) break;
      ({ chain: cur, next: i } = back);
      continue;
    }
    const rule = cur.rules[i++];
    evaluated += 1;
    const out = evalRule(rule, ix, p, env, st);
    if (out.t === 'break') continue;
    path.push({ chain: cur.name, index: i - 1, row: ruleRow(rule) });
    const decided = (action: NftAction): NftResult => ({ action, policy: false, chain: cur, row: ruleRow(rule), path, mark: st.mark, evaluated });
    if (out.t === 'action') return decided(out.a);
    if (out.t === 'done') continue;
    const v = out.v;
    if (!('chain' in v)) {
      if (v.kind === 'accept' || v.kind === 'drop') return decided({ kind: v.kind });
      if (v.kind === 'return') i = cur.rules.length;
      continue;
    }
    const target = ix.chains.get(v.chain);
    if (!target) continue;
    if (v.kind === 'jump') {
      // the kernel refuses a ruleset deeper than this at load time (nft_chain_validate); stop rather than loop
      if (stack.length >= JUMP_STACK) break;
      stack.push({ chain: cur, next: i });
    }
    cur = target;
    i = 0;
  }
  const policy = base.base?.policy ?? 'accept';
  return { action: { kind: policy }, policy: true, chain: base, path, mark: st.mark, evaluated };
}
