/**
 * Routing: the kernel's `local` table (addresses on this host) is consulted before `main`,
 * and in a table the longest prefix wins, then the lowest metric (LNX fib_table_lookup;
 * STYLE.md: "filter routes containing the address, take the longest prefix"). With policy
 * routing rules (`ip rule`) the rules are tried by priority; a rule whose table has no route
 * for the destination passes the lookup on to the next rule (fib_rules_lookup), a blackhole
 * or unreachable route ends it.
 */
import type { IpRule, Netns, Route } from '../model/datapath';
import { cidrContains, cidrString, type Ipv4 } from '../wire/ipv4';
import { formatRoute, mainTable } from './route-format';
import { INDEX_FROM, lookupIndexed, routeIndex } from './route-index';

export { formatRoute };

export interface RouteHit {
  readonly route: Route;
  readonly index: number;
  /** the table it came from when policy routing chose one other than main */
  readonly table?: number;
  /** the rule that chose the table, as `ip rule` prints it */
  readonly rule?: string;
}

/** What a policy routing rule can select on: the packet's source, its input device, its mark. */
export interface RouteKey {
  readonly src?: Ipv4;
  readonly iif?: string;
  readonly mark?: number;
}

export function isLocalAddress(ns: Netns, ip: Ipv4): boolean {
  if (ip.startsWith('127.')) return true;
  return ns.interfaces.some((d) => d.addrs.some((a) => a.ip === ip));
}

/** The linear scan the index below must agree with (route-index.test.ts compares them). */
export function lookupLinear(routes: readonly Route[], dst: Ipv4): RouteHit | undefined {
  let best: RouteHit | undefined;
  routes.forEach((route, index) => {
    if (!cidrContains(route.dst, dst)) return;
    if (!best || route.dst.prefix > best.route.dst.prefix || (route.dst.prefix === best.route.dst.prefix && (route.metric ?? 0) < (best.route.metric ?? 0))) {
      best = { route, index };
    }
  });
  return best;
}

function lookupIn(routes: readonly Route[], dst: Ipv4): RouteHit | undefined {
  return routes.length < INDEX_FROM ? lookupLinear(routes, dst) : lookupIndexed(routeIndex(routes), dst);
}

function ruleMatches(r: IpRule, dst: Ipv4, key: RouteKey): boolean {
  const hit =
    (!r.from || (key.src !== undefined && cidrContains(r.from, key.src))) &&
    (!r.to || cidrContains(r.to, dst)) &&
    (!r.iif || r.iif === key.iif) &&
    (!r.fwmark || ((key.mark ?? 0) & r.fwmark.mask) === r.fwmark.value);
  return r.not ? !hit : hit;
}

/** `ip rule` as iproute2 prints a rule: `1536:\tfrom 10.0.1.23 to 10.0.0.0/16 lookup 2`. */
export function formatRule(r: IpRule): string {
  const sel = [
    r.not ? 'not' : '',
    `from ${r.from ? cidrString(r.from).replace(/\/32$/, '') : 'all'}`,
    r.to ? `to ${cidrString(r.to).replace(/\/32$/, '')}` : '',
    r.fwmark ? `fwmark 0x${r.fwmark.value.toString(16)}/0x${r.fwmark.mask.toString(16)}` : '',
    r.iif ? `iif ${r.iif}` : '',
  ].filter(Boolean);
  return `${r.prio}:\t${sel.join(' ')} lookup ${r.table}`;
}

/** The route for `dst`: main only, or the policy routing rules in priority order when the namespace has any. */
export function lookupRoute(ns: Netns, dst: Ipv4, key: RouteKey = {}): RouteHit | undefined {
  if (!ns.rules?.length) return lookupIn(ns.routes, dst);
  const rules = [...ns.rules, { prio: 32766, table: 'main' as const }].sort((a, b) => a.prio - b.prio);
  for (const r of rules) {
    if (!ruleMatches(r, dst, key)) continue;
    const hit = lookupIn(r.table === 'main' ? ns.routes : (ns.routeTables?.[r.table] ?? []), dst);
    if (!hit) continue;
    return r.table === 'main' ? hit : { ...hit, table: r.table, rule: formatRule(r) };
  }
  return undefined;
}

const printed = new WeakMap<readonly Route[], readonly string[]>();

/** The table as `ip route` lists it: default first, then by destination. Cached per (immutable) table. */
export function formatRouteTable(ns: Netns): readonly string[] {
  let rows = printed.get(ns.routes);
  if (!rows) {
    rows = mainTable(ns.routes).map(formatRoute);
    printed.set(ns.routes, rows);
  }
  return rows;
}

/** Source address selection (LNX inet_select_addr): the route's `src`, else the first address on the device. */
export function sourceFor(ns: Netns, r: Route): Ipv4 | undefined {
  if (r.src) return r.src;
  const dev = ns.interfaces.find((d) => d.name === r.dev);
  const onDev = dev?.addrs.find((a) => a.scope !== 'host');
  if (onDev) return onDev.ip;
  // A device without an address: the kernel picks another global address of the host.
  for (const d of ns.interfaces) {
    const a = d.addrs.find((x) => x.scope !== 'host');
    if (a) return a.ip;
  }
  return undefined;
}
