/**
 * The IP layer of every namespace: receive (ip_rcv → local delivery or ip_forward), local
 * output (ip_local_out), ICMP errors (icmp_send). Generic Linux behaviour, no CNI special
 * cases — the tables decide. Heads up: the order of checks follows the kernel:
 * route lookup → TTL → FORWARD hook → MTU (ip_forward.c), and forwarded packets ignore
 * learned PMTU unless ip_forward_use_pmtu (ip_dst_mtu_maybe_forward).
 */
import type { Cluster, Hook, Interface, Netns, Route } from '../model/datapath';
import { formatRoute, formatRouteTable, isLocalAddress, lookupRoute, sourceFor, type RouteHit } from '../tables/route';
import { mainTable } from '../tables/route-format';
import type { Decision } from '../model/trace';
import { mtuLimitText, type MtuLimit } from '../model/mtu-limit';
import type { NfEnv, NfResult, PacketView } from '../tables/netfilter';
import { ctStateOf } from '../tables/conntrack';
import type { KernelDraft } from './kernel-draft';
import { fragment, ipSize, portsOf, withIp, type Pkt } from '../wire/packet';
import { Recorder } from './recorder';
import { deliverLocal } from './local-delivery';
import { nfHook } from './hooks';
import { runTc } from './tc-hooks';
import { sockProgram, type SockResult } from '../cni/sock-programs';
import type { Ipv4 } from '../wire/ipv4';
import type { Ctx, DatapathPort, Frame, HookIo, HookResult, LocalError, SendStatus, TcVerdict } from '../devices/port';
import { ipForward } from './forward';
import { filtered, sendIcmpError } from './icmp-error';
import { sendVia } from '../devices/link';
import type { ClientSocket } from './sockets';

export type { SendStatus, LocalError } from '../devices/port';

export interface Arrival {
  readonly ns: string;
  readonly pkt: Pkt;
  readonly t: number;
  /** the socket it was delivered to, when one took it */
  readonly sock?: ClientSocket;
}

const MAX_STEPS = 4000;

export class Walker extends Recorder implements DatapathPort {
  readonly arrivals: Arrival[] = [];
  readonly localErrors: LocalError[] = [];
  private steps = 0;
  /** bytes received per datagram being reassembled, and whether any part was shown */
  readonly reassembly = new Map<string, { got: number; shown: boolean }>();
  /** the source address the stack chose for the probe's first packet */
  chosenSrc?: string;
  /** netfilter rules evaluated during the walk (iptables' linear cost, for the bench) */
  nfRules = 0;
  /** the sockets the probe's sender (and the servers it reached) hold open: connected TCP, UDP clients */
  readonly clientSockets: ClientSocket[] = [];
  private readonly envs = new Map<string, NfEnv>();

  constructor(
    cluster: Cluster,
    readonly k: KernelDraft,
    t0 = 0,
  ) {
    super(cluster, t0);
  }

  ns(id: string): Netns {
    return this.cluster.netns[id];
  }

  /** Absolute lab time (ms since the scenario started). */
  now(): number {
    return this.k.start + this.t0 + this.t;
  }

  iface(ns: Netns, name: string | undefined): Interface | undefined {
    return ns.interfaces.find((d) => d.name === name);
  }

  /** What a netfilter rule sees of `p`: headers (a later fragment keeps its datagram's ports), mark, conntrack state. */
  view(p: Pkt, inIface?: string, outIface?: string, bridged?: boolean): PacketView {
    const l4 = p.l4 ?? p.fragOf?.l4;
    const ports = l4 && l4.kind !== 'icmp' ? portsOf({ ...p, l4 }) : {};
    const icmp = l4?.kind === 'icmp' ? { icmpType: l4.type, icmpCode: l4.code } : {};
    const ctstate = p.ct ? ctStateOf(p.ct.entry, p.ct.dir, p.ct.related) : undefined;
    return { proto: p.ip.proto, src: p.ip.src, dst: p.ip.dst, inIface, outIface, ...ports, ...icmp, mark: p.mark ?? 0, ctstate, bridged };
  }

  /** The kernel state a netfilter match may consult in `ns`: local addresses, the seeded generator, xt_recent lists. */
  env(ns: Netns): NfEnv {
    let e = this.envs.get(ns.id);
    if (!e) {
      e = {
        isLocal: (ip) => isLocalAddress(ns, ip),
        random31: () => this.k.random32() & 0x7fffffff,
        recentAge: (name, key) => this.k.recentAge(ns.id, name, key, this.now()),
        recentSet: (name, key) => this.k.recentSet(ns.id, name, key, this.now()),
        recentReap: (name, key, seconds) => {
          const age = this.k.recentAge(ns.id, name, key, this.now());
          if (age !== undefined && age > seconds) this.k.recentForget(ns.id, name, key);
        },
      };
      this.envs.set(ns.id, e);
    }
    return e;
  }

  private budget(ns: Netns, ctx: Ctx, p: Pkt): boolean {
    if (++this.steps <= MAX_STEPS) return true;
    this.drop(ctx, { ns, note: 'walk stopped: too many steps (a forwarding loop the TTL did not end)', pkt: p }, 'TTL_EXHAUSTED');
    return false;
  }

  /** The source address the stack would pick for `dst` (for showing a packet before it is routed). */
  sourceTowards(nsId: string, dst: string): string {
    const ns = this.ns(nsId);
    if (isLocalAddress(ns, dst)) return dst;
    const hit = lookupRoute(ns, dst);
    return (hit && sourceFor(ns, hit.route)) ?? '0.0.0.0';
  }

  /** The route row that decided, in its table; a policy routing rule that chose another table leads the path. */
  routeDecision(ns: Netns, r: Route, hit?: RouteHit): Decision {
    if (hit?.table === undefined) return { table: 'route', row: formatRoute(r), rows: formatRouteTable(ns), where: this.where(ns) };
    const rows = mainTable(ns.routeTables?.[hit.table] ?? []).map((x) => `${formatRoute(x)} table ${hit.table}`);
    return { table: 'route', row: `${formatRoute(r)} table ${hit.table}`, rows, where: this.where(ns), path: [`ip rule ${hit.rule}`] };
  }

  /**
   * A packet generated by a socket or the kernel in `nsId`: route lookup and source
   * selection, the socket's own MTU check (ip_append_data), then ip_local_out — the OUTPUT
   * hook (a DNAT there re-routes, ip_route_me_harder) and POSTROUTING — and the device.
   */
  output(nsId: string, pkt: Pkt, ctx: Ctx, opts: { tunnel?: boolean; rerouted?: boolean } = {}): SendStatus {
    const ns = this.ns(nsId);
    if (!this.budget(ns, ctx, pkt)) return 'ok';
    if (isLocalAddress(ns, pkt.ip.dst)) {
      // a local destination: the packet already carries its source (the address itself, from the local route)
      this.chosenSrc ??= pkt.ip.src;
      return this.loopback(ns, pkt, ctx, opts.rerouted);
    }
    // policy routing sees the source a bound socket (or an answering kernel) already put on the packet, and the mark
    const hit = lookupRoute(ns, pkt.ip.dst, { ...(pkt.ip.src !== '0.0.0.0' ? { src: pkt.ip.src } : {}), mark: pkt.mark });
    if (!hit || hit.route.type === 'unreachable') {
      this.hop(ctx, {
        ns,
        kind: 'local-error',
        note: `no route to ${pkt.ip.dst}: the stack refuses with ENETUNREACH (Network is unreachable)`,
        pkt,
        decided: { table: 'route', row: '(no matching route)', rows: formatRouteTable(ns), where: this.where(ns) },
      });
      this.localErrors.push({ ns: nsId, error: 'ENETUNREACH', t: this.t, seq: this.lastSeq });
      return 'ENETUNREACH';
    }
    if (hit.route.type === 'blackhole') {
      // fib_props[RTN_BLACKHOLE].error = -EINVAL (net/ipv4/fib_semantics.c): a local sender is told, a forwarded packet is not
      this.hop(ctx, {
        ns,
        kind: 'local-error',
        note: `${pkt.ip.dst} matches a blackhole route: the stack refuses with EINVAL (Invalid argument)`,
        pkt,
        decided: this.routeDecision(ns, hit.route, hit),
      });
      this.localErrors.push({ ns: nsId, error: 'EINVAL', t: this.t, seq: this.lastSeq });
      return 'EINVAL';
    }
    const r = hit.route;
    const dev = this.iface(ns, r.dev);
    const src = pkt.ip.src === '0.0.0.0' ? (sourceFor(ns, r) ?? '0.0.0.0') : pkt.ip.src;
    this.chosenSrc ??= src; // the first packet a walk outputs is the probe itself
    let p = src === pkt.ip.src ? pkt : withIp(pkt, { src });
    const cached = this.k.pmtuOf(nsId, p.ip.dst, this.now());
    const mtu = Math.min(cached ?? Infinity, r.mtu ?? Infinity, dev?.mtu ?? Infinity);
    const limit: MtuLimit = cached !== undefined && cached === mtu ? 'pmtu' : r.mtu === mtu ? 'route' : 'device';
    const why = limit === 'pmtu' ? `cached path MTU ${cached}` : limit === 'route' ? `route mtu ${mtu}` : `${r.dev} mtu ${mtu}`;
    const check = this.mtuCheck(r.dev ?? '?', mtu, p, 0, limit);
    this.hop(ctx, {
      ns,
      kind: 'route',
      device: r.dev,
      note: `${opts.rerouted ? 're-routed after DNAT: ' : ''}route lookup for ${p.ip.dst}: ${formatRoute(r)} (${why})`,
      pkt: p,
      mtu: check,
      decided: this.routeDecision(ns, r, hit),
    });
    if (!check.fits && p.ip.df && !opts.tunnel && !opts.rerouted) {
      // ip_append_data with IP_PMTUDISC_DO: the socket itself refuses (ping: "local error: message too long").
      this.hop(ctx, {
        ns,
        kind: 'local-error',
        device: r.dev,
        note: `${ipSize(p)} bytes with DF exceed ${mtuLimitText(check)}: EMSGSIZE, nothing is sent`,
        pkt: p,
        mtu: check,
        decided: cached === mtu ? { table: 'pmtu', row: `${p.ip.dst} cache mtu ${cached}`, where: this.where(ns) } : this.routeDecision(ns, r, hit),
      });
      this.localErrors.push({ ns: nsId, error: 'EMSGSIZE', mtu, limit: { device: r.dev ?? '?', limit }, t: this.t, seq: this.lastSeq });
      return 'EMSGSIZE';
    }
    if (!opts.rerouted) {
      const out = nfHook(this, ns, 'OUTPUT', p, { out: r.dev }, ctx);
      if (!out.pass) return this.outputRefused(ns, out);
      p = out.pkt;
      // ip_route_me_harder: a DNAT in OUTPUT moved the destination, so the route is looked up again
      if (p.ip.dst !== pkt.ip.dst) return this.output(nsId, p, ctx, { ...opts, rerouted: true });
    }
    if (!check.fits) {
      if (p.ip.df) {
        // A tunnel's outer packet with DF (vxlan `df set`) reaches ip_fragment: ICMP frag-needed to ourselves, packet dropped.
        this.sendIcmpError(ns, p, 3, 4, ctx, mtu);
        this.drop(
          ctx,
          {
            ns,
            device: r.dev,
            note: `outer packet ${ipSize(p)} bytes with DF exceeds ${mtuLimitText(check)}: dropped; the ICMP error goes to this node, not to the pod`,
            pkt: p,
            mtu: check,
          },
          'TUNNEL_FRAG_DROPPED',
        );
        return 'EMSGSIZE';
      }
      const post = nfHook(this, ns, 'POSTROUTING', p, { out: r.dev }, ctx);
      return post.pass ? this.sendFragments(ns, r, post.pkt, mtu, ctx, true, limit) : 'ok';
    }
    const post = nfHook(this, ns, 'POSTROUTING', p, { out: r.dev }, ctx);
    return post.pass ? sendVia(this, ns, r, post.pkt, ctx, true) : 'ok';
  }

  /**
   * A locally generated packet the OUTPUT hook stopped: DROP is EPERM to the sender; REJECT answered with an
   * ICMP error; a stolen packet (IPVS sent it on to a real server) went on.
   */
  private outputRefused(ns: Netns, r: { readonly verdict?: NfResult['target']; readonly stolen?: boolean }): SendStatus {
    if (r.verdict?.kind === 'REJECT' || r.stolen) return 'ok';
    this.localErrors.push({ ns: ns.id, error: 'EPERM', t: this.t, seq: this.lastSeq });
    return 'EPERM';
  }

  /** A packet for one of our own addresses goes through OUTPUT and POSTROUTING on `lo`, then comes back in on `lo`. */
  private loopback(ns: Netns, pkt: Pkt, ctx: Ctx, rerouted?: boolean): SendStatus {
    this.hop(ctx, { ns, kind: 'route', device: 'lo', note: `${pkt.ip.dst} is local: looped back`, pkt });
    let p = pkt;
    if (!rerouted) {
      const out = nfHook(this, ns, 'OUTPUT', p, { out: 'lo' }, ctx);
      if (!out.pass) return this.outputRefused(ns, out);
      p = out.pkt;
      if (!isLocalAddress(ns, p.ip.dst)) return this.output(ns.id, p, ctx, { rerouted: true });
    }
    const post = nfHook(this, ns, 'POSTROUTING', p, { out: 'lo' }, ctx);
    if (post.pass) this.receive(ns.id, 'lo', post.pkt, ctx);
    return 'ok';
  }

  sendFragments(ns: Netns, r: Route, p: Pkt, mtu: number, ctx: Ctx, local: boolean, limit: MtuLimit = 'device'): SendStatus {
    const frags = fragment(p, mtu);
    const check = this.mtuCheck(r.dev ?? '?', mtu, p, 0, limit);
    this.hop(ctx, {
      ns,
      kind: 'fragment',
      device: r.dev,
      note: `${ipSize(p)} bytes exceed ${mtuLimitText(check)} and DF is clear: split into ${frags.length} fragments (${frags.map(ipSize).join(' + ')} bytes)`,
      pkt: frags[0],
      mtu: check,
    });
    let status: SendStatus = 'ok';
    frags.forEach((f, i) => {
      const s = sendVia(this, ns, r, f, i === 0 ? ctx : { ...ctx, quiet: true, fragment: true }, local);
      if (i === 0) status = s;
    });
    return status;
  }

  /**
   * ip_rcv: a packet arrived on `devName` of `nsId`. PREROUTING (unless br_netfilter already
   * ran it for a bridged frame addressed to the host), the routing decision, then INPUT and
   * the socket, or ip_forward.
   */
  receive(nsId: string, devName: string, arriving: Pkt, ctx: Ctx, opts: { prerouted?: boolean } = {}): void {
    const ns = this.ns(nsId);
    if (!this.budget(ns, ctx, arriving)) return;
    let pkt = arriving;
    if (!opts.prerouted) {
      const pre = nfHook(this, ns, 'PREROUTING', arriving, { in: devName }, ctx);
      if (!pre.pass) return;
      pkt = pre.pkt;
    }
    if (devName !== 'lo' && isLocalAddress(ns, pkt.ip.src) && !pkt.ip.src.startsWith('127.')) {
      // fib_validate_source: a packet from outside that claims one of our own addresses is a martian (accept_local=0).
      this.drop(
        ctx,
        { ns, device: devName, note: `${pkt.ip.src} is ${ns.name}'s own address, yet the packet came in on ${devName}: martian source, dropped`, pkt },
        'MARTIAN_SOURCE',
      );
      return;
    }
    if (this.rpFiltered(ns, devName, pkt, ctx)) return;
    if (isLocalAddress(ns, pkt.ip.dst)) {
      const input = nfHook(this, ns, 'INPUT', pkt, { in: devName }, ctx);
      if (input.pass) deliverLocal(this, ns, devName, input.pkt, ctx);
      return;
    }
    if (!ns.sysctl.ipForward || this.iface(ns, devName)?.sysctl?.forwarding === false) {
      this.drop(
        ctx,
        { ns, device: devName, note: `${pkt.ip.dst} is not an address here and ${ns.name} does not forward (ip_forward=0)`, pkt },
        'NOT_FORWARDING',
      );
      return;
    }
    ipForward(this, ns, devName, pkt, ctx);
  }

  nfHook(ns: Netns, hook: Hook, pkt: Pkt, io: HookIo, ctx: Ctx): HookResult {
    return nfHook(this, ns, hook, pkt, io, ctx);
  }

  tc(ns: Netns, dev: Interface, dir: 'ingress' | 'egress', frame: Frame, ctx: Ctx): TcVerdict {
    return runTc(this, ns, dev, dir, frame, ctx);
  }

  /**
   * fib_validate_source with rp_filter (the larger of net.ipv4.conf.all and the device's): strict
   * (1) wants the route back to the source to leave by the device the packet came in on, loose
   * (2) any route back. True when the packet was dropped.
   */
  private rpFiltered(ns: Netns, devName: string, pkt: Pkt, ctx: Ctx): boolean {
    const mode = Math.max(ns.sysctl.rpFilter ?? 0, this.iface(ns, devName)?.sysctl?.rpFilter ?? 0);
    if (!mode || devName === 'lo' || isLocalAddress(ns, pkt.ip.src)) return false;
    const back = lookupRoute(ns, pkt.ip.src, { src: pkt.ip.dst, mark: pkt.mark });
    const usable = back && (back.route.type ?? 'unicast') === 'unicast';
    if (usable && (mode === 2 || back.route.dev === devName)) return false;
    const why = !usable ? `there is no route back to ${pkt.ip.src}` : `the route back to ${pkt.ip.src} leaves by ${back.route.dev}, not ${devName}`;
    this.drop(
      ctx,
      {
        ns,
        device: devName,
        note: `reverse path filter (rp_filter ${mode === 1 ? 'strict' : 'loose'} on ${devName}): ${why}, so the packet is dropped`,
        pkt,
        ...(back ? { decided: this.routeDecision(ns, back.route, back) } : {}),
      },
      'RP_FILTER',
    );
    return true;
  }

  /**
   * connect() / sendmsg() of a socket in `nsId`: the cgroup socket programs of its node
   * (connect4 for TCP and connected UDP, sendmsg4 for unconnected UDP) may rewrite where it
   * goes before any packet is built. Without programs the address is kept.
   */
  sockConnect(nsId: string, proto: 'tcp' | 'udp', dst: Ipv4, dport: number, ctx: Ctx, hook: 'connect4' | 'sendmsg4' = 'connect4'): SockResult {
    const ns = this.ns(nsId);
    const node = this.cluster.netns[ns.kind === 'pod' ? ns.node : ns.id];
    let out: SockResult = { dst, dport };
    for (const p of node?.cgroup ?? []) {
      if (p.hook !== hook) continue;
      const impl = sockProgram(p.name);
      // programs are attached only by this engine's CNI programs: an unknown one is a bug, not bad input
      if (!impl) throw new Error(`cgroup ${hook} program ${p.name} on ${node.name} has no implementation`);
      const r = impl({ w: this, ns, node, proto, dst: out.dst, dport: out.dport, ctx });
      out = { ...r, frontend: r.frontend ?? out.frontend };
    }
    return out;
  }

  filtered(ns: Netns, dev: string, pkt: Pkt, ctx: Ctx, v: NfResult, hook: string): void {
    filtered(this, ns, dev, pkt, ctx, v, hook);
  }

  sendIcmpError(ns: Netns, offending: Pkt, type: number, code: number, ctx: Ctx, mtu?: number): void {
    sendIcmpError(this, ns, offending, type, code, ctx, mtu);
  }
}
