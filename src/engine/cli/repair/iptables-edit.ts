/**
 * `iptables [-t TABLE] -I CHAIN [N] RULE | -A CHAIN RULE | -D CHAIN RULE|N` on a node
 * (iptables 1.8.9, the nf_tables backend the lab's nodes print: iptables/xshared.c
 * do_parse, nft.c nft_cmd_rule_insert / _append / _delete and nft_strerror). The rule is read by
 * tables/iptables-parse.ts, the same reader iptables-restore input uses, so `iptables -S`
 * prints it back as typed.
 *
 * Refusals, as iptables prints them:
 * - no such chain: `iptables: No chain/target/match by that name.` (exit 1)
 * - `-j X` that is neither a target nor a chain of the table:
 *   "Couldn't load target `X':No such file or directory" + the try-help line (exit 2)
 * - -D with no equal rule: `iptables: Bad rule (does a matching rule exist in that chain?).` (exit 1)
 * - -D N / -I N beyond the chain: `iptables: Index of deletion too big.` / `Index of insertion too big.` (exit 1)
 * In a pod (no CAP_NET_ADMIN) the iptables a container image ships (legacy backend) cannot
 * open the table: "can't initialize iptables table `filter': Permission denied (you must be
 * root)" + "Perhaps iptables or your kernel needs to be upgraded." (xtables_error
 * VERSION_PROBLEM, exit 3).
 */
import type { Chain, NetfilterTable, Rule } from '../../model/datapath';
import { parseRuleArgs } from '../../tables/iptables-parse';
import { formatRule } from '../../tables/iptables-rule';
import { type CommandResult, done, notModelled, type Shell } from '../context';
import { commit, withNetns } from './commit';

const VERSION = 'iptables v1.8.9 (nf_tables)';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.";
const TABLES: readonly NetfilterTable[] = ['filter', 'nat', 'mangle', 'raw'];
const TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'MASQUERADE', 'SNAT', 'DNAT', 'MARK']);

export type IptablesOp = {
  readonly op: 'I' | 'A' | 'D';
  readonly table: string;
  readonly chain: string;
  readonly index?: number;
  readonly rule: readonly string[];
};

/** The write commands this file handles; anything else (listing) goes back to iptables.ts. */
export function isIptablesWrite(argv: readonly string[]): boolean {
  return argv.some((a) => ['-I', '-A', '-D', '--insert', '--append', '--delete'].includes(a));
}

export function parseIptablesWrite(argv: readonly string[]): IptablesOp | { error: string; exitCode: number } {
  let table = 'filter';
  let op: IptablesOp['op'] | undefined;
  let chain: string | undefined;
  let index: number | undefined;
  const rule: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-t' || a === '--table') table = argv[++i] ?? '';
    else if (a === '-w' || a === '--wait') {
      if (argv[i + 1] && /^\d+$/.test(argv[i + 1])) i++;
    } else if (['-I', '-A', '-D', '--insert', '--append', '--delete'].includes(a)) {
      if (op) return { error: `${VERSION}: Can't use -${a.replace(/^-+/, '')[0].toUpperCase()} with -${op}\n\n${TRY}`, exitCode: 2 };
      op = (a.length === 2 ? a[1] : a[2].toUpperCase()) as IptablesOp['op'];
      chain = argv[++i];
      if (!chain) return { error: `${VERSION}: option "${a}" requires an argument\n${TRY}`, exitCode: 2 };
      const n = argv[i + 1];
      if (op !== 'A' && n !== undefined && /^-?\d+$/.test(n)) {
        index = Number(n);
        i++;
        if (index < 1) return { error: `${VERSION}: Invalid rule number \`${n}'\n${TRY}`, exitCode: 2 };
      }
    } else rule.push(a);
  }
  if (!op || !chain) return { error: `${VERSION}: no command specified\n${TRY}`, exitCode: 2 };
  return { op, table, chain, ...(index !== undefined ? { index } : {}), rule };
}

function readRule(words: readonly string[]): { rule: Rule } | { error: string } {
  const r = parseRuleArgs(words);
  if (r.ok) return { rule: r.rule };
  // a rule without -j only counts packets: the model's bare rule
  if (!words.includes('-j') && !words.includes('--jump') && !words.includes('-g')) {
    const bare = parseRuleArgs([...words, '-j', 'RETURN']);
    if (bare.ok) return { rule: { ...bare.rule, target: { kind: 'RETURN', bare: true } } };
  }
  return { error: r.error };
}

export function iptablesEdit(shell: Shell, argv: readonly string[], full: readonly string[]): CommandResult {
  const p = parseIptablesWrite(argv);
  if ('error' in p) return done(shell, p.error, p.exitCode);
  if (shell.kind === 'pod')
    return done(
      shell,
      `iptables v1.8.9 (legacy): can't initialize iptables table \`${p.table}': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.`,
      3,
    );
  const ns = shell.netns;
  const table = TABLES.find((t) => t === p.table);
  const chains = table ? ns.netfilter[table] : undefined;
  if (!table || !chains) return done(shell, `${VERSION}: table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 1);
  const chain: Chain | undefined = chains[p.chain];
  if (!chain) return done(shell, 'iptables: No chain/target/match by that name.', 1);
  let rules: readonly Rule[];
  if (p.op === 'D' && p.index !== undefined && p.rule.length === 0) {
    if (p.index > chain.rules.length) return done(shell, 'iptables: Index of deletion too big.', 1);
    rules = chain.rules.filter((_, i) => i !== p.index! - 1);
  } else {
    const r = readRule(p.rule);
    if ('error' in r)
      return r.error.startsWith('the rule has no target') ? notModelled(shell, `iptables ${argv.join(' ')}`) : done(shell, `${VERSION}: ${r.error}\n${TRY}`, 2);
    const t = r.rule.target;
    if (t.kind === 'JUMP' && !TARGETS.has(t.chain) && !chains[t.chain])
      return done(shell, `${VERSION}: Couldn't load target \`${t.chain}':No such file or directory\n\n${TRY}`, 2);
    if (p.op === 'D') {
      const text = formatRule(chain.name, r.rule);
      const at = chain.rules.findIndex((x) => formatRule(chain.name, x) === text);
      if (at < 0) return done(shell, 'iptables: Bad rule (does a matching rule exist in that chain?).', 1);
      rules = chain.rules.filter((_, i) => i !== at);
    } else if (p.op === 'A') rules = [...chain.rules, r.rule];
    else {
      const at = (p.index ?? 1) - 1;
      if (at > chain.rules.length) return done(shell, 'iptables: Index of insertion too big.', 1);
      rules = [...chain.rules.slice(0, at), r.rule, ...chain.rules.slice(at)];
    }
  }
  const netfilter = { ...ns.netfilter, [table]: { ...chains, [chain.name]: { ...chain, rules } } };
  return commit(shell, full, { cluster: withNetns(shell.lab.cluster, { ...ns, netfilter }) });
}
