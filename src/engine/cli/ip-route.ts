/**
 * `ip route`, `ip route get` and `ip neigh` from engine state (iproute2 6.1 ip/iproute.c,
 * ip/ipneigh.c), checked against the kernel oracle:
 *
 *   10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ⎵
 *   10.244.2.2 via 10.244.1.1 dev eth0 src 10.244.1.2 uid 0 ⎵
 *       cache expires 597sec mtu 1450 ⎵
 *   10.244.2.0 lladdr 02:f1:00:00:02:00 PERMANENT ⎵
 *
 * iproute2 6.1 ends these lines with a space (⎵); the output keeps it.
 * `ip route get` reads the PMTU cache in KernelState (LNX net/ipv4/route.c: exceptions
 * expire after net.ipv4.route.mtu_expires; iproute2 prints the seconds left, truncated).
 */
import type { Lab } from '../lab';
import type { Netns } from '../model/datapath';
import { isIpv4, type Ipv4 } from '../wire/ipv4';
import { isLocalAddress, lookupRoute, sourceFor } from '../tables/route';
import { formatRoute, mainTable } from '../tables/route-format';
import { formatNeigh, type NeighRow, type NeighStateName } from '../tables/table-format';

/** `ip route [show] [dev X]`: with `dev X` iproute2 leaves `dev X` out of each line. */
export function showRoutes(ns: Netns, dev?: string): { lines: string[]; exitCode: number } {
  if (dev !== undefined && !ns.interfaces.some((d) => d.name === dev)) return { lines: [`Cannot find device "${dev}"`], exitCode: 1 };
  const rows = mainTable(ns.routes).filter((r) => dev === undefined || r.dev === dev);
  return { lines: rows.map((r) => `${formatRoute(dev === undefined ? r : { ...r, dev: undefined })} `), exitCode: 0 };
}

/** The learned path MTU for `dst` that has not expired yet. */
export function cachedPmtu(lab: Lab, nsId: string, dst: Ipv4): { mtu: number; expiresSec: number } | undefined {
  const e = lab.kernel.pmtu[nsId]?.[dst];
  if (!e || e.expires <= lab.kernel.now) return undefined;
  return { mtu: e.mtu, expiresSec: Math.floor((e.expires - lab.kernel.now) / 1000) };
}

/** `ip route get ADDR` (a route lookup for one destination, with the cached exception). */
export function routeGet(lab: Lab, ns: Netns, dst: string): { lines: string[]; exitCode: number } {
  if (!isIpv4(dst)) return { lines: [`Error: any valid prefix is expected rather than "${dst}".`], exitCode: 1 };
  if (isLocalAddress(ns, dst)) {
    return { lines: [`local ${dst} dev lo table local src ${dst.startsWith('127.') ? '127.0.0.1' : dst} uid 0 `, '    cache <local> '], exitCode: 0 };
  }
  const r = lookupRoute(ns, dst)?.route;
  if (!r) return { lines: ['RTNETLINK answers: Network is unreachable'], exitCode: 2 };
  // fib_props[] errors for the special route types (LNX net/ipv4/fib_semantics.c).
  if (r.type === 'blackhole') return { lines: ['RTNETLINK answers: Invalid argument'], exitCode: 2 };
  if (r.type === 'unreachable') return { lines: ['RTNETLINK answers: No route to host'], exitCode: 2 };
  const parts = [dst];
  if (r.via) parts.push('via', r.via);
  if (r.dev) parts.push('dev', r.dev);
  const src = sourceFor(ns, r);
  if (src) parts.push('src', src);
  parts.push('uid', '0');
  const pmtu = cachedPmtu(lab, ns.id, dst);
  const cache = pmtu ? `    cache expires ${pmtu.expiresSec}sec mtu ${pmtu.mtu} ` : r.mtu !== undefined ? `    cache mtu ${r.mtu} ` : '    cache ';
  return { lines: [`${parts.join(' ')} `, cache], exitCode: 0 };
}

/** Static entries (the CNI's PERMANENT ones) then what the kernel resolved, per netns. */
export function neighRows(lab: Lab, ns: Netns): NeighRow[] {
  const rows: NeighRow[] = ns.neigh.map((n) => ({ ip: n.ip, dev: n.dev, mac: n.mac, state: n.state }));
  const seen = new Set(rows.map((r) => `${r.dev} ${r.ip}`));
  for (const [key, st] of Object.entries(lab.kernel.neigh[ns.id] ?? {})) {
    if (seen.has(key)) continue;
    const [dev, ip] = key.split(' ');
    // Simplified: entries stay REACHABLE (no ageing to STALE); INCOMPLETE turns FAILED at failAt.
    const state: NeighStateName = st.state === 'INCOMPLETE' && st.failAt !== undefined && st.failAt <= lab.kernel.now ? 'FAILED' : st.state;
    rows.push({ ip, dev, mac: st.mac, state });
  }
  return rows;
}

/** `ip neigh [show] [dev X]` */
export function showNeigh(lab: Lab, ns: Netns, dev?: string): { lines: string[]; exitCode: number } {
  if (dev !== undefined && !ns.interfaces.some((d) => d.name === dev)) return { lines: [`Cannot find device "${dev}"`], exitCode: 1 };
  const rows = neighRows(lab, ns).filter((r) => dev === undefined || r.dev === dev);
  return { lines: rows.map((r) => `${formatNeigh(r, { showDev: dev === undefined })} `), exitCode: 0 };
}
