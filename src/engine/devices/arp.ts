/**
 * Neighbour resolution. A static or REACHABLE entry answers at once; otherwise an ARP
 * request is broadcast on the device and whoever owns the address answers (arp_ignore=0:
 * any local address, on the interface the request arrived on). No answer: the entry stays
 * INCOMPLETE and fails after mcast_solicit × retrans_time = 3 s, and the queued packet
 * gets ICMP host unreachable (LNX neigh_invalidate → ipv4_link_failure).
 *
 * Proxy ARP (net.ipv4.conf.<dev>.proxy_arp=1; LNX arp_process, arp_fwd_proxy): a host also
 * answers, with the receiving device's MAC, for an address it would forward out of another
 * device — how a Calico pod reaches its gateway 169.254.1.1, which no one holds. Calico sets
 * the neighbour proxy_delay to 0 on its interfaces; the kernel's default would delay the
 * answer by up to 0.8 s (not modelled).
 */
import type { Interface, Netns } from '../model/datapath';
import { NEIGH_RESOLVE_TIMEOUT_MS } from '../model/kernel-state';
import { neighKey, staticNeigh, formatNeighTable } from '../tables/neigh';
import { fdbKey } from '../tables/fdb';
import { formatNeigh } from '../tables/table-format';
import { lookupRoute } from '../tables/route';
import type { Pkt } from '../wire/packet';
import type { Ipv4 } from '../wire/ipv4';
import type { Ctx, DatapathPort } from './port';
import { vpcArpAnswer } from './vpc-fabric';

/** A bridge a broadcast crossed: it came in on `inPort` and went out of `outPort` (the bridge itself when it was for the host). */
interface BridgeStep {
  readonly ns: string;
  readonly br: string;
  readonly inPort: string;
  readonly outPort: string;
}

type Endpoint = { ns: Netns; dev: Interface; via: readonly BridgeStep[]; proxied?: boolean; fabric?: string };

/** Every (netns, device) a broadcast frame sent out of `dev` reaches, with the bridges it crossed on the way. */
function broadcastReach(w: DatapathPort, ns: Netns, dev: Interface, seen: Set<string>, via: readonly BridgeStep[] = []): Endpoint[] {
  const out: Endpoint[] = [];
  const deliver = (n: Netns, d: Interface, path: readonly BridgeStep[]) => {
    const key = `${n.id}/${d.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (d.master) {
      const br = n.interfaces.find((x) => x.name === d.master);
      if (br) deliver(n, br, [...path, { ns: n.id, br: br.name, inPort: d.name, outPort: br.name }]);
      for (const port of n.interfaces.filter((x) => x.master === d.master && x.name !== d.name))
        out.push(...broadcastReach(w, n, port, seen, [...path, { ns: n.id, br: d.master, inPort: d.name, outPort: port.name }]));
      return;
    }
    out.push({ ns: n, dev: d, via: path });
  };
  if (dev.kind === 'veth' && dev.peer) {
    const pn = w.ns(dev.peer.netns);
    const pd = pn?.interfaces.find((x) => x.name === dev.peer!.ifname);
    if (pn && pd) deliver(pn, pd, via);
  } else if (dev.kind === 'nic' && dev.segment) {
    for (const m of w.cluster.segments[dev.segment]?.members ?? []) {
      const mn = w.ns(m.netns);
      const md = mn?.interfaces.find((x) => x.name === m.ifname);
      if (mn && md && !(mn.id === ns.id && md.name === dev.name)) deliver(mn, md, via);
    }
  } else if (dev.kind === 'bridge') {
    for (const port of ns.interfaces.filter((x) => x.master === dev.name))
      out.push(...broadcastReach(w, ns, port, seen, [...via, { ns: ns.id, br: dev.name, inPort: dev.name, outPort: port.name }]));
  } else if (dev.kind === 'vxlan') {
    // Broadcast needs an all-zeros FDB entry (head-end replication); flannel programs none.
    for (const e of ns.fdb.filter((x) => x.dev === dev.name && x.mac === '00:00:00:00:00:00' && x.dst)) {
      for (const n of Object.values(w.cluster.netns)) {
        const vx = n.interfaces.find((x) => x.kind === 'vxlan' && x.vxlan?.local === e.dst && x.vxlan?.vni === dev.vxlan?.vni);
        if (vx) deliver(n, vx, via);
      }
    }
  }
  return out;
}

/** arp_fwd_proxy: proxy_arp on the receiving device, forwarding on, and a unicast route for `ip` out of another device. */
function proxies(e: Endpoint, ip: Ipv4): boolean {
  if (!e.dev.sysctl?.proxyArp || !e.ns.sysctl.ipForward || e.dev.sysctl.forwarding === false) return false;
  const r = lookupRoute(e.ns, ip)?.route;
  return !!r && (r.type ?? 'unicast') === 'unicast' && r.dev !== e.dev.name;
}

export function arpAnswer(w: DatapathPort, ns: Netns, dev: Interface, ip: Ipv4): Endpoint | undefined {
  // a cloud VPC answers for the addresses its ENIs hold (devices/vpc-fabric.ts)
  const vpc = vpcArpAnswer(w, dev, ip);
  if (vpc) return { ns: vpc.ns, dev: vpc.dev, via: [], fabric: vpc.note };
  const reach = broadcastReach(w, ns, dev, new Set([`${ns.id}/${dev.name}`]));
  const owner = reach.find((e) => e.ns.interfaces.some((d) => d.kind !== 'loopback' && d.addrs.some((a) => a.ip === ip)));
  if (owner) return owner;
  const proxy = reach.find((e) => proxies(e, ip));
  return proxy && { ...proxy, proxied: true };
}

/**
 * Every bridge the request and the reply crossed learns from them (br_fdb_update on each
 * received frame): the asker's MAC on the port the request came in on, the answerer's MAC
 * on the port the reply came in on. So the first frame after ARP is never flooded.
 */
function learnFromArp(w: DatapathPort, asker: Interface, answer: Endpoint): void {
  for (const step of answer.via) {
    w.k.learnFdb(step.ns, fdbKey(step.br, asker.mac), step.inPort);
    if (step.outPort !== step.br) w.k.learnFdb(step.ns, fdbKey(step.br, answer.dev.mac), step.outPort);
  }
}

export type Resolution = { readonly mac: string } | { readonly failAt: number };

export function resolveNeighbour(w: DatapathPort, ns: Netns, dev: Interface, ip: Ipv4, pkt: Pkt, ctx: Ctx): Resolution {
  const st = staticNeigh(ns, dev.name, ip);
  if (st) return { mac: st.mac };
  const key = neighKey(dev.name, ip);
  const now = w.now();
  const d = w.k.neighOf(ns.id, key);
  if (d?.state === 'REACHABLE' && d.mac) return { mac: d.mac };
  if (d?.state === 'INCOMPLETE' && d.failAt !== undefined && d.failAt > now) return { failAt: d.failAt };
  const answer = arpAnswer(w, ns, dev, ip);
  if (answer) {
    learnFromArp(w, dev, answer);
    w.k.setNeigh(ns.id, key, { state: 'REACHABLE', mac: answer.dev.mac, updated: now });
    const row = formatNeigh({ ip, dev: dev.name, state: 'REACHABLE', mac: answer.dev.mac });
    w.hop(ctx, {
      ns,
      kind: 'arp',
      device: dev.name,
      note: `ARP who-has ${ip} on ${dev.name}: ${answer.ns.name} answers ${answer.dev.mac} (${answer.dev.name}${answer.proxied ? `, proxy ARP: ${answer.ns.name} routes ${ip} out of another device` : ''}${answer.fabric ? `, ${answer.fabric}` : ''})`,
      pkt,
      decided: { table: 'neigh', row, rows: formatNeighTable(ns, w.k.neighTable(ns.id), now), where: w.where(ns) },
    });
    return { mac: answer.dev.mac };
  }
  const failAt = now + NEIGH_RESOLVE_TIMEOUT_MS;
  w.k.setNeigh(ns.id, key, { state: 'INCOMPLETE', failAt, updated: now });
  return { failAt };
}
