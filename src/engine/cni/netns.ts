/**
 * Small constructors for network namespaces and devices, shared by every CNI shape.
 * They only build records; what goes in the tables is each shape's decision.
 */
import type { Chain, Interface, Netfilter, Netns, NetnsKind, Route, Sysctls } from '../model/datapath';
import { macFor } from '../wire/mac';
import { parseCidr, type Ipv4 } from '../wire/ipv4';

export const HOST_SYSCTL: Sysctls = { ipForward: true, bridgeNfCallIptables: true, ipForwardUsePmtu: false, defaultTtl: 64 };
export const POD_SYSCTL: Sysctls = { ipForward: false, bridgeNfCallIptables: false, ipForwardUsePmtu: false, defaultTtl: 64 };

const BUILTIN: Record<string, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

export function emptyNetfilter(): Netfilter {
  const out: Record<string, Record<string, Chain>> = {};
  for (const [table, chains] of Object.entries(BUILTIN)) {
    out[table] = Object.fromEntries(chains.map((c) => [c, { name: c, policy: 'ACCEPT' as const, rules: [] }]));
  }
  return out;
}

export function loopback(): Interface {
  return { name: 'lo', ifindex: 1, kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: [{ ip: '127.0.0.1', prefix: 8, scope: 'host' }] };
}

export function netns(id: string, kind: NetnsKind, name: string, node: string, sysctl: Sysctls): Netns {
  return { id, kind, name, node, interfaces: [loopback()], routes: [], neigh: [], fdb: [], netfilter: emptyNetfilter(), tc: [], sockets: [], sysctl };
}

/** Adds a device with the next free ifindex; its MAC is derived from `netns id + name`. */
export function withDevice(ns: Netns, dev: Omit<Interface, 'ifindex' | 'mac'> & { mac?: string }): Netns {
  const ifindex = Math.max(...ns.interfaces.map((i) => i.ifindex)) + 1;
  const iface: Interface = { ...dev, ifindex, mac: dev.mac ?? macFor(`${ns.id}/${dev.name}`) };
  return { ...ns, interfaces: [...ns.interfaces, iface] };
}

export function withRoutes(ns: Netns, routes: readonly Route[]): Netns {
  return { ...ns, routes: [...ns.routes, ...routes] };
}

/** `ip route add <dst> ...` as a record; `default` is 0.0.0.0/0. */
export function route(dst: string, rest: Omit<Route, 'dst'> = {}): Route {
  return { dst: parseCidr(dst === 'default' ? '0.0.0.0/0' : dst), ...rest };
}

/** The kernel's own route for an address on a device: `<net>/<p> dev X proto kernel scope link src <ip>`. */
export function connectedRoute(ip: Ipv4, prefix: number, dev: string): Route {
  return { dst: parseCidr(`${ip}/${prefix}`), dev, proto: 'kernel', scope: 'link', src: ip };
}

/** Deterministic host-side veth name, as the bridge plugin's `veth` + 8 hex characters. */
export function hostVethName(podKey: string): string {
  return `veth${macFor(podKey).replace(/:/g, '').slice(4, 12)}`;
}
