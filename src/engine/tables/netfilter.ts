/**
 * iptables chains (iptables(8), iptables-extensions(8)): a table's built-in chain for a hook,
 * rules matched top to bottom, user chains via JUMP and RETURN, the chain policy at the end.
 * kube-proxy, flanneld, NetworkPolicy agents and faults write these tables; the walk runs
 * them at each netfilter hook (trace/hooks.ts) in the kernel's priority order.
 *
 * A match may read more than the headers: the packet mark, its conntrack state, whether an
 * address is local (addrtype), an ipset, a recent list, or a random draw (statistic). Those
 * come from an `NfEnv`, so this module stays a pure function of its inputs: the random draw
 * is the kernel's `get_random_u32() & 0x7fffffff < probability` (xt_statistic.c) fed from
 * the lab's seeded generator.
 */
import type { Chain, CtState, Hook, IpSet, MatchModule, Netns, NetfilterTable, Rule, RuleMatch, RuleTarget } from '../model/datapath';
import { cidrContains, ipToInt, parseCidr, type Ipv4 } from '../wire/ipv4';
import type { IpProto } from '../wire/headers';
import { formatRule } from './iptables-rule';

export { formatRule };

export interface PacketView {
  readonly proto: IpProto;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport?: number;
  readonly dport?: number;
  readonly inIface?: string;
  readonly outIface?: string;
  /** skb->mark */
  readonly mark?: number;
  /** the conntrack state bits `-m conntrack --ctstate` tests: NEW/ESTABLISHED/RELATED/INVALID, plus SNAT/DNAT when the entry is translated */
  readonly ctstate?: readonly CtState[];
  /** a frame crossing a bridge (br_netfilter), for `-m physdev --physdev-is-bridged` */
  readonly bridged?: boolean;
  /** ICMP type and code, for `-m icmp --icmp-type` */
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

/** What a match may consult beyond the packet, and the side effects it may have. */
export interface NfEnv {
  /** addrtype LOCAL: the address is one of this namespace's own (local routing table) */
  isLocal(ip: Ipv4): boolean;
  /** 31 random bits (the lab's seeded generator) */
  random31(): number;
  /** xt_recent: seconds since `ip` was last set in list `name`, or undefined */
  recentAge(name: string, ip: Ipv4): number | undefined;
  recentSet(name: string, ip: Ipv4): void;
  /** forget an entry older than `seconds` (`--reap`) */
  recentReap(name: string, ip: Ipv4, seconds: number): void;
}

/** One rule that matched on the way to the verdict: a jump, a MARK, the final target. */
export interface NfStep {
  readonly table: NetfilterTable;
  readonly chain: string;
  /** 1-based, as `iptables -L --line-numbers` counts */
  readonly num: number;
  readonly row: string;
}

export interface NfResult {
  /** the terminal target that decided (ACCEPT/DROP/REJECT/DNAT/SNAT/MASQUERADE), or the policy */
  readonly target: RuleTarget;
  /** the deciding rule as iptables-save prints it, or the chain policy (`:FORWARD DROP`); undefined when the packet fell through an ACCEPT policy */
  readonly row?: string;
  readonly chain: string;
  readonly table: NetfilterTable;
  /** the deciding rule's chain, as printed, for the inspector */
  readonly rows: readonly string[];
  /** skb->mark after the MARK targets on the way */
  readonly mark: number;
  /** every rule that matched, in order: KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… DNAT */
  readonly path: readonly NfStep[];
  /** how many rules were evaluated (iptables' cost: a linear walk) */
  readonly evaluated: number;
}

const rowCache = new WeakMap<Chain, readonly string[]>();

export function chainRows(chain: Chain): readonly string[] {
  let rows = rowCache.get(chain);
  if (!rows) rowCache.set(chain, (rows = chain.rules.map((r) => formatRule(chain.name, r))));
  return rows;
}

const memberCache = new WeakMap<IpSet, Set<string>>();

function members(set: IpSet): Set<string> {
  let s = memberCache.get(set);
  if (!s) memberCache.set(set, (s = new Set(set.members)));
  return s;
}

/** `-m set --match-set NAME dirs`: build the key the set type stores and look it up (ipset(8) types). */
export function ipsetMatches(set: IpSet | undefined, dirs: readonly ('src' | 'dst')[], p: PacketView): boolean {
  if (!set) return false;
  const bitmap = set.type.startsWith('bitmap:');
  const ip = (d: 'src' | 'dst' | undefined) => (d === 'src' ? p.src : p.dst);
  const portOf = (d: 'src' | 'dst' | undefined) => (d === 'src' ? (p.sport ?? 0) : (p.dport ?? 0));
  // one key part per dimension, as `ipset list` prints members: 10.96.0.10,udp:53 / 30080
  const part = (t: string, d: 'src' | 'dst' | undefined) => (t === 'port' ? (bitmap ? String(portOf(d)) : `${p.proto}:${portOf(d)}`) : ip(d));
  const dims = set.type.replace(/^(hash|bitmap):/, '').split(',');
  if (dims.length > dirs.length) return false;
  if (dims[dims.length - 1] === 'net') {
    // hash:ip,port,net / hash:net: the last dimension is a CIDR member
    const head = dims
      .slice(0, -1)
      .map((t, i) => part(t, dirs[i]))
      .join(',');
    const addr = ip(dirs[dims.length - 1]);
    return set.members.some((mem) => {
      const cut = mem.lastIndexOf(',');
      return (cut < 0 ? '' : mem.slice(0, cut)) === head && cidrContains(parseCidr(mem.slice(cut + 1)), addr);
    });
  }
  return members(set).has(dims.map((t, i) => part(t, dirs[i])).join(','));
}

function maskIp(ip: Ipv4, mask: Ipv4): string {
  return String((ipToInt(ip) & ipToInt(mask)) >>> 0);
}

function moduleMatches(mod: MatchModule, p: PacketView, mark: number, ns: Netns, env: NfEnv): boolean {
  switch (mod.m) {
    case 'comment':
      return true;
    case 'tcp':
    case 'udp':
      return p.proto === mod.m && (mod.sport === undefined || mod.sport === p.sport) && (mod.dport === undefined || mod.dport === p.dport);
    case 'multiport':
      return p.dport !== undefined && mod.dports.includes(p.dport);
    case 'icmp':
      // icmp_match (xt_tcpudp.c / ip_tables.c icmp_type_code_match): type 0xFF matches any type
      return p.proto === 'icmp' && (mod.icmpType === 255 || (p.icmpType === mod.icmpType && (mod.code === undefined || p.icmpCode === mod.code)));
    case 'mark':
      return ((mark & mod.mask) >>> 0 === mod.value >>> 0) !== !!mod.invert;
    case 'conntrack': {
      const have = p.ctstate ?? ['INVALID'];
      return mod.ctstate.some((s) => have.includes(s)) !== !!mod.invert;
    }
    case 'addrtype': {
      const ok = (!mod.srcType || env.isLocal(p.src)) && (!mod.dstType || env.isLocal(p.dst));
      return ok !== !!mod.invert;
    }
    case 'statistic':
      return env.random31() < mod.probability;
    case 'recent': {
      const who = mod.side === 'source' ? p.src : p.dst;
      const key = maskIp(who, mod.mask);
      if (mod.op === 'set') {
        env.recentSet(mod.name, key);
        return true;
      }
      const age = env.recentAge(mod.name, key);
      const hit = age !== undefined && (mod.seconds === undefined || age <= mod.seconds);
      if (mod.reap && mod.seconds !== undefined) env.recentReap(mod.name, key, mod.seconds);
      return hit;
    }
    case 'set':
      return ipsetMatches(ns.ipsets?.[mod.set], mod.dirs, p) !== !!mod.invert;
    case 'physdev':
      // --physdev-is-in: the packet came in through a bridge port (br_netfilter's physindev), as a bridged frame does
      return (!mod.isBridged || !!p.bridged) && (mod.isIn === undefined || mod.isIn === !!p.bridged);
  }
}

/** `-i cali+`: a name ending in `+` matches every interface with that prefix (iptables(8) -i). */
function ifaceIs(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function matches(m: RuleMatch, p: PacketView, mark: number, ns: Netns, env: NfEnv): boolean {
  if (m.proto && m.proto !== p.proto) return false;
  if (m.notProto && m.notProto === p.proto) return false;
  if (m.src && !cidrContains(m.src, p.src)) return false;
  if (m.dst && !cidrContains(m.dst, p.dst)) return false;
  if (m.notSrc && cidrContains(m.notSrc, p.src)) return false;
  if (m.notDst && cidrContains(m.notDst, p.dst)) return false;
  if (m.inIface && !ifaceIs(m.inIface, p.inIface)) return false;
  if (m.outIface && !ifaceIs(m.outIface, p.outIface)) return false;
  if (m.notInIface && ifaceIs(m.notInIface, p.inIface)) return false;
  if (m.notOutIface && ifaceIs(m.notOutIface, p.outIface)) return false;
  if (m.modules) for (const mod of m.modules) if (!moduleMatches(mod, p, mark, ns, env)) return false;
  return true;
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'MASQUERADE', 'SNAT', 'DNAT']);
/** iptables' limit on nested jumps (XT_MAX_JUMPS-ish); a loop the kernel would refuse at load time */
const MAX_DEPTH = 32;

interface WalkState {
  mark: number;
  evaluated: number;
  readonly path: NfStep[];
}

function walkChain(
  ns: Netns,
  chains: Readonly<Record<string, Chain>>,
  table: NetfilterTable,
  name: string,
  p: PacketView,
  env: NfEnv,
  st: WalkState,
  depth: number,
): { target: RuleTarget; chain: Chain; rule: Rule; num: number } | undefined {
  const chain = chains[name];
  if (!chain || depth > MAX_DEPTH) return undefined;
  for (let i = 0; i < chain.rules.length; i++) {
    const r = chain.rules[i];
    st.evaluated += 1;
    if (!matches(r.match, p, st.mark, ns, env)) continue;
    const step = () => st.path.push({ table, chain: name, num: i + 1, row: chainRows(chain)[i] });
    const t = r.target;
    if (t.kind === 'MARK') {
      step();
      st.mark = ((st.mark & ~t.mask) ^ t.value) >>> 0;
      continue;
    }
    if (t.kind === 'JUMP') {
      step();
      const v = walkChain(ns, chains, table, t.chain, p, env, st, depth + 1);
      // -g: the end of (or a RETURN in) the chain gone to returns past this chain too
      if (v || t.goto) return v;
      continue;
    }
    if (t.kind === 'RETURN' && t.bare) continue;
    if (t.kind === 'RETURN') {
      step();
      return undefined;
    }
    if (TERMINAL.has(t.kind)) {
      step();
      return { target: t, chain, rule: r, num: i + 1 };
    }
  }
  return undefined;
}

/**
 * Runs `packet` through `table`'s built-in chain for `hook`. Undefined when the namespace has
 * no such chain (nothing registered at that hook); otherwise the verdict, with the policy
 * when no terminal rule matched.
 */
export function traverse(ns: Netns, table: NetfilterTable, hook: Hook, p: PacketView, env: NfEnv): NfResult | undefined {
  const chains = ns.netfilter[table];
  const builtin = chains?.[hook];
  if (!chains || !builtin) return undefined;
  const st: WalkState = { mark: p.mark ?? 0, evaluated: 0, path: [] };
  const v = walkChain(ns, chains, table, hook, p, env, st, 0);
  if (v)
    return {
      target: v.target,
      row: formatRule(v.chain.name, v.rule),
      chain: v.chain.name,
      table,
      rows: chainRows(v.chain),
      mark: st.mark,
      path: st.path,
      evaluated: st.evaluated,
    };
  const policy = builtin.policy ?? 'ACCEPT';
  return {
    target: { kind: policy },
    row: policy === 'DROP' ? `:${hook} DROP` : undefined,
    chain: hook,
    table,
    rows: chainRows(builtin),
    mark: st.mark,
    path: st.path,
    evaluated: st.evaluated,
  };
}

/** A NfEnv for callers that have no kernel state (tests, static checks): nothing is local, no recent lists, draws of 0. */
export function staticEnv(ns: Netns, random31: () => number = () => 0): NfEnv {
  return {
    isLocal: (ip) => ip.startsWith('127.') || ns.interfaces.some((d) => d.addrs.some((a) => a.ip === ip)),
    random31,
    recentAge: () => undefined,
    recentSet: () => {},
    recentReap: () => {},
  };
}
