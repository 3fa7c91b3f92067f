/**
 * IPVS in the netfilter hooks (LNX net/netfilter/ipvs/ip_vs_core.c ip_vs_ops4, ip_vs_xmit.c):
 *
 *   'request' (ip_vs_in_hook) at LOCAL_IN 99 — after filter INPUT, so KUBE-IPVS-FILTER has had
 *   its say — and LOCAL_OUT -98 for the node's own clients: a packet of a known connection
 *   follows it; a new one to a virtual service (a TCP SYN, any UDP datagram) is scheduled to a
 *   real server, or, with none, refused with ICMP port unreachable (ip_vs_leave, "no matter it
 *   is TCP/UDP"). VS/NAT (ip_vs_nat_xmit) rewrites the destination, decrements the TTL, and
 *   sends the packet out through LOCAL_OUT → POSTROUTING, where KUBE-POSTROUTING can masquerade
 *   it; a real server on this host gets it delivered here instead (NF_ACCEPT).
 *   'reply' (ip_vs_out_hook) at FORWARD 100, LOCAL_IN 98 and LOCAL_OUT -99: a packet from a real
 *   server on a known connection gets its source set back to the virtual service, and an ICMP
 *   error about one is translated too (ip_vs_out_icmp / ip_vs_nat_icmp).
 *
 * With net.ipv4.vs.conntrack=1 (kube-proxy sets it) the packet keeps its conntrack entry, whose
 * reply tuple is pointed at the real server while unconfirmed (ip_vs_update_conntrack); no
 * DNAT binding is made, IPVS translates the replies itself. Connections live in the kernel state
 * (KernelDraft ipvsConns), with the rr position per service (ipvsRr).
 */
import type { Hook, IpvsDest, IpvsService, Netns } from '../model/datapath';
import type { IpvsConn } from '../model/kernel-state';
import { formatConntrack } from '../tables/conntrack';
import {
  advanceConn,
  destCounters,
  findService,
  isTemplate,
  lcSchedule,
  rrSchedule,
  sameDest,
  serviceKey,
  shSchedule,
  takesNewConnections,
  type TcpFlagSet,
} from '../tables/ipvs';
import { connLine, ipvsadmConnections, serviceBlock, serviceLine } from '../tables/ipvs-format';
import { isLocalAddress, lookupRoute } from '../tables/route';
import { rewriteL4, type HookIo, type HookResult } from './hooks';
import { isIcmpError } from './outcome';
import { mtuLimitText } from '../model/mtu-limit';
import { ipSize, portsOf, withIp, type Pkt } from '../wire/packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';

export type IpvsHookFn = 'request' | 'reply';

interface Tuple {
  readonly proto: 'tcp' | 'udp';
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  readonly flags?: TcpFlagSet;
}

/** The connection tuple of a TCP/UDP packet (a fragment counts as its datagram). */
function tupleOf(p: Pkt): Tuple | undefined {
  const l4 = p.l4 ?? p.fragOf?.l4;
  if (!l4 || l4.kind === 'icmp') return undefined;
  const flags =
    l4.kind === 'tcp'
      ? { syn: l4.flags.includes('SYN'), ack: l4.flags.includes('ACK'), fin: l4.flags.includes('FIN'), rst: l4.flags.includes('RST') }
      : undefined;
  return { proto: l4.kind, src: p.ip.src, sport: l4.srcPort, dst: p.ip.dst, dport: l4.dstPort, ...(flags ? { flags } : {}) };
}

function addrs(p: Pkt): { src: string; dst: string; sport?: number; dport?: number } {
  if (!p.l4 || p.l4.kind === 'icmp') return { src: p.ip.src, dst: p.ip.dst };
  return { src: p.ip.src, dst: p.ip.dst, ...portsOf(p) };
}

const pass = (pkt: Pkt): HookResult => ({ pass: true, pkt });
/** the packet was answered with an ICMP error (for a local sender: no EPERM, the error reaches its socket) */
const refused: HookResult = { pass: false, verdict: { kind: 'REJECT', with: 'icmp-port-unreachable' } };

function decision(w: Walker, ns: Netns, svc: IpvsService, conns: readonly IpvsConn[], dest?: IpvsDest) {
  const rows = serviceBlock(svc, conns);
  const row = dest ? (rows.find((r) => r.startsWith(`  -> ${dest.ip}:${dest.port} `)) ?? rows[0]) : rows[0];
  return { table: 'ipvs' as const, row, rows, where: `${w.where(ns)} ipvs`, path: dest ? [rows[0], row] : [rows[0]] };
}

/** The scheduler's pick among the dests (ip_vs_schedule → svc->scheduler->schedule). */
function pick(w: Walker, ns: Netns, svc: IpvsService, t: Tuple, conns: readonly IpvsConn[]): IpvsDest | undefined {
  let i: number | undefined;
  if (svc.scheduler === 'lc' || svc.scheduler === 'wlc') i = lcSchedule(svc.dests, (d) => destCounters(conns, svc, d));
  else if (svc.scheduler === 'sh') i = shSchedule(svc.dests, t.src);
  else {
    // rr (and wrr, which at equal weights walks the list the same way)
    i = rrSchedule(svc.dests, w.k.ipvsRrOf(ns.id, serviceKey(svc)));
    if (i !== undefined) w.k.setIpvsRr(ns.id, serviceKey(svc), i);
  }
  return i === undefined ? undefined : svc.dests[i];
}

/**
 * ip_vs_schedule / ip_vs_sched_persist: with persistence, a live template for the client
 * address (<proto, caddr, 0, vaddr, vport>) whose dest still takes connections decides
 * (ip_vs_check_template, expire_quiescent_template=1); otherwise the scheduler picks and a new
 * template is made. Every new connection re-arms the template's timer (ip_vs_conn_put).
 */
function schedule(w: Walker, ns: Netns, svc: IpvsService, t: Tuple, now: number): IpvsDest | undefined {
  const conns = w.k.ipvsConnsOf(ns.id, now);
  if (svc.persistent === undefined) return pick(w, ns, svc, t, conns);
  const tpl = conns.find((c) => isTemplate(c) && c.proto === svc.proto && c.client.ip === t.src && c.vip.ip === svc.vip && c.vip.port === svc.port);
  const dest = (tpl && svc.dests.find((d) => sameDest(d, tpl.dest) && takesNewConnections(d))) ?? pick(w, ns, svc, t, conns);
  if (!dest) return undefined;
  const template: IpvsConn = {
    proto: svc.proto,
    client: { ip: t.src, port: 0 },
    vip: { ip: svc.vip, port: svc.port },
    dest: { ip: dest.ip, port: dest.port },
    expires: now + svc.persistent * 1000,
    active: false,
    state: 'NONE',
  };
  w.k.setIpvsConns(ns.id, [...conns.filter((c) => c !== tpl), template]);
  return dest;
}

/** ip_vs_update_conntrack: an unconfirmed entry's reply tuple now comes from the real server (no DNAT binding). */
function alterConntrack(ns: Netns, p: Pkt, conn: IpvsConn, rows: readonly string[]): Pkt {
  const ct = p.ct;
  if (!ct || ct.ns !== ns.id || ct.confirmed || ct.related || ct.dir !== 'orig') return p;
  const reply = { ...ct.entry.reply, src: conn.dest.ip, sport: conn.dest.port };
  return { ...p, ct: { ...ct, entry: { ...ct.entry, reply, natRules: [...(ct.entry.natRules ?? []), ...rows] } } };
}

/** ip_vs_nat_xmit: route to the real server, TTL, MTU, rewrite; then on to LOCAL_OUT, or up the local stack. */
function transmit(w: Walker, ns: Netns, hook: Hook, p: Pkt, io: HookIo, ctx: Ctx, svc: IpvsService, conn: IpvsConn, isNew: boolean): HookResult {
  const now = w.now();
  const dest = conn.dest;
  const d = decision(
    w,
    ns,
    svc,
    w.k.ipvsConnsOf(ns.id, now),
    svc.dests.find((x) => sameDest(x, dest)),
  );
  const device = io.in ?? io.out;
  const local = isLocalAddress(ns, dest.ip);
  if (!local) {
    const hit = lookupRoute(ns, dest.ip);
    if (!hit || hit.route.type === 'unreachable' || hit.route.type === 'blackhole') {
      // err_unreach: dst_link_failure → ICMP host unreachable to the client
      w.hop(ctx, { ns, kind: 'drop', device, note: `${ns.name} IPVS: no route to real server ${dest.ip}: ICMP host unreachable`, pkt: p, decided: d });
      w.sendIcmpError(ns, p, 3, 1, ctx);
      return refused;
    }
    if (p.ip.src.startsWith('127.')) {
      // crosses_local_route_boundary: a loopback source never leaves the host
      w.hop(ctx, { ns, kind: 'drop', device, note: `${ns.name} IPVS: a loopback source cannot be sent to ${dest.ip}: dropped`, pkt: p, decided: d });
      return { pass: false };
    }
    if (p.ip.ttl <= 1) {
      w.hop(ctx, { ns, kind: 'drop', device, note: `${ns.name} IPVS: TTL ${p.ip.ttl} would reach 0 (decrement_ttl): ICMP time exceeded`, pkt: p, decided: d });
      w.sendIcmpError(ns, p, 11, 0, ctx);
      return refused;
    }
    const mtu = hit.route.mtu ?? ns.interfaces.find((x) => x.name === hit.route.dev)?.mtu ?? 1500;
    if (p.ip.df && ipSize(p) > mtu) {
      // ensure_mtu_is_adequate: the error quotes the packet as the client sent it (to the VIP)
      const limit = mtuLimitText({ device: hit.route.dev ?? '?', mtu, limit: hit.route.mtu === mtu ? 'route' : 'device' });
      w.hop(ctx, { ns, kind: 'drop', device, note: `${ns.name} IPVS: ${ipSize(p)} bytes with DF exceed ${limit} towards ${dest.ip}`, pkt: p, decided: d });
      w.sendIcmpError(ns, p, 3, 4, ctx, mtu);
      return refused;
    }
  }
  const before = addrs(p);
  let out = rewriteL4(p, 'dst', dest.ip, dest.port);
  if (!local) out = withIp(out, { ttl: out.ip.ttl - 1 });
  out = alterConntrack(
    ns,
    out,
    conn,
    d.path.map((r) => r.trimEnd()),
  );
  w.hop(ctx, {
    ns,
    kind: 'nat',
    device,
    note: `${ns.name} IPVS ${hook}: ${serviceLine(svc)} ${isNew ? 'schedules the new connection to' : 'sends the connection on to'} ${dest.ip}:${dest.port} (Masq): destination ${before.dst}:${before.dport ?? conn.vip.port} → ${dest.ip}:${dest.port}; IPVS remembers it (ipvsadm -Lnc) and translates the replies`,
    pkt: out,
    decided: d,
    rewrite: { before, after: addrs(out) },
    ...(out.ct ? { conntrack: formatConntrack(out.ct.entry, now) } : {}),
  });
  if (local) return pass(out); // ip_vs_nat_send_or_cont(local): NF_ACCEPT, delivered on this host
  w.output(ns.id, out, ctx, { rerouted: true });
  return { pass: false, stolen: true };
}

/** ip_vs_leave: no real server takes the connection; ICMP port unreachable, NF_DROP. */
function leave(w: Walker, ns: Netns, p: Pkt, io: HookIo, ctx: Ctx, svc: IpvsService): HookResult {
  w.hop(ctx, {
    ns,
    kind: 'drop',
    device: io.in ?? io.out,
    note: `${ns.name} IPVS: ${serviceLine(svc)} has no real server that takes connections: ICMP port unreachable (for TCP too), the packet is dropped`,
    pkt: p,
    decided: decision(w, ns, svc, w.k.ipvsConnsOf(ns.id, w.now())),
  });
  w.sendIcmpError(ns, p, 3, 3, ctx);
  return refused;
}

function request(w: Walker, ns: Netns, hook: Hook, p: Pkt, io: HookIo, ctx: Ctx): HookResult {
  const t = tupleOf(p);
  if (!t) return pass(p);
  const now = w.now();
  const conns = w.k.ipvsConnsOf(ns.id, now);
  const conn = conns.find(
    (c) => !isTemplate(c) && c.proto === t.proto && c.client.ip === t.src && c.client.port === t.sport && c.vip.ip === t.dst && c.vip.port === t.dport,
  );
  if (conn) {
    const svc = findService(ns, conn.proto, conn.vip.ip, conn.vip.port);
    if (!svc || !svc.dests.some((d) => sameDest(d, conn.dest))) {
      // the real server is gone: expire_nodest_conn=1 expires the connection now and drops the packet silently
      w.k.setIpvsConns(
        ns.id,
        conns.filter((c) => c !== conn),
      );
      w.hop(ctx, {
        ns,
        kind: 'drop',
        device: io.in ?? io.out,
        note: `${ns.name} IPVS: the real server ${conn.dest.ip}:${conn.dest.port} of this connection is gone: the connection is expired and the packet dropped`,
        pkt: p,
        decided: { table: 'ipvs', row: connLine(conn, now), where: `${w.where(ns)} ipvs` },
      });
      return { pass: false };
    }
    const next = advanceConn(conn, 'input', now, t.flags);
    w.k.setIpvsConns(
      ns.id,
      conns.map((c) => (c === conn ? next : c)),
    );
    return transmit(w, ns, hook, p, io, ctx, svc, next, false);
  }
  const svc = findService(ns, t.proto, t.dst, t.dport);
  if (!svc) return pass(p);
  // tcp_conn_schedule: only a SYN starts a connection (sloppy_tcp=0); other segments go up the stack
  if ((t.flags && (t.flags.rst || !t.flags.syn)) || (p.fragOf && p.ip.fragOffset > 0)) return pass(p);
  const dest = schedule(w, ns, svc, t, now);
  if (!dest) return leave(w, ns, p, io, ctx, svc);
  const fresh: IpvsConn = {
    proto: t.proto,
    client: { ip: t.src, port: t.sport },
    vip: { ip: t.dst, port: t.dport },
    dest: { ip: dest.ip, port: dest.port },
    expires: now,
    active: false,
    state: t.proto === 'tcp' ? 'NONE' : 'UDP',
  };
  const created = advanceConn(fresh, 'input', now, t.flags);
  w.k.setIpvsConns(ns.id, [...w.k.ipvsConnsOf(ns.id, now), created]);
  return transmit(w, ns, hook, p, io, ctx, svc, created, true);
}

function replyHop(w: Walker, ns: Netns, hook: Hook, io: HookIo, ctx: Ctx, before: Pkt, out: Pkt, conn: IpvsConn, what: string): void {
  const now = w.now();
  w.hop(ctx, {
    ns,
    kind: 'nat',
    device: io.out ?? io.in,
    note: `${ns.name} IPVS ${hook}: ${what} of ${conn.client.ip}:${conn.client.port} → ${conn.vip.ip}:${conn.vip.port} via real server ${conn.dest.ip}:${conn.dest.port}: source ${before.ip.src} → ${out.ip.src}`,
    pkt: out,
    decided: { table: 'ipvs', row: connLine(conn, now), rows: ipvsadmConnections(w.k.ipvsConnsOf(ns.id, now), now), where: `${w.where(ns)} ipvs` },
    rewrite: { before: addrs(before), after: addrs(out) },
    ...(out.ct ? { conntrack: formatConntrack(out.ct.entry, now) } : {}),
  });
}

/** ip_vs_out: a real server's packet on a known connection leaves with the virtual service as its source. */
function reply(w: Walker, ns: Netns, hook: Hook, p: Pkt, io: HookIo, ctx: Ctx): Pkt {
  const t = tupleOf(p);
  if (!t) return p;
  const now = w.now();
  const conns = w.k.ipvsConnsOf(ns.id, now);
  const conn = conns.find(
    (c) => !isTemplate(c) && c.proto === t.proto && c.dest.ip === t.src && c.dest.port === t.sport && c.client.ip === t.dst && c.client.port === t.dport,
  );
  if (!conn) return p;
  const next = advanceConn(conn, 'output', now, t.flags);
  w.k.setIpvsConns(
    ns.id,
    conns.map((c) => (c === conn ? next : c)),
  );
  const out = rewriteL4(p, 'src', conn.vip.ip, conn.vip.port);
  replyHop(w, ns, hook, io, ctx, p, out, next, 'a reply');
  return out;
}

/** ip_vs_out_icmp + ip_vs_nat_icmp: an ICMP error about a client → real server packet now speaks for the virtual service. */
function icmpReply(w: Walker, ns: Netns, hook: Hook, p: Pkt, io: HookIo, ctx: Ctx): Pkt {
  const q = p.quote && tupleOf(p.quote);
  if (!q || !p.quote) return p;
  const conns = w.k.ipvsConnsOf(ns.id, w.now());
  const conn = conns.find(
    (c) => !isTemplate(c) && c.proto === q.proto && c.client.ip === q.src && c.client.port === q.sport && c.dest.ip === q.dst && c.dest.port === q.dport,
  );
  if (!conn) return p;
  const out = { ...withIp(p, { src: conn.vip.ip }), quote: rewriteL4(p.quote, 'dst', conn.vip.ip, conn.vip.port) };
  replyHop(w, ns, hook, io, ctx, p, out, conn, 'an ICMP error');
  return out;
}

export function ipvsHook(w: Walker, ns: Netns, fn: IpvsHookFn, hook: Hook, p: Pkt, io: HookIo, ctx: Ctx): HookResult {
  if (!ns.ipvs) return pass(p);
  if (fn === 'request') return request(w, ns, hook, p, io, ctx);
  return pass(isIcmpError(p) ? icmpReply(w, ns, hook, p, io, ctx) : reply(w, ns, hook, p, io, ctx));
}
