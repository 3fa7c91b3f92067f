/**
 * `nft list ruleset|tables|table|chain|set|map` on a node (nftables 1.1: src/rule.c do_list_*,
 * src/evaluate.c cmd_evaluate_list, src/erec.c erec_print, src/misspell.c), printing the
 * netns's nft tables with tables/nft-format.ts. The family may be left out (`ip`, as nft's
 * grammar defaults it).
 *
 * The node's iptables rules live in iptables-nft's own tables (`ip filter`, `ip nat`, …): they
 * are listed by name in `list tables`, but printing their rules in nft syntax (xt matches
 * translated) is not modelled — `list ruleset` says so in a comment line and `iptables-save`
 * shows them. UNVERIFIED: where those tables come in the kernel's order (the lab lists them
 * first, in iptables-save's order). Not modelled: `-a` handles, other flags, changing commands.
 */
import type { Netns, NftTable } from '../model/datapath';
import { listChain, listSet, listTable } from '../tables/nft-format';
import { type CommandResult, done, nodeOnly, notModelled, type Shell } from './context';
import type { CommandGroup } from './registry';

const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
/** iptables-nft's tables, as iptables-save orders them */
const XT_TABLES = ['mangle', 'raw', 'filter', 'nat'] as const;

interface TableRef {
  readonly family: string;
  readonly name: string;
}

function xtTables(ns: Netns): TableRef[] {
  return XT_TABLES.filter((t) => Object.keys(ns.netfilter[t] ?? {}).length > 0).map((name) => ({ family: 'ip', name }));
}

function allTables(ns: Netns): TableRef[] {
  return [...xtTables(ns), ...(ns.nft ?? [])];
}

/**
 * string_distance as nft 1.1 computes it (src/misspell.c), row stride and 1-based reads
 * included: those quirks decide which names nft suggests.
 */
function nftDistance(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const d = new Array<number>((la + 1) * (lb + 1)).fill(0);
  const at = (i: number, j: number) => i * lb + j;
  for (let i = 0; i <= la; i++) d[at(i, 0)] = i;
  for (let j = 0; j <= lb; j++) d[at(0, j)] = j;
  for (let i = 1; i <= la; i++) {
    for (let j = 1; j <= lb; j++) {
      const sub = a[i] === b[j] ? 0 : 1;
      d[at(i, j)] = Math.min(d[at(i - 1, j)] + 1, d[at(i, j - 1)] + 1, d[at(i - 1, j - 1)] + sub);
      if (i > 1 && j > 1 && a[i] === b[j - 1] && a[i - 1] === b[j]) d[at(i, j)] = Math.min(d[at(i, j)], d[at(i - 2, j - 2)] + sub);
    }
  }
  return d[at(la, lb)];
}

/** string_misspell_update over `candidates`: the closest name within nft's threshold. */
function misspelled<T>(wanted: string, candidates: readonly (readonly [string, T])[]): T | undefined {
  let best: T | undefined;
  let min = Infinity;
  for (const [name, obj] of candidates) {
    const max = Math.max(name.length, wanted.length);
    const minLen = Math.min(name.length, wanted.length);
    if (max <= 1) continue;
    const threshold = max - minLen <= 1 ? Math.max(Math.ceil(max / 3), 1) : Math.ceil((max + 2) / 3);
    const dist = nftDistance(name, wanted);
    if (dist <= threshold && dist < min) {
      min = dist;
      best = obj;
    }
  }
  return best;
}

/** erec_print: the message, the command line, carets under the offending word. */
function nftError(shell: Shell, argv: readonly string[], word: number, message: string): CommandResult {
  const line = argv.join(' ');
  const start = argv.slice(0, word).join(' ').length + (word > 0 ? 1 : 0);
  return done(shell, [`Error: ${message}`, line, `${' '.repeat(start)}${'^'.repeat(argv[word].length)}`], 1);
}

const ENOENT = 'No such file or directory';

function tableNotFound(shell: Shell, argv: readonly string[], word: number): CommandResult {
  const hit = misspelled(
    argv[word],
    allTables(shell.netns).map((t) => [t.name, t] as const),
  );
  return nftError(shell, argv, word, hit ? `${ENOENT}; did you mean table '${hit.name}' in family ${hit.family}?` : ENOENT);
}

function xtNotModelled(shell: Shell, t: TableRef): CommandResult {
  return done(
    shell,
    `podpath: table ip ${t.name} is iptables-nft's; listing its rules in nft syntax is not modelled yet (iptables-save -t ${t.name} shows them)`,
    127,
  );
}

/** `list OBJ [FAMILY] TABLE [NAME]`: the table (or an error), and where the name words are. */
function findTable(shell: Shell, argv: readonly string[], nameWords: number): { table?: NftTable; result?: CommandResult; at: number } {
  const hasFamily = FAMILIES.includes(argv[2]) && argv.length === 3 + nameWords;
  const at = hasFamily ? 3 : 2;
  if (argv.length !== at + nameWords) return { result: notModelled(shell, `nft ${argv.join(' ')}`), at };
  const family = hasFamily ? argv[2] : 'ip';
  const name = argv[at];
  const table = (shell.netns.nft ?? []).find((t) => t.family === family && t.name === name);
  if (table) return { table, at };
  const xt = family === 'ip' ? xtTables(shell.netns).find((t) => t.name === name) : undefined;
  return { result: xt ? xtNotModelled(shell, xt) : tableNotFound(shell, argv, at), at };
}

function list(shell: Shell, argv: readonly string[]): CommandResult {
  const ns = shell.netns;
  const what = argv[1];
  const familyFilter = argv[2];
  if ((what === 'ruleset' || what === 'tables') && argv.length <= 3 && (familyFilter === undefined || FAMILIES.includes(familyFilter))) {
    const keep = (t: TableRef) => familyFilter === undefined || t.family === familyFilter;
    if (what === 'tables')
      return done(
        shell,
        allTables(ns)
          .filter(keep)
          .map((t) => `table ${t.family} ${t.name}`),
      );
    const xt = xtTables(ns).filter(keep);
    const note = xt.length
      ? [`# podpath: ${xt.map((t) => `table ${t.family} ${t.name}`).join(', ')} (iptables-nft) not shown in nft syntax: see iptables-save`]
      : [];
    return done(shell, [...note, ...(ns.nft ?? []).filter(keep).flatMap(listTable)]);
  }
  if (what === 'table') {
    const f = findTable(shell, argv, 1);
    return f.result ?? done(shell, listTable(f.table!));
  }
  if (what === 'chain' || what === 'set' || what === 'map') {
    const f = findTable(shell, argv, 2);
    if (f.result) return f.result;
    const t = f.table!;
    const name = argv[f.at + 1];
    if (what === 'chain') {
      const c = t.chains.find((x) => x.name === name);
      if (c) return done(shell, listChain(t, c));
      // the cache holds every table's chains, iptables-nft's too
      const chains = [
        ...xtTables(ns).flatMap((tb) => Object.keys(ns.netfilter[tb.name as (typeof XT_TABLES)[number]] ?? {}).map((c) => [c, [tb, c]] as const)),
        ...(ns.nft ?? []).flatMap((tb) => tb.chains.map((x) => [x.name, [tb, x.name]] as const)),
      ];
      const hit = misspelled<readonly [TableRef, string]>(name, chains);
      return nftError(shell, argv, f.at + 1, hit ? `${ENOENT}; did you mean chain '${hit[1]}' in table ${hit[0].family} '${hit[0].name}'?` : ENOENT);
    }
    const s = t.sets.find((x) => x.name === name);
    if (s && s.kind === what) return done(shell, listSet(t, s));
    if (s) return nftError(shell, argv, f.at + 1, ENOENT);
    const hit = misspelled(
      name,
      (ns.nft ?? []).flatMap((tb) => tb.sets.map((x) => [x.name, [tb, x] as const] as const)),
    );
    return nftError(
      shell,
      argv,
      f.at + 1,
      hit ? `${ENOENT}; did you mean ${hit[1].kind} '${hit[1].name}' in table ${hit[0].family} '${hit[0].name}'?` : ENOENT,
    );
  }
  return notModelled(shell, `nft ${argv.join(' ')}`);
}

function nftCommand(shell: Shell, argv: readonly string[]): CommandResult {
  if (shell.netns.kind !== 'node') return nodeOnly(shell, 'nft');
  if (argv[0] === 'list' && argv.length >= 2) return list(shell, argv);
  return notModelled(shell, `nft ${argv.join(' ')}`);
}

export const NFT_COMMANDS: CommandGroup = {
  nft: {
    run: nftCommand,
    usage: 'nft list ruleset | tables | table [ip] NAME | chain|set|map [ip] TABLE NAME',
    what: 'nftables tables: kube-proxy in nftables mode (node)',
    words: ['list', 'ruleset', 'tables', 'table', 'chain', 'set', 'map', 'ip', 'kube-proxy'],
  },
};
