/**
 * `ip rule [show|list]` and `ip route show table ID` (iproute2 ip/iprule.c print_rule,
 * ip/iproute.c with `table`; formats checked against real VPC CNI nodes in
 * notes/vpc-flannel.md §2):
 *
 *   0:	from all lookup local
 *   512:	from all to 10.0.3.77 lookup main
 *   1536:	from 10.0.8.91 lookup 2
 *   32766:	from all lookup main
 *   32767:	from all lookup default
 *
 * The kernel's three default rules always print (the lab stores only the rules beyond them);
 * rules of equal priority keep their insertion order; a tab follows the colon and a /32 prints
 * as a bare address (tables/route.ts formatRule). `ip route show table N` prints that table as
 * `ip route` prints main, `table main` is main; the local and default tables are not modelled.
 */
import type { IpRule, Netns } from '../model/datapath';
import { formatRule } from '../tables/route';
import { formatRoute, mainTable } from '../tables/route-format';
import { type CommandResult, done, notModelled, type Shell } from './context';

const DEFAULTS: readonly IpRule[] = [
  { prio: 32766, table: 'main' },
  { prio: 32767, table: 0 },
];

/** Every rule of the namespace as `ip rule show` lists it, by priority. */
export function ruleLines(ns: Netns): string[] {
  const rules = [...(ns.rules ?? []), ...DEFAULTS].map((r, i) => ({ r, i })).sort((a, b) => a.r.prio - b.r.prio || a.i - b.i);
  // rule 0 looks up the local table; 32767 the (empty) default table
  return ['0:\tfrom all lookup local', ...rules.map(({ r }) => (r.prio === 32767 && r.table === 0 ? '32767:\tfrom all lookup default' : formatRule(r)))];
}

function isShow(arg: string | undefined): boolean {
  return arg === undefined || 'show'.startsWith(arg) || 'list'.startsWith(arg);
}

export function ipRuleCommand(shell: Shell, argv: readonly string[]): CommandResult {
  if (!isShow(argv[0])) return notModelled(shell, `ip rule ${argv.join(' ')}`);
  if (argv.length > 1) return notModelled(shell, `ip rule ${argv.join(' ')}`);
  return done(shell, ruleLines(shell.netns));
}

/** `ip route show table ID [dev X]`: `args` are what follows `table`. */
export function ipRouteTableCommand(shell: Shell, args: readonly string[]): CommandResult {
  const [id, ...rest] = args;
  if (id === undefined) return done(shell, 'Command line is not complete. Try option "help"', 255);
  if (rest.length) return notModelled(shell, `ip route show table ${args.join(' ')}`);
  const ns = shell.netns;
  if (id === 'main' || id === '254')
    return done(
      shell,
      mainTable(ns.routes).map((r) => `${formatRoute(r)} `),
    );
  if (id === 'local' || id === 'default' || id === 'all' || id === '255' || id === '0') return notModelled(shell, `ip route show table ${id}`);
  if (!/^\d+$/.test(id) || Number(id) > 0xffffffff) return done(shell, `Error: argument "${id}" is wrong: table id value is invalid`, 255);
  return done(
    shell,
    mainTable(ns.routeTables?.[Number(id)] ?? []).map((r) => `${formatRoute(r)} `),
  );
}
