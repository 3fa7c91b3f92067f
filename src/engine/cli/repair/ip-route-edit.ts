/**
 * `ip route add|del|replace [TYPE] PREFIX [via GW] [dev D] [src S] [metric N] [mtu N] [onlink]`
 * on the main table (iproute2 ip/iproute.c iproute_modify; the kernel side is
 * net/ipv4/fib_frontend.c rtm_to_fib_config, fib_semantics.c fib_create_info / fib_check_nh,
 * fib_trie.c fib_table_insert / fib_table_delete).
 *
 * What the kernel refuses, with the text iproute2 prints (exit 2):
 * - host bits set in PREFIX: extack "Invalid prefix for given prefix length" (fib_table_insert)
 * - the same prefix and metric already there (add, NLM_F_EXCL): `RTNETLINK answers: File exists`
 * - nothing matches (del): -ESRCH, `RTNETLINK answers: No such process`
 * - a gateway not reachable through a link-scope route (on `dev`, when given):
 *   extack "Nexthop has invalid gateway" (fib_check_nh_v4_gw)
 * - no gateway and no device: -ENODEV, `RTNETLINK answers: No such device`; device down:
 *   "Device for nexthop is not up" (fib_check_nh_nongw); onlink without dev / dev down:
 *   "Nexthop device required for onlink" / "Nexthop device is not up"
 * - src not a local address: extack "Invalid prefsrc address" (fib_create_info)
 * iproute2's own checks come first (exit 1 for a bad word, `Cannot find device "X"`).
 * `ip route add` without a gateway gets `scope link`, with one `scope global`, and proto boot
 * (RTPROT_BOOT, not printed).
 */
import type { Netns, Route, RouteType } from '../../model/datapath';
import { isLocalAddress } from '../../tables/route';
import { cidrContains, cidrString, intToIp, ipToInt, isIpv4, maskOf, type Cidr } from '../../wire/ipv4';
import { type CommandResult, done, notModelled, type Shell } from '../context';
import { commit, eperm, needsNetAdmin, rtnl, withNetns } from './commit';

export interface RouteRequest {
  readonly type?: RouteType;
  readonly dst: Cidr;
  /** host bits were set in the prefix the user typed */
  readonly hostBits: boolean;
  readonly via?: string;
  readonly dev?: string;
  readonly src?: string;
  readonly metric?: number;
  readonly mtu?: number;
  readonly onlink: boolean;
}

type Parsed = { ok: true; req: RouteRequest } | { ok: false; error: string; exitCode: number };

function parsePrefix(s: string): { dst: Cidr; hostBits: boolean } | undefined {
  if (s === 'default' || s === 'all' || s === 'any') return { dst: { net: '0.0.0.0', prefix: 0 }, hostBits: false };
  const [ip, p = '32'] = s.split('/');
  if (!isIpv4(ip) || !/^\d{1,2}$/.test(p) || Number(p) > 32) return undefined;
  const prefix = Number(p);
  const net = intToIp((ipToInt(ip) & maskOf(prefix)) >>> 0);
  return { dst: { net, prefix }, hostBits: net !== ip };
}

export function parseRouteArgs(args: readonly string[]): Parsed {
  let type: RouteType | undefined;
  let dst: { dst: Cidr; hostBits: boolean } | undefined;
  const r: { via?: string; dev?: string; src?: string; metric?: number; mtu?: number; onlink: boolean } = { onlink: false };
  const num = (v: string | undefined, what: string): number | { error: string } =>
    v !== undefined && /^\d+$/.test(v) ? Number(v) : { error: `Error: argument "${v ?? ''}" is wrong: "${what}" value is invalid` };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === 'via') {
      if (!v || !isIpv4(v)) return { ok: false, error: `Error: inet address is expected rather than "${v ?? ''}".`, exitCode: 1 };
      r.via = v;
      i++;
    } else if (a === 'dev' || a === 'oif') {
      if (!v) return { ok: false, error: 'Command line is not complete. Try option "help"', exitCode: 255 };
      r.dev = v;
      i++;
    } else if (a === 'src') {
      if (!v || !isIpv4(v)) return { ok: false, error: `Error: inet address is expected rather than "${v ?? ''}".`, exitCode: 1 };
      r.src = v;
      i++;
    } else if (a === 'metric' || a === 'priority' || a === 'preference') {
      const n = num(v, 'metric');
      if (typeof n !== 'number') return { ok: false, error: n.error, exitCode: 255 };
      r.metric = n;
      i++;
    } else if (a === 'mtu') {
      const n = num(v, 'mtu');
      if (typeof n !== 'number') return { ok: false, error: n.error, exitCode: 255 };
      r.mtu = n;
      i++;
    } else if (a === 'onlink') r.onlink = true;
    else if ((a === 'blackhole' || a === 'unreachable' || a === 'unicast') && !dst && !type) type = a;
    else if (!dst && !a.startsWith('-')) {
      dst = parsePrefix(a);
      if (!dst) return { ok: false, error: `Error: any valid prefix is expected rather than "${a}".`, exitCode: 1 };
    } else
      return {
        ok: false,
        error: `podpath: "ip route … ${a}" is not modelled yet (try: PREFIX [via GW] [dev D] [src S] [metric N] [mtu N] [onlink])`,
        exitCode: 127,
      };
  }
  if (!dst) return { ok: false, error: 'podpath: "ip route" needs a destination prefix', exitCode: 127 };
  return { ok: true, req: { ...(type && type !== 'unicast' ? { type } : {}), ...dst, ...r } };
}

/** A route through which a gateway is "on link": the longest link-scope prefix holding it (on `dev`, when given). */
function linkRouteFor(ns: Netns, gw: string, dev?: string): Route | undefined {
  const linkScope = (r: Route) => (r.type ?? 'unicast') === 'unicast' && !r.via && r.dev !== undefined && r.scope !== 'host';
  return ns.routes
    .filter((r) => linkScope(r) && cidrContains(r.dst, gw) && (dev === undefined || r.dev === dev))
    .sort((a, b) => b.dst.prefix - a.dst.prefix)[0];
}

/** fib_create_info + fib_check_nh: the route record, or the kernel's refusal. */
export function buildRoute(ns: Netns, q: RouteRequest): Route | { error: string } {
  if (q.hostBits) return { error: 'Error: Invalid prefix for given prefix length.' };
  const devOf = (name: string) => ns.interfaces.find((d) => d.name === name);
  if (q.src && !isLocalAddress(ns, q.src)) return { error: 'Error: Invalid prefsrc address.' };
  const base = { dst: q.dst, ...(q.src ? { src: q.src } : {}), ...(q.metric ? { metric: q.metric } : {}), ...(q.mtu !== undefined ? { mtu: q.mtu } : {}) };
  if (q.type) return { ...base, type: q.type };
  let dev = q.dev;
  if (q.via) {
    if (q.onlink) {
      if (!dev) return { error: 'Error: Nexthop device required for onlink.' };
      if (!devOf(dev)!.up) return { error: 'Error: Nexthop device is not up.' };
    } else {
      const hit = linkRouteFor(ns, q.via, dev);
      const local = ns.interfaces.find((d) => d.addrs.some((a) => a.ip === q.via) && (dev === undefined || d.name === dev));
      if (!hit && !local) return { error: 'Error: Nexthop has invalid gateway.' };
      dev = hit?.dev ?? local!.name;
      if (!devOf(dev)?.up) return { error: 'RTNETLINK answers: Network is down' };
    }
    return { ...base, via: q.via, dev, ...(q.onlink ? { onlink: true } : {}) };
  }
  if (!dev) return { error: 'RTNETLINK answers: No such device' };
  if (!devOf(dev)!.up) return { error: 'Error: Device for nexthop is not up.' };
  return { ...base, dev, scope: 'link' };
}

const sameSlot = (a: Route, dst: Cidr, metric: number | undefined) =>
  a.type !== 'local' && cidrString(a.dst) === cidrString(dst) && (a.metric ?? 0) === (metric ?? 0);

/** fib_table_delete's match: the prefix, then each attribute the command gave. */
function deleteMatch(r: Route, q: RouteRequest): boolean {
  if (r.type === 'local' || cidrString(r.dst) !== cidrString(q.dst)) return false;
  if (q.type && (r.type ?? 'unicast') !== q.type) return false;
  if (q.metric !== undefined && (r.metric ?? 0) !== q.metric) return false;
  if (q.via && r.via !== q.via) return false;
  if (q.dev && r.dev !== q.dev) return false;
  return true;
}

export type RouteVerb = 'add' | 'del' | 'replace';

/** The main table after the edit, or the kernel's refusal. */
export function editRoutes(ns: Netns, verb: RouteVerb, q: RouteRequest): { routes: readonly Route[] } | { error: string } {
  if (verb === 'del') {
    if (q.hostBits) return { error: 'Error: Invalid prefix for given prefix length.' };
    const idx = ns.routes.findIndex((r) => deleteMatch(r, q));
    if (idx < 0) return { error: 'RTNETLINK answers: No such process' };
    return { routes: ns.routes.filter((_, i) => i !== idx) };
  }
  const built = buildRoute(ns, q);
  if ('error' in built) return built;
  const idx = ns.routes.findIndex((r) => sameSlot(r, q.dst, q.metric));
  if (idx >= 0 && verb === 'add') return { error: 'RTNETLINK answers: File exists' };
  if (idx >= 0) return { routes: ns.routes.map((r, i) => (i === idx ? built : r)) };
  return { routes: [...ns.routes, built] };
}

/** `ip route VERB …` (after the verb); `argv` is the whole line, for the record. */
export function ipRouteEdit(shell: Shell, verb: RouteVerb, args: readonly string[], argv: readonly string[]): CommandResult {
  if (args.includes('table')) return notModelled(shell, `ip route ${verb} … table`);
  const p = parseRouteArgs(args);
  if (!p.ok) return done(shell, p.error, p.exitCode);
  const ns = shell.netns;
  if (p.req.dev && !ns.interfaces.some((d) => d.name === p.req.dev)) return done(shell, `Cannot find device "${p.req.dev}"`, 1);
  if (needsNetAdmin(shell)) return eperm(shell);
  const r = editRoutes(ns, verb, p.req);
  if ('error' in r) return rtnl(shell, r.error);
  return commit(shell, argv, { cluster: withNetns(shell.lab.cluster, { ...ns, routes: r.routes }) });
}
