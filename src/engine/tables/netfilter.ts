/**
 * A netfilter-like hook: built-in chains per table, rules matched top to bottom, user
 * chains via JUMP/RETURN, the chain policy at the end (iptables(8)). kube-proxy,
 * NetworkPolicy and faults write these tables; the walk calls `traverse` at each hook.
 */
import type { Chain, Hook, Netns, NetfilterTable, RuleMatch, RuleTarget } from '../model/datapath';
import { cidrContains, type Ipv4 } from '../wire/ipv4';
import { formatRule } from './table-format';

export { formatRule };
import type { IpProto } from '../wire/headers';

export interface PacketView {
  readonly proto: IpProto;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport?: number;
  readonly dport?: number;
  readonly inIface?: string;
  readonly outIface?: string;
}

export interface Verdict {
  readonly target: RuleTarget;
  /** the rule as iptables-save prints it, or the chain policy */
  readonly row: string;
  readonly chain: string;
  readonly table: NetfilterTable;
  /** the chain's rules as printed, for the inspector */
  readonly rows: readonly string[];
}

function matches(m: RuleMatch, p: PacketView): boolean {
  if (m.proto && m.proto !== p.proto) return false;
  if (m.src && !cidrContains(m.src, p.src)) return false;
  if (m.dst && !cidrContains(m.dst, p.dst)) return false;
  if (m.notSrc && cidrContains(m.notSrc, p.src)) return false;
  if (m.notDst && cidrContains(m.notDst, p.dst)) return false;
  if (m.dport !== undefined && m.dport !== p.dport) return false;
  if (m.sport !== undefined && m.sport !== p.sport) return false;
  if (m.inIface && m.inIface !== p.inIface) return false;
  if (m.outIface && m.outIface !== p.outIface) return false;
  return true;
}

export function chainRows(chain: Chain): string[] {
  return chain.rules.map((r) => formatRule(chain.name, r));
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'MASQUERADE', 'SNAT', 'DNAT']);

function walkChain(tables: Readonly<Record<string, Chain>>, table: NetfilterTable, name: string, p: PacketView, depth: number): Verdict | undefined {
  const chain = tables[name];
  if (!chain || depth > 32) return undefined;
  for (const r of chain.rules) {
    if (!matches(r.match, p)) continue;
    if (r.target.kind === 'JUMP') {
      const v = walkChain(tables, table, r.target.chain, p, depth + 1);
      if (v) return v;
      continue;
    }
    if (r.target.kind === 'RETURN') return undefined;
    if (TERMINAL.has(r.target.kind)) return { target: r.target, row: formatRule(name, r), chain: name, table, rows: chainRows(chain) };
  }
  return undefined;
}

/** Runs `packet` through `table`'s built-in chain for `hook`. No table or chain: ACCEPT with no row. */
export function traverse(ns: Netns, table: NetfilterTable, hook: Hook, p: PacketView): Verdict | undefined {
  const tables = ns.netfilter[table];
  const chain = tables?.[hook];
  if (!tables || !chain) return undefined;
  const v = walkChain(tables, table, hook, p, 0);
  if (v) return v;
  if (chain.policy === 'DROP') return { target: { kind: 'DROP' }, row: `:${hook} DROP (policy)`, chain: hook, table, rows: chainRows(chain) };
  return undefined;
}
