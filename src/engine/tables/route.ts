/**
 * Routing: the kernel's `local` table (addresses on this host) is consulted before `main`,
 * and in `main` the longest prefix wins, then the lowest metric (LNX fib_table_lookup;
 * STYLE.md: "filter routes containing the address, take the longest prefix").
 */
import type { Netns, Route } from '../model/datapath';
import { cidrContains, type Ipv4 } from '../wire/ipv4';
import { formatRoute, mainTable } from './route-format';

export { formatRoute };

export interface RouteHit {
  readonly route: Route;
  readonly index: number;
}

export function isLocalAddress(ns: Netns, ip: Ipv4): boolean {
  if (ip.startsWith('127.')) return true;
  return ns.interfaces.some((d) => d.addrs.some((a) => a.ip === ip));
}

export function lookupRoute(ns: Netns, dst: Ipv4): RouteHit | undefined {
  let best: RouteHit | undefined;
  ns.routes.forEach((route, index) => {
    if (!cidrContains(route.dst, dst)) return;
    if (!best || route.dst.prefix > best.route.dst.prefix || (route.dst.prefix === best.route.dst.prefix && (route.metric ?? 0) < (best.route.metric ?? 0))) {
      best = { route, index };
    }
  });
  return best;
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
