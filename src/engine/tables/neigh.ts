/**
 * Neighbour (ARP) table: static entries from the CNI (flannel's PERMANENT VTEP entries)
 * plus what the kernel learned or failed to learn, kept in KernelState.
 */
import type { NeighEntry, Netns } from '../model/datapath';
import type { NeighState } from '../model/kernel-state';
import type { Ipv4 } from '../wire/ipv4';
import { formatNeigh } from './table-format';

export function neighKey(dev: string, ip: Ipv4): string {
  return `${dev} ${ip}`;
}

export function staticNeigh(ns: Netns, dev: string, ip: Ipv4): NeighEntry | undefined {
  return ns.neigh.find((n) => n.dev === dev && n.ip === ip);
}

/** The namespace's neighbour table as `ip neigh` lists it: static entries, then what the kernel learned. */
export function formatNeighTable(ns: Netns, learned: Readonly<Record<string, NeighState>> | undefined, now: number): string[] {
  const rows = ns.neigh.map((n) => formatNeigh(n));
  for (const [key, s] of Object.entries(learned ?? {})) {
    const [dev, ip] = key.split(' ');
    if (!ns.neigh.some((n) => n.dev === dev && n.ip === ip)) {
      const state = s.state === 'INCOMPLETE' && s.failAt !== undefined && now >= s.failAt ? 'FAILED' : s.state;
      rows.push(formatNeigh({ ip, dev, state, mac: s.mac }));
    }
  }
  return rows;
}
