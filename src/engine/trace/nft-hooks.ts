/**
 * nftables base chains in the netfilter hooks: each `type filter|nat hook H priority P`
 * chain of a namespace's nft tables runs at its priority (trace/hooks.ts orders them with
 * the iptables tables; nat chains run inside its nat step, for a connection's first packet
 * only). Evaluation of the rules lives in tables/nft.ts; this file turns its result into the
 * walk's terms: a RuleTarget, the deciding row and the rules that led there, the mark.
 *
 * The kernel state a rule consults: `fib … type local` is the namespace's local table,
 * `numgen random` draws get_random_u32() from the lab's seeded generator, and the runtime
 * elements of dynamic sets (`update @affinity-… { ip saddr }`) are kept with the xt_recent
 * lists, under the name `nft <family> <table> <set>` (both are "address last seen at").
 */
import type { Hook, Netns, NftTable, RuleTarget } from '../model/datapath';
import type { PacketView } from '../tables/netfilter';
import { runChain, tableIndex, type NftAction, type NftEnv } from '../tables/nft';
import { chainRuleRows, formatPriority } from '../tables/nft-format';
import type { Walker } from './walker';

export interface NftBaseChain {
  readonly table: NftTable;
  readonly chain: string;
  readonly priority: number;
}

const NFT_HOOK: Record<Hook, string> = { PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' };

/** The base chains of `type` registered at `hook` (from each table's cached index: no walk over every chain). */
export function nftChainsAt(ns: Netns, hook: Hook, type: 'filter' | 'nat'): NftBaseChain[] {
  const tables = ns.nft;
  if (!tables?.length) return [];
  const out: NftBaseChain[] = [];
  for (const table of tables)
    for (const c of tableIndex(table).bases.get(`${type} ${NFT_HOOK[hook]}`) ?? []) out.push({ table, chain: c.name, priority: c.base!.priority });
  return out;
}

export interface NftOutcome {
  readonly target?: RuleTarget;
  readonly res?: {
    readonly row?: string;
    readonly rows: readonly string[];
    readonly path: readonly { readonly row: string; readonly chain: string }[];
    readonly chain: string;
    readonly table: string;
  };
  readonly mark: number;
}

const REJECT_WITH: Record<string, Extract<RuleTarget, { kind: 'REJECT' }>['with']> = {
  'icmp net-unreachable': 'icmp-net-unreachable',
  'icmp host-unreachable': 'icmp-host-unreachable',
  'icmp admin-prohibited': 'icmp-admin-prohibited',
  'tcp reset': 'tcp-reset',
};

function targetOf(a: NftAction): RuleTarget {
  switch (a.kind) {
    case 'accept':
      return { kind: 'ACCEPT' };
    case 'drop':
      return { kind: 'DROP' };
    case 'reject':
      // nft_reject_ipv4: the ip family's plain `reject` is ICMP port unreachable
      return { kind: 'REJECT', with: (a.with && REJECT_WITH[a.with]) || 'icmp-port-unreachable' };
    case 'dnat':
      return { kind: 'DNAT', to: a.to, port: a.port };
    case 'masquerade':
      return { kind: 'MASQUERADE', randomFully: a.fullyRandom };
  }
}

function envFor(w: Walker, ns: Netns, table: NftTable): NftEnv {
  const base = w.env(ns);
  const list = (set: string) => `nft ${table.family} ${table.name} ${set}`;
  return {
    isLocal: (ip) => base.isLocal(ip),
    random32: () => w.k.random32(),
    elementAge: (set, key) => base.recentAge(list(set), key),
    elementUpdate: (set, key) => base.recentSet(list(set), key),
  };
}

/**
 * Runs base chain `chain` of `table` on the packet. The target is what ended it (ACCEPT,
 * DROP, REJECT, DNAT, MASQUERADE); none when the chain's accept policy let the packet on
 * without a rule deciding. Evaluated rules count into the walk's netfilter cost.
 */
export function runNftChain(w: Walker, ns: Netns, table: NftTable, chain: string, view: PacketView): NftOutcome | undefined {
  const r = runChain(table, chain, view, envFor(w, ns, table));
  if (!r) return undefined;
  w.nfRules += r.evaluated;
  const tableName = `${table.family} ${table.name}`;
  if (r.policy && r.action.kind === 'accept') return { mark: r.mark };
  const base = r.chain.base;
  const row =
    r.row ?? (base ? `type ${base.type} hook ${base.hook} priority ${formatPriority(base.priority, base.hook)}; policy ${r.action.kind};` : undefined);
  return {
    target: targetOf(r.action),
    res: { row, rows: chainRuleRows(r.chain), path: r.path.map((s) => ({ row: s.row, chain: s.chain })), chain: r.chain.name, table: tableName },
    mark: r.mark,
  };
}
