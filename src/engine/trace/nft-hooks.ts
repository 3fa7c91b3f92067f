/**
 * nftables base chains in the netfilter hooks: each `type filter|nat hook H priority P`
 * chain of a namespace's nft tables runs at its priority (trace/hooks.ts orders them with
 * the iptables tables). Evaluation of the rules lives in tables/nft.ts.
 */
import type { Hook, Netns, NftTable, RuleTarget } from '../model/datapath';
import type { PacketView } from '../tables/netfilter';
import type { Walker } from './walker';

export interface NftBaseChain {
  readonly table: NftTable;
  readonly chain: string;
  readonly priority: number;
}

const NFT_HOOK: Record<Hook, string> = { PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' };

/** The base chains of `type` registered at `hook`. */
export function nftChainsAt(ns: Netns, hook: Hook, type: 'filter' | 'nat'): NftBaseChain[] {
  const out: NftBaseChain[] = [];
  for (const table of ns.nft ?? []) {
    for (const c of table.chains) {
      if (c.base && c.base.type === type && c.base.hook === NFT_HOOK[hook]) out.push({ table, chain: c.name, priority: c.base.priority });
    }
  }
  return out;
}

export interface NftOutcome {
  readonly target?: RuleTarget;
  readonly res?: {
    readonly row?: string;
    readonly rows: readonly string[];
    readonly path: readonly { readonly row: string }[];
    readonly chain: string;
    readonly table: string;
  };
  readonly mark: number;
}

export function runNftChain(_w: Walker, _ns: Netns, _table: NftTable, _chain: string, view: PacketView): NftOutcome | undefined {
  return { mark: view.mark ?? 0 };
}
