/**
 * One netfilter traversal (LNX include/uapi/linux/netfilter_ipv4.h nf_ip_hook_priorities):
 * at each hook the registered functions run in priority order —
 *
 *   PREROUTING   raw -300 · conntrack -200 · mangle -150 · nat (DNAT) -100
 *   INPUT        mangle -150 · filter 0 · IPVS 98/99 · nat (SNAT) 100 · conntrack confirm
 *   FORWARD      mangle -150 · filter 0 · IPVS 99/100
 *   OUTPUT       raw -300 · conntrack -200 · mangle -150 · nat (DNAT) -100 · IPVS -99/-98 · filter 0
 *   POSTROUTING  mangle -150 · nat (SNAT) 100 · conntrack confirm
 *
 * plus nftables base chains at their own priority. The nat chains run only for the first
 * packet of a connection (nf_nat_inet_fn: `if (!nf_nat_initialized(ct, maniptype))`); every
 * later packet, and every reply, is translated from its conntrack entry. A netns without
 * conntrack (a pod) tracks nothing and translates nothing.
 *
 * Simplified: a node does not reassemble fragments for conntrack (nf_defrag_ipv4); each
 * fragment is tracked and translated as its datagram. The kernel re-fragments a reassembled
 * packet at its original fragment size, so what leaves the node is the same.
 */
import type { Hook, Netns, NftTable, RuleTarget } from '../model/datapath';
import type { ConntrackEntry } from '../model/kernel-state';
import { traverse, type NfResult } from '../tables/netfilter';
import {
  advance,
  bindDnat,
  bindSnat,
  ctStateOf,
  dstManip,
  formatConntrack,
  newEntry,
  replyTupleOf,
  srcManip,
  tcpCanStart,
  type CtDir,
  type CtProto,
  type TcpFlags,
} from '../tables/conntrack';
import type { CtTuple } from '../model/kernel-state';
import { portsOf, withIp, type CtRef, type Pkt } from '../wire/packet';
import type { Ctx, HookIo, HookResult } from '../devices/port';
import type { Walker } from './walker';
import { isIcmpError } from './outcome';
import { filtered } from './icmp-error';
import { ipvsHook, type IpvsHookFn } from './ipvs-hooks';
import { nftChainsAt, runNftChain } from './nft-hooks';

export type { HookIo, HookResult } from '../devices/port';

type Step =
  | { readonly prio: number; readonly kind: 'ipt'; readonly table: 'raw' | 'mangle' | 'filter' }
  | { readonly prio: number; readonly kind: 'ct-in' }
  | { readonly prio: number; readonly kind: 'nat'; readonly manip: 'src' | 'dst' }
  | { readonly prio: number; readonly kind: 'ipvs'; readonly fn: IpvsHookFn }
  | { readonly prio: number; readonly kind: 'nft'; readonly table: NftTable; readonly chain: string }
  | { readonly prio: number; readonly kind: 'confirm' };

const NAT_MANIP: Partial<Record<Hook, 'src' | 'dst'>> = { PREROUTING: 'dst', OUTPUT: 'dst', INPUT: 'src', POSTROUTING: 'src' };
const NAT_PRIO: Record<'src' | 'dst', number> = { dst: -100, src: 100 };
const IPVS_STEPS: Partial<Record<Hook, readonly { prio: number; fn: IpvsHookFn }[]>> = {
  INPUT: [
    { prio: 98, fn: 'reply' },
    { prio: 99, fn: 'request' },
  ],
  FORWARD: [{ prio: 100, fn: 'reply' }],
  OUTPUT: [
    { prio: -99, fn: 'reply' },
    { prio: -98, fn: 'request' },
  ],
};

const stepCache = new WeakMap<Netns, Partial<Record<Hook, readonly Step[]>>>();

/** The functions registered at `hook` in `ns`, in priority order. */
export function hookSteps(ns: Netns, hook: Hook): readonly Step[] {
  let byHook = stepCache.get(ns);
  if (!byHook) stepCache.set(ns, (byHook = {}));
  const hit = byHook[hook];
  if (hit) return hit;
  const steps: Step[] = [];
  const nf = ns.netfilter;
  if (nf.raw?.[hook]) steps.push({ prio: -300, kind: 'ipt', table: 'raw' });
  if (nf.mangle?.[hook]) steps.push({ prio: -150, kind: 'ipt', table: 'mangle' });
  if (nf.filter?.[hook]) steps.push({ prio: 0, kind: 'ipt', table: 'filter' });
  if (ns.conntrack) {
    if (hook === 'PREROUTING' || hook === 'OUTPUT') steps.push({ prio: -200, kind: 'ct-in' });
    const manip = NAT_MANIP[hook];
    if (manip) steps.push({ prio: NAT_PRIO[manip], kind: 'nat', manip });
    if (hook === 'INPUT' || hook === 'POSTROUTING') steps.push({ prio: Number.MAX_SAFE_INTEGER, kind: 'confirm' });
  }
  if (ns.ipvs) for (const s of IPVS_STEPS[hook] ?? []) steps.push({ prio: s.prio, kind: 'ipvs', fn: s.fn });
  for (const c of nftChainsAt(ns, hook, 'filter')) steps.push({ prio: c.priority, kind: 'nft', table: c.table, chain: c.chain });
  steps.sort((a, b) => a.prio - b.prio);
  byHook[hook] = steps;
  return steps;
}

function tcpFlagsOf(p: Pkt): TcpFlags | undefined {
  const l4 = p.l4;
  if (l4?.kind !== 'tcp') return undefined;
  return { syn: l4.flags.includes('SYN'), ack: l4.flags.includes('ACK'), fin: l4.flags.includes('FIN'), rst: l4.flags.includes('RST') };
}

/** The conntrack tuple of a packet; a fragment counts as its datagram (nf_defrag_ipv4 reassembles before conntrack). */
export function ctTupleOf(p: Pkt): { proto: CtProto; tuple: CtTuple } {
  const l4 = p.l4 ?? p.fragOf?.l4;
  if (p.fragOf && !p.l4 && l4) return ctTupleOf({ ...p, l4 });
  if (l4?.kind === 'icmp') return { proto: 'icmp', tuple: { src: p.ip.src, dst: p.ip.dst, sport: l4.id ?? 0, dport: l4.type } };
  return { proto: p.ip.proto as CtProto, tuple: { src: p.ip.src, dst: p.ip.dst, ...portsOf(p) } };
}

/** nf_conntrack_in: find the packet's entry (or start one), classify it, update the tracker's state. */
function conntrackIn(w: Walker, ns: Netns, p: Pkt): Pkt {
  if (p.ct?.ns === ns.id) return p;
  const now = w.now();
  if (isIcmpError(p) && p.quote) {
    // icmp_error_message: the error is RELATED to the flow of the packet it quotes
    const q = ctTupleOf(p.quote);
    const hit = w.k.findConntrack(ns.id, q.proto, replyTupleOf(q.proto, q.tuple), now);
    return hit ? { ...p, ct: { ns: ns.id, entry: hit.entry, dir: hit.dir, confirmed: true, related: true } } : p;
  }
  const { proto, tuple } = ctTupleOf(p);
  const flags = tcpFlagsOf(p.fragOf ?? p);
  const hit = w.k.findConntrack(ns.id, proto, tuple, now);
  if (hit) {
    const next = advance(hit.entry, hit.dir, now, flags, ns.sysctl.nfConntrackTcpTimeouts);
    if (next !== hit.entry) w.k.updateConntrack(ns.id, next);
    return { ...p, ct: { ns: ns.id, entry: next, dir: hit.dir, confirmed: true } };
  }
  if (flags && !tcpCanStart(flags)) return p; // INVALID: e.g. a SYN-ACK nobody asked for
  return {
    ...p,
    ct: { ns: ns.id, entry: newEntry(w.k.nextCtId(), proto, tuple, now, flags, ns.sysctl.nfConntrackTcpTimeouts), dir: 'orig', confirmed: false },
  };
}

function withCt(p: Pkt, ct: CtRef, entry: ConntrackEntry): Pkt {
  return { ...p, ct: { ...ct, entry } };
}

export function rewriteL4(p: Pkt, side: 'src' | 'dst', ip: string, port: number): Pkt {
  const moved = withIp(p, side === 'src' ? { src: ip } : { dst: ip });
  const l4 = moved.l4;
  // a fragment carries its datagram: translate that too, so the reassembled packet has the new addresses
  const whole = p.fragOf ? { fragOf: rewriteL4(p.fragOf, side, ip, port) } : {};
  if (!l4 || l4.kind === 'icmp') return { ...moved, ...whole };
  return { ...moved, ...whole, l4: side === 'src' ? { ...l4, srcPort: port } : { ...l4, dstPort: port } };
}

/** Applies the entry's translation for this manip type to the packet (and, for a RELATED ICMP error, to the packet it quotes). */
function applyManip(p: Pkt, manip: 'src' | 'dst'): Pkt {
  const ct = p.ct;
  if (!ct) return p;
  const to = manip === 'dst' ? dstManip(ct.entry, ct.dir) : srcManip(ct.entry, ct.dir);
  if (!to) return p;
  if (ct.related && p.quote) {
    // nf_nat_icmp_reply_translation: the quoted packet travelled the other way, so its opposite side changes
    const q = p.quote;
    const quote = rewriteL4(q, manip === 'dst' ? 'src' : 'dst', to.ip, to.port);
    const outer = withIp(p, manip === 'dst' ? { dst: to.ip } : { src: to.ip });
    return { ...outer, quote };
  }
  const l4 = p.l4 ?? p.fragOf?.l4;
  const ports = l4 && l4.kind !== 'icmp' ? portsOf({ ...p, l4 }) : undefined;
  const cur = manip === 'dst' ? { ip: p.ip.dst, port: ports?.dport } : { ip: p.ip.src, port: ports?.sport };
  if (cur.ip === to.ip && (cur.port === to.port || !ports)) return p;
  return rewriteL4(p, manip, to.ip, to.port);
}

function addrs(p: Pkt): { src: string; dst: string; sport?: number; dport?: number } {
  if (!p.l4 || p.l4.kind === 'icmp') return { src: p.ip.src, dst: p.ip.dst };
  const { sport, dport } = portsOf(p);
  return { src: p.ip.src, dst: p.ip.dst, sport, dport };
}

function endpointText(ip: string, port?: number): string {
  return port !== undefined ? `${ip}:${port}` : ip;
}

/** The address MASQUERADE picks: the primary address of the out device (nf_nat_masquerade_ipv4: inet_select_addr). */
function masqueradeAddress(ns: Netns, outDev: string | undefined): string | undefined {
  const dev = ns.interfaces.find((d) => d.name === outDev);
  return dev?.addrs.find((a) => a.scope !== 'host')?.ip ?? ns.interfaces.flatMap((d) => d.addrs).find((a) => a.scope !== 'host')?.ip;
}

/** Where a verdict came from, for the hop: the deciding row, its chain, and the rules that led there. */
interface DecidedBy {
  readonly row?: string;
  readonly rows: readonly string[];
  readonly path: readonly { readonly row: string; readonly chain?: string }[];
  readonly chain: string;
  readonly table: string;
}

interface Binding {
  readonly entry: ConntrackEntry;
  readonly res: DecidedBy;
  readonly target: RuleTarget;
}

/** Runs the nat chains registered at `hook` (iptables nat, nftables nat) until one binds. */
function natLookup(w: Walker, ns: Netns, hook: Hook, p: Pkt, io: HookIo, manip: 'src' | 'dst'): { binding?: Binding; mark: number } {
  const ct = p.ct!;
  let mark = p.mark ?? 0;
  const view = () => w.view({ ...p, mark }, io.in, io.out, io.bridged);
  const chains: { prio: number; run: () => { target?: RuleTarget; res?: DecidedBy; mark: number } | undefined }[] = [];
  if (ns.netfilter.nat?.[hook]) {
    chains.push({
      prio: NAT_PRIO[manip],
      run: () => {
        const r = traverse(ns, 'nat', hook, view(), w.env(ns));
        if (!r) return undefined;
        w.nfRules += r.evaluated;
        return { target: r.target, res: { ...r, table: 'nat' }, mark: r.mark };
      },
    });
  }
  for (const c of nftChainsAt(ns, hook, 'nat')) chains.push({ prio: c.priority, run: () => runNftChain(w, ns, c.table, c.chain, view()) });
  chains.sort((a, b) => a.prio - b.prio);
  for (const c of chains) {
    const r = c.run();
    if (!r) continue;
    mark = r.mark;
    const t = r.target;
    if (!t || !r.res) continue;
    const row = r.res.row ?? '';
    if (manip === 'dst' && t.kind === 'DNAT') return { mark, binding: { entry: bindDnat(ct.entry, t.to, t.port, row), res: r.res, target: t } };
    if (manip === 'src' && (t.kind === 'SNAT' || t.kind === 'MASQUERADE')) {
      const to = t.kind === 'SNAT' ? t.to : masqueradeAddress(ns, io.out);
      if (to) return { mark, binding: { entry: bindSnat(ct.entry, to, undefined, row), res: r.res, target: t } };
    }
  }
  return { mark };
}

function natStep(w: Walker, ns: Netns, hook: Hook, pkt: Pkt, io: HookIo, ctx: Ctx, manip: 'src' | 'dst'): Pkt {
  const ct = pkt.ct;
  if (!ct) return pkt;
  let p = pkt;
  let binding: Binding | undefined;
  if (!ct.confirmed && !ct.entry.natInit[manip] && !ct.related) {
    const r = natLookup(w, ns, hook, p, io, manip);
    binding = r.binding;
    const entry = { ...(binding?.entry ?? ct.entry), natInit: { ...ct.entry.natInit, [manip]: true } };
    p = { ...withCt(p, ct, entry), mark: r.mark };
  }
  const before = addrs(p);
  const out = applyManip(p, manip);
  if (out === p) return p;
  const after = addrs(out);
  const where = w.where(ns);
  const e = out.ct!.entry;
  if (binding) {
    const t = binding.target;
    const what =
      t.kind === 'DNAT'
        ? `DNAT ${endpointText(before.dst, before.dport)} → ${endpointText(after.dst, after.dport)}`
        : `${t.kind === 'MASQUERADE' ? 'MASQUERADE' : 'SNAT'} ${before.src} → ${after.src}`;
    const via = binding.res.path.length > 1 ? ` (${binding.res.path.map((s) => s.chain ?? s.row.split(' ')[1]).join(' → ')})` : '';
    w.hop(ctx, {
      ns,
      kind: 'nat',
      device: io.out ?? io.in,
      note: `${ns.name} ${hook}: ${what}${via}; conntrack remembers the flow, so its replies are translated back`,
      pkt: out,
      decided: {
        table: binding.res.table === 'nat' ? 'nat' : 'nft',
        row: binding.res.row ?? '',
        rows: binding.res.rows,
        where: `${where} ${binding.res.table} ${binding.res.chain}`,
        path: binding.res.path.map((s) => s.row),
      },
      rewrite: { before, after },
      conntrack: formatConntrack(e, w.now()),
    });
    return out;
  }
  const reverse = ct.dir === 'reply';
  const changed =
    manip === 'dst'
      ? `destination ${endpointText(before.dst, before.dport)} → ${endpointText(after.dst, after.dport)}`
      : `source ${endpointText(before.src, before.sport)} → ${endpointText(after.src, after.sport)}`;
  w.hop(ctx, {
    ns,
    kind: 'nat',
    device: manip === 'src' ? (io.out ?? io.in) : (io.in ?? io.out),
    note: ct.related
      ? `${ns.name}: an ICMP error about a translated flow; conntrack translates it (${changed}) and the packet it quotes`
      : `${ns.name} conntrack: ${reverse ? 'a reply of a translated flow' : 'a later packet of a translated flow'}: ${changed}`,
    pkt: out,
    decided: { table: 'conntrack', row: formatConntrack(e, w.now()), where },
    rewrite: { before, after },
    conntrack: formatConntrack(e, w.now()),
  });
  return out;
}

function confirm(w: Walker, ns: Netns, p: Pkt): Pkt {
  const ct = p.ct;
  if (!ct || ct.confirmed) return p;
  w.k.confirmConntrack(ns.id, ct.entry, w.now());
  return { ...p, ct: { ...ct, confirmed: true } };
}

function iptStep(w: Walker, ns: Netns, hook: Hook, p: Pkt, io: HookIo, ctx: Ctx, table: 'raw' | 'mangle' | 'filter'): HookResult {
  const r = traverse(ns, table, hook, w.view(p, io.in, io.out, io.bridged), w.env(ns));
  if (!r) return { pass: true, pkt: p };
  w.nfRules += r.evaluated;
  const marked = r.mark !== (p.mark ?? 0) ? { ...p, mark: r.mark } : p;
  if (r.target.kind === 'DROP' || r.target.kind === 'REJECT') {
    filtered(w, ns, io.in ?? io.out ?? '', marked, ctx, r, hook);
    return { pass: false, verdict: r.target };
  }
  return { pass: true, pkt: marked };
}

/**
 * Runs every function registered at `hook` on `pkt` in `ns`. A verdict that stops the packet
 * (DROP, REJECT, IPVS taking it) has been recorded when this returns `{ pass: false }`.
 */
export function nfHook(w: Walker, ns: Netns, hook: Hook, pkt: Pkt, io: HookIo, ctx: Ctx): HookResult {
  let p = pkt;
  for (const s of hookSteps(ns, hook)) {
    switch (s.kind) {
      case 'ct-in':
        p = conntrackIn(w, ns, p);
        break;
      case 'nat':
        p = natStep(w, ns, hook, p, io, ctx, s.manip);
        break;
      case 'confirm':
        p = confirm(w, ns, p);
        break;
      case 'ipt': {
        const r = iptStep(w, ns, hook, p, io, ctx, s.table);
        if (!r.pass) return r;
        p = r.pkt;
        break;
      }
      case 'ipvs': {
        const r = ipvsHook(w, ns, s.fn, hook, p, io, ctx);
        if (!r.pass) return r;
        p = r.pkt;
        break;
      }
      case 'nft': {
        const r = runNftChain(w, ns, s.table, s.chain, w.view(p, io.in, io.out, io.bridged));
        if (!r) break;
        if (r.mark !== (p.mark ?? 0)) p = { ...p, mark: r.mark };
        if (r.target && (r.target.kind === 'DROP' || r.target.kind === 'REJECT') && r.res) {
          filtered(w, ns, io.in ?? io.out ?? '', p, ctx, { ...r.res, target: r.target, mark: r.mark, evaluated: 0, table: 'filter' } as NfResult, hook, {
            tool: 'nft',
            table: r.res.table,
          });
          return { pass: false, verdict: r.target };
        }
        break;
      }
    }
  }
  return { pass: true, pkt: p };
}

/** The ctstate a packet shows to `-m conntrack` in `ns`. */
export function ctStateFor(p: Pkt, nsId: string) {
  const ct = p.ct;
  if (!ct || ct.ns !== nsId) return undefined;
  return ctStateOf(ct.entry, ct.dir as CtDir, ct.related);
}
