/**
 * Forwarding databases: a bridge's (static + learned from traffic, in KernelState) and a
 * VXLAN device's own (`self`) table mapping inner MACs to remote VTEPs.
 */
import type { FdbEntry, Netns } from '../model/datapath';
export { formatFdb } from './table-format';
import type { Mac } from '../wire/mac';

export function fdbKey(bridge: string, mac: Mac): string {
  return `${bridge} ${mac}`;
}

/** The bridge port a MAC was learned on (or the port whose own MAC it is). */
export function bridgePortFor(ns: Netns, learned: Readonly<Record<string, string>> | undefined, bridge: string, mac: Mac): string | undefined {
  const own = ns.interfaces.find((d) => d.master === bridge && d.mac === mac);
  if (own) return own.name;
  return learned?.[fdbKey(bridge, mac)];
}

export function vxlanFdbFor(ns: Netns, dev: string, mac: Mac): FdbEntry | undefined {
  return ns.fdb.find((e) => e.dev === dev && e.self && e.mac === mac) ?? ns.fdb.find((e) => e.dev === dev && e.self && e.mac === '00:00:00:00:00:00');
}
