/**
 * kube-proxy's IPVS mode (K8S pkg/proxy/ipvs/proxier.go syncProxyRules, syncService,
 * syncEndpoint; REFERENCE.md §3). One sync of a node writes
 *
 * - kube-ipvs0, a dummy device that is never set up (EnsureDummyDevice), holding every
 *   ClusterIP, and each external IP and LB IP that is not already a node address, as /32
 *   (EnsureAddressBind). The addresses make the VIPs local, so packets to them reach INPUT,
 *   where IPVS takes them; a DOWN device's addresses are local all the same.
 * - the IPVS table: one virtual service per Service port and ClusterIP, external IP, LB IP,
 *   and, for NodePorts, every node address except kube-ipvs0's and loopback
 *   (GetAllLocalAddressesExcept, nodePortAddresses unset); scheduler --ipvs-scheduler;
 *   `persistent` = the ClientIP affinity timeout; real servers are the ready endpoints (or
 *   the serving terminating ones when none is ready), weight 1. Traffic policy Local keeps the
 *   local endpoints and falls back to all of them when there is none (PR #97081).
 * - the ipsets (ipsets.ts) and the iptables rules that use them (ipvs-rules.ts).
 *
 * kube-proxy walks Go maps and sets, so its real order is random: the lab syncs Services by
 * namespace/name, adds each service's dests in endpoint order (the kernel puts each new dest at
 * the head of the list) and keeps what a previous sync made where it was: dests and addresses
 * already there stay in place, new ones are added. Simplified: graceful termination (a removed
 * dest kept at weight 0 until its connections drain) is not modelled, nor SCTP, health check
 * node ports or LoadBalancerSourceRanges; the IPVS sysctls (vs/conntrack=1 …) are assumed.
 */
import type { Interface, IpvsDest, IpvsService, Netns } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import { cidrContains, parseCidr, type Cidr, type Ipv4 } from '../wire/ipv4';
import { withDevice } from '../cni/netns';
import { endpointsFor, type ServiceEndpoint } from './iptables';
import { IpsetBuilder, ipPortEntry } from './ipsets';
import { writeIpvsRules } from './ipvs-rules';

export const DUMMY_DEVICE = 'kube-ipvs0';

export interface IpvsProxyInput {
  readonly node: string;
  readonly clusterCIDR: Cidr;
  readonly services: readonly ServiceInfo[];
  readonly slices: readonly EndpointSliceInfo[];
  readonly scheduler: 'rr' | 'lc' | 'sh';
  /** the node's primary addresses (the Node object); NodePorts listen on every local address */
  readonly nodeIps: readonly Ipv4[];
}

const LOOPBACK = parseCidr('127.0.0.0/8');
const LINK_LOCAL = parseCidr('169.254.0.0/16');

/** GetAllLocalAddressesExcept(kube-ipvs0) through isValidForSet: every address but loopback and link-local. */
function nodeAddresses(ns: Netns): Ipv4[] {
  const out: Ipv4[] = [];
  for (const d of ns.interfaces) {
    if (d.name === DUMMY_DEVICE) continue;
    for (const a of d.addrs) if (!cidrContains(LOOPBACK, a.ip) && !cidrContains(LINK_LOCAL, a.ip) && !out.includes(a.ip)) out.push(a.ip);
  }
  return out;
}

/** What syncProxyRules collects in one pass over the service ports. */
class Sync {
  readonly sets = new IpsetBuilder();
  readonly services: IpvsService[] = [];
  /** activeBindAddrs, in the order they were bound */
  readonly bind: Ipv4[] = [];

  constructor(
    readonly input: IpvsProxyInput,
    readonly nodeAddrs: readonly Ipv4[],
  ) {}

  /** syncService + syncEndpoint: one virtual service and its real servers. */
  service(proto: 'tcp' | 'udp', vip: Ipv4, port: number, svc: ServiceInfo, eps: readonly ServiceEndpoint[], bindAddr: boolean): void {
    const dests: IpvsDest[] = eps.map((e) => ({ ip: e.ip, port: e.port, weight: 1 }));
    this.services.push({
      proto,
      vip,
      port,
      scheduler: this.input.scheduler,
      ...(svc.sessionAffinity === 'ClientIP' ? { persistent: svc.sessionAffinityTimeout } : {}),
      dests,
    });
    if (bindAddr && !this.bind.includes(vip)) this.bind.push(vip);
  }

  servicePort(svc: ServiceInfo, sp: ServiceInfo['ports'][number]): void {
    const proto = sp.protocol === 'TCP' ? 'tcp' : sp.protocol === 'UDP' ? 'udp' : undefined;
    if (!proto || svc.type === 'ExternalName' || !svc.clusterIP || svc.clusterIP === 'None') return;
    const all = endpointsFor(svc, sp, this.input.slices);
    // CategorizeEndpoints: ready endpoints, or the serving terminating ones when none is ready
    const ready = all.filter((e) => e.ready);
    const cluster = ready.length ? ready : all.filter((e) => e.serving && e.terminating);
    const local = cluster.filter((e) => e.node === this.input.node);
    const onlyLocal = (yes: boolean) => (yes && local.length ? local : cluster);
    const { sets } = this;
    // hairpin: a local endpoint reaching itself through the VIP is masqueraded (every local endpoint, ready or not)
    for (const e of all) if (e.node === this.input.node) sets.add('KUBE-LOOP-BACK', ipPortEntry(e.ip, proto, e.port, e.ip));
    sets.add('KUBE-CLUSTER-IP', ipPortEntry(svc.clusterIP, proto, sp.port));
    this.service(proto, svc.clusterIP, sp.port, svc, onlyLocal(svc.internalTrafficPolicy === 'Local'), true);
    const external = onlyLocal(svc.externalTrafficPolicy === 'Local');
    const eLocal = svc.externalTrafficPolicy === 'Local';
    for (const ip of svc.externalIPs) {
      sets.add(eLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', ipPortEntry(ip, proto, sp.port));
      // an address the node already has is not bound to the dummy device
      this.service(proto, ip, sp.port, svc, external, !this.nodeAddrs.includes(ip));
    }
    if (svc.loadBalancerIP) {
      const ip = svc.loadBalancerIP;
      sets.add('KUBE-LOAD-BALANCER', ipPortEntry(ip, proto, sp.port));
      if (eLocal) sets.add('KUBE-LOAD-BALANCER-LOCAL', ipPortEntry(ip, proto, sp.port));
      this.service(proto, ip, sp.port, svc, external, !this.nodeAddrs.includes(ip));
    }
    if (sp.nodePort !== undefined && (svc.type === 'NodePort' || svc.type === 'LoadBalancer') && this.nodeAddrs.length) {
      const up = proto.toUpperCase() as 'TCP' | 'UDP';
      sets.add(`KUBE-NODE-PORT-${up}`, String(sp.nodePort));
      if (eLocal) sets.add(`KUBE-NODE-PORT-LOCAL-${up}`, String(sp.nodePort));
      for (const ip of this.nodeAddrs) this.service(proto, ip, sp.nodePort, svc, external, false);
    }
  }
}

/**
 * The kernel's dest list after AddRealServer for each new endpoint and DelRealServer for each
 * gone one: existing dests keep their place, a new dest goes to the head (list_add_rcu).
 */
function kernelDests(previous: IpvsService | undefined, wanted: readonly IpvsDest[]): IpvsDest[] {
  const key = (d: IpvsDest) => `${d.ip}:${d.port}`;
  const want = new Map(wanted.map((d) => [key(d), d]));
  let list = (previous?.dests ?? []).filter((d) => want.has(key(d))).map((d) => want.get(key(d))!);
  for (const d of wanted) if (!list.some((x) => key(x) === key(d))) list = [d, ...list];
  return list;
}

/** kube-ipvs0 with exactly the bound addresses: kept ones in place, new ones appended, stale ones removed. */
function withDummy(ns: Netns, bind: readonly Ipv4[]): Netns {
  let out = ns;
  if (!out.interfaces.some((d) => d.name === DUMMY_DEVICE)) out = withDevice(out, { name: DUMMY_DEVICE, kind: 'dummy', mtu: 1500, up: false, addrs: [] });
  const interfaces = out.interfaces.map((d): Interface => {
    if (d.name !== DUMMY_DEVICE) return d;
    const kept = d.addrs.filter((a) => bind.includes(a.ip));
    const added = bind.filter((ip) => !kept.some((a) => a.ip === ip)).map((ip) => ({ ip, prefix: 32, scope: 'global' as const }));
    return { ...d, addrs: [...kept, ...added] };
  });
  return { ...out, interfaces };
}

/** One kube-proxy IPVS sync of the node's namespace. */
export function syncIpvs(ns: Netns, input: IpvsProxyInput): Netns {
  const sync = new Sync(input, nodeAddresses(ns));
  // kube-proxy walks a Go map (random order); the lab sorts by namespace/name for stable output
  const sorted = [...input.services].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  for (const svc of sorted) for (const sp of svc.ports) sync.servicePort(svc, sp);
  for (const ip of sync.bind) sync.sets.add('KUBE-IPVS-IPS', ip);
  const previous = new Map((ns.ipvs ?? []).map((s) => [`${s.proto} ${s.vip}:${s.port}`, s]));
  const ipvs = sync.services.map((s) => ({ ...s, dests: kernelDests(previous.get(`${s.proto} ${s.vip}:${s.port}`), s.dests) }));
  const withDev = withDummy(ns, sync.bind);
  // kube-proxy owns the KUBE-* sets only; other agents' sets (Felix's cali40*) stay
  const others = Object.fromEntries(Object.entries(ns.ipsets ?? {}).filter(([k]) => !k.startsWith('KUBE-')));
  return { ...withDev, ipvs, ipsets: { ...others, ...sync.sets.build() }, netfilter: writeIpvsRules(ns.netfilter, sync.sets, input.clusterCIDR) };
}
