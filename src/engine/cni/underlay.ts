/**
 * The underlay: node NICs on one L2 segment, an optional gateway router, and the hosts
 * outside the cluster behind it. Nodes get `default via <gateway> dev eth0 proto dhcp`
 * (REFERENCE.md §6.2), or no default route when the scenario says `gateway: none`.
 */
import type { ClusterSpec } from '../model/scenario-schema';
import type { Netns, Segment } from '../model/datapath';
import { connectedRoute, HOST_SYSCTL, netns, route, withDevice, withRoutes } from './netns';
import { cidrContains, nthAddress, parseCidr, type Cidr, type Ipv4 } from '../wire/ipv4';

export const UNDERLAY_SEGMENT = 'underlay';
export const INTERNET_SEGMENT = 'internet';
/** RFC 5737 TEST-NET-2: the router's outside address; outside hosts use it as their gateway */
export const ROUTER_OUTSIDE_IP = '198.51.100.1';

export interface Underlay {
  readonly cidr: Cidr;
  readonly gateway: Ipv4 | null;
}

export function underlayOf(spec: ClusterSpec): Underlay {
  const first = spec.nodes[0];
  const cidr = parseCidr(first.subnet ?? `${first.ip}/24`);
  let gateway: Ipv4 | null = null;
  if (spec.gateway === undefined) {
    gateway = nthAddress(cidr, 1);
    if (spec.nodes.some((n) => n.ip === gateway)) gateway = null;
  } else if (spec.gateway !== 'none') gateway = spec.gateway;
  return { cidr, gateway };
}

/** A node's root namespace with lo and eth0 on the underlay. */
export function nodeNetns(spec: ClusterSpec, n: ClusterSpec['nodes'][number], ul: Underlay): Netns {
  let ns = netns(n.name, 'node', n.name, n.name, HOST_SYSCTL);
  ns = withDevice(ns, {
    name: 'eth0',
    kind: 'nic',
    mtu: n.mtu ?? spec.underlayMTU,
    up: true,
    addrs: [{ ip: n.ip, prefix: ul.cidr.prefix }],
    segment: UNDERLAY_SEGMENT,
  });
  const routes = [];
  if (ul.gateway && cidrContains(ul.cidr, ul.gateway)) {
    routes.push(route('default', { via: ul.gateway, dev: 'eth0', proto: 'dhcp', src: n.ip, metric: 100 }));
  } else if (spec.nodeDefaultVia) {
    // a gateway the lab does not draw: nothing answers ARP for it (the Calico kernel oracle's nodes)
    routes.push(route('default', { via: spec.nodeDefaultVia, dev: 'eth0' }));
  }
  routes.push(connectedRoute(n.ip, ul.cidr.prefix, 'eth0'));
  return withRoutes(ns, routes);
}

/** The gateway router and the outside hosts, when the underlay has a gateway. */
export function outsideWorld(spec: ClusterSpec, ul: Underlay): { netns: Netns[]; segments: Segment[]; externals: { name: string; ip: Ipv4; netns: string }[] } {
  const members = spec.nodes.map((n) => ({ netns: n.name, ifname: 'eth0' }));
  const segments: Segment[] = [];
  const out: Netns[] = [];
  const externals: { name: string; ip: Ipv4; netns: string }[] = [];
  if (ul.gateway && cidrContains(ul.cidr, ul.gateway)) {
    let r = netns('router', 'router', 'router', '', HOST_SYSCTL);
    r = withDevice(r, {
      name: 'eth0',
      kind: 'nic',
      mtu: spec.underlayMTU,
      up: true,
      addrs: [{ ip: ul.gateway, prefix: ul.cidr.prefix }],
      segment: UNDERLAY_SEGMENT,
    });
    r = withDevice(r, { name: 'eth1', kind: 'nic', mtu: 1500, up: true, addrs: [{ ip: ROUTER_OUTSIDE_IP, prefix: 24 }], segment: INTERNET_SEGMENT });
    // The internet beyond the router is not modelled: a destination it has no route for is dropped
    // there, silently, as a cloud or ISP gateway does with an address nobody announces.
    r = withRoutes(r, [
      connectedRoute(ul.gateway, ul.cidr.prefix, 'eth0'),
      connectedRoute(ROUTER_OUTSIDE_IP, 24, 'eth1'),
      route('default', { type: 'blackhole' }),
    ]);
    const inet = [{ netns: 'router', ifname: 'eth1' }];
    for (const h of spec.externalHosts) {
      const id = `ext:${h.name}`;
      let e = netns(id, 'external', h.name, '', { ...HOST_SYSCTL, ipForward: false });
      e = withDevice(e, { name: 'eth0', kind: 'nic', mtu: 1500, up: true, addrs: [{ ip: h.ip, prefix: 32 }], segment: INTERNET_SEGMENT });
      e = withRoutes(e, [
        route(`${ROUTER_OUTSIDE_IP}/32`, { dev: 'eth0', scope: 'link' }),
        route('default', { via: ROUTER_OUTSIDE_IP, dev: 'eth0', onlink: true }),
      ]);
      // An outside host stands for a public web API: it listens on HTTP and HTTPS.
      e = {
        ...e,
        sockets: [
          { proto: 'tcp', port: 80, owner: `${h.name} http` },
          { proto: 'tcp', port: 443, owner: `${h.name} https` },
        ],
      };
      r = withRoutes(r, [route(`${h.ip}/32`, { dev: 'eth1', scope: 'link' })]);
      inet.push({ netns: id, ifname: 'eth0' });
      out.push(e);
      externals.push({ name: h.name, ip: h.ip, netns: id });
    }
    out.unshift(r);
    members.push({ netns: 'router', ifname: 'eth0' });
    segments.push({ id: INTERNET_SEGMENT, cidr: parseCidr(`${ROUTER_OUTSIDE_IP}/24`), members: inet });
  }
  segments.unshift({ id: UNDERLAY_SEGMENT, cidr: ul.cidr, members });
  return { netns: out, segments, externals };
}
