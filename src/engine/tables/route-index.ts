/**
 * A route table indexed by prefix length, so a lookup costs one hash probe per distinct prefix
 * instead of a test per route: a node of a 200-node Flannel cluster holds a route per peer, and
 * every packet it forwards looks one up. The answer is the linear scan's (route.ts lookupLinear):
 * the longest prefix, then the lowest metric, then the first in table order — each prefix's
 * bucket keeps, per network, the route that scan would keep. Built once per (immutable) table.
 */
import type { Route } from '../model/datapath';
import { ipToInt, maskOf, type Ipv4 } from '../wire/ipv4';

/** below this many routes a scan is as quick as building the index */
export const INDEX_FROM = 16;

interface Bucket {
  readonly prefix: number;
  readonly mask: number;
  /** network (as a number) → the winning route of that network and its index in the table */
  readonly best: Map<number, { readonly route: Route; readonly index: number }>;
}

export interface RouteIndex {
  /** longest prefix first */
  readonly buckets: readonly Bucket[];
}

const indexes = new WeakMap<readonly Route[], RouteIndex>();

export function routeIndex(routes: readonly Route[]): RouteIndex {
  let ix = indexes.get(routes);
  if (ix) return ix;
  const byPrefix = new Map<number, Bucket>();
  routes.forEach((route, index) => {
    const prefix = route.dst.prefix;
    let b = byPrefix.get(prefix);
    if (!b) byPrefix.set(prefix, (b = { prefix, mask: maskOf(prefix), best: new Map() }));
    // unmasked, as cidrContains compares it: a network with host bits set matches nothing there, nor here
    const net = ipToInt(route.dst.net);
    const have = b.best.get(net);
    // the scan replaces only on a strictly lower metric: the first of equals stays
    if (!have || (route.metric ?? 0) < (have.route.metric ?? 0)) b.best.set(net, { route, index });
  });
  ix = { buckets: [...byPrefix.values()].sort((a, b) => b.prefix - a.prefix) };
  indexes.set(routes, ix);
  return ix;
}

export function lookupIndexed(ix: RouteIndex, dst: Ipv4): { route: Route; index: number } | undefined {
  const ip = ipToInt(dst);
  for (const b of ix.buckets) {
    const hit = b.best.get((ip & b.mask) >>> 0);
    if (hit) return hit;
  }
  return undefined;
}
