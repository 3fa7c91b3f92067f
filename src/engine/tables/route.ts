/**
 * Routing: the kernel's `local` table (addresses on this host) is consulted before `main`,
 * and in `main` the longest prefix wins, then the lowest metric (LNX fib_table_lookup;
 * STYLE.md: "filter routes containing the address, take the longest prefix").
 */
import type { Netns, Route } from '../model/datapath';
import { cidrContains, cidrString, type Ipv4 } from '../wire/ipv4';

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

/** One route as `ip route` prints it (iproute2 ip/iproute.c print_route). */
export function formatRoute(r: Route): string {
  const parts: string[] = [];
  if (r.type && r.type !== 'unicast') parts.push(r.type);
  parts.push(r.dst.prefix === 0 ? 'default' : r.dst.prefix === 32 ? r.dst.net : cidrString(r.dst));
  if (r.via) parts.push(`via ${r.via}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.proto && r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  if (r.scope && r.scope !== 'global') parts.push(`scope ${r.scope}`);
  if (r.src) parts.push(`src ${r.src}`);
  if (r.metric !== undefined) parts.push(`metric ${r.metric}`);
  if (r.onlink) parts.push('onlink');
  if (r.mtu !== undefined) parts.push(`mtu ${r.mtu}`);
  return parts.join(' ');
}

const printed = new WeakMap<readonly Route[], readonly string[]>();

/** The table as `ip route` lists it: default first, then by destination. Cached per (immutable) table. */
export function formatRouteTable(ns: Netns): readonly string[] {
  let rows = printed.get(ns.routes);
  if (!rows) {
    rows = sortedRoutes(ns.routes).map(formatRoute);
    printed.set(ns.routes, rows);
  }
  return rows;
}

export function sortedRoutes(routes: readonly Route[]): Route[] {
  return [...routes].sort((a, b) => {
    if (a.dst.prefix === 0 || b.dst.prefix === 0) return a.dst.prefix === 0 ? (b.dst.prefix === 0 ? 0 : -1) : 1;
    const x = a.dst.net.split('.').map(Number);
    const y = b.dst.net.split('.').map(Number);
    for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return b.dst.prefix - a.dst.prefix;
  });
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
