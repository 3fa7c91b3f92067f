/**
 * One routing-table row as `ip route` prints it (iproute2 ip/iproute.c print_route), and
 * the order the kernel dumps the main table in (net/ipv4/fib_trie.c).
 *
 * The walk imports this for the "decided" row of a route hop, so this file may import only
 * model/ and wire/ (no trace/, no lab): `decided.row` and the terminal print the same text.
 *
 * Field order follows print_route: [type] dst, via, dev, proto, scope, src, metric, flags
 * (onlink), metrics (mtu). `proto boot` (the default of `ip route add`) and `scope global`
 * (universe) are not printed; `unicast` is the default type and not printed either.
 * iproute2 6.1 ends each line of `ip route` with a space; the row here has none (the command
 * adds it, see ip-route.ts).
 */
import type { Route } from '../model/datapath';
import { ipToInt, type Cidr } from '../wire/ipv4';

/** `default` for 0.0.0.0/0, a bare address for a /32 (host route), else `net/prefix`. */
export function routeDst(dst: Cidr): string {
  if (dst.prefix === 0) return 'default';
  if (dst.prefix === 32) return dst.net;
  return `${dst.net}/${dst.prefix}`;
}

/** `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink` */
export function formatRoute(r: Route): string {
  const parts: string[] = [];
  if (r.type && r.type !== 'unicast') parts.push(r.type);
  parts.push(routeDst(r.dst));
  if (r.via) parts.push('via', r.via);
  if (r.dev) parts.push('dev', r.dev);
  if (r.proto && r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope && r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  // The kernel sends RTA_PRIORITY only when it is non-zero.
  if (r.metric) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  if (r.mtu !== undefined) parts.push('mtu', String(r.mtu));
  return parts.join(' ');
}

/**
 * The main table in dump order: fib_trie walks leaves by key (the network address,
 * ascending, so `default` comes first); inside one leaf the aliases are kept longest prefix
 * first (fib_insert_alias sorts by suffix length), then by priority (metric).
 */
export function sortRoutes(routes: readonly Route[]): Route[] {
  return [...routes].sort((a, b) => ipToInt(a.dst.net) - ipToInt(b.dst.net) || b.dst.prefix - a.dst.prefix || (a.metric ?? 0) - (b.metric ?? 0));
}

/** `local` routes live in the local table, which plain `ip route` does not show. */
export function mainTable(routes: readonly Route[]): Route[] {
  return sortRoutes(routes.filter((r) => r.type !== 'local'));
}
