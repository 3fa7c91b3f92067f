/**
 * Source NAT with conntrack, as iptables' MASQUERADE does it (nf_nat_masquerade_ipv4): the
 * first packet of a flow that hits MASQUERADE in nat POSTROUTING gets the out device's address
 * and a conntrack entry; later packets of the flow reuse the mapping, and replies are
 * translated back in PREROUTING before routing. ICMP errors about a translated packet are
 * translated back too (RELATED). The source port is kept (simplified: `--random-fully` would
 * pick a random one, and the engine has no randomness).
 */
import type { Netns } from '../model/datapath';
import type { ConntrackEntry } from '../model/kernel-state';
import { traverse } from '../tables/netfilter';
import { portsOf, withIp, type Pkt } from './packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';
import { isIcmpError } from './outcome';

type Tuple = ConntrackEntry['orig'];

function tupleOf(p: Pkt): Tuple {
  return { src: p.ip.src, dst: p.ip.dst, ...portsOf(p) };
}

function same(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;
}

function rewrite(p: Pkt, src: string, dst: string): Pkt {
  return withIp(p, { src, dst });
}

/** nat POSTROUTING on the way out of `ns` through `outDev`. */
export function postrouting(w: Walker, ns: Netns, p: Pkt, outDev: string, ctx: Ctx): Pkt {
  if (isIcmpError(p) || p.fragOf || !ns.netfilter.nat) return p;
  const t = tupleOf(p);
  const known = w.k.conntrackOf(ns.id).find((e) => e.proto === p.ip.proto && same(e.orig, t));
  if (known) return known.reply.dst === t.src ? p : rewrite(p, known.reply.dst, p.ip.dst);
  const v = traverse(ns, 'nat', 'POSTROUTING', w.view(p, undefined, outDev));
  if (!v || v.target.kind !== 'MASQUERADE') return p;
  const dev = ns.interfaces.find((d) => d.name === outDev);
  const addr = dev?.addrs.find((a) => a.scope !== 'host')?.ip;
  if (!addr) return p;
  const entry: ConntrackEntry = {
    proto: p.ip.proto,
    orig: t,
    reply: { src: t.dst, dst: addr, sport: t.dport, dport: t.sport },
    state: 'NEW',
    expires: w.now() + 120_000,
    rule: v.row,
  };
  w.k.addConntrack(ns.id, entry);
  const out = rewrite(p, addr, p.ip.dst);
  w.hop(ctx, {
    ns,
    kind: 'nat',
    device: outDev,
    note: `${ns.name} masquerades ${t.src} as ${addr} (${outDev}) on the way out; conntrack remembers the flow`,
    pkt: out,
    decided: { table: 'nat', row: v.row, rows: v.rows, where: `${w.where(ns)} nat ${v.chain}` },
  });
  return out;
}

/** Conntrack in PREROUTING: a reply to a translated flow gets its original destination back. */
export function prerouting(w: Walker, ns: Netns, p: Pkt, inDev: string, ctx: Ctx): Pkt {
  const entries = w.k.conntrackOf(ns.id);
  if (entries.length === 0) return p;
  if (isIcmpError(p) && p.quote) {
    const q = tupleOf(p.quote);
    const e = entries.find((x) => x.reply.dst === q.src && x.reply.src === q.dst && x.reply.dport === q.sport);
    if (!e || p.ip.dst !== e.reply.dst) return p;
    const out: Pkt = { ...rewrite(p, p.ip.src, e.orig.src), quote: rewrite(p.quote, e.orig.src, p.quote.ip.dst) };
    w.hop(ctx, {
      ns,
      kind: 'nat',
      device: inDev,
      note: `an ICMP error about a masqueraded flow: conntrack sends it on to ${e.orig.src}`,
      pkt: out,
      decided: { table: 'conntrack', row: conntrackRow(e), where: w.where(ns) },
    });
    return out;
  }
  const t = tupleOf(p);
  const e = entries.find((x) => x.proto === p.ip.proto && same(x.reply, t));
  if (!e || e.reply.dst === e.orig.src) return p;
  const out = rewrite(p, p.ip.src, e.orig.src);
  w.hop(ctx, {
    ns,
    kind: 'nat',
    device: inDev,
    note: `conntrack: a reply to a masqueraded flow; destination ${t.dst} becomes ${e.orig.src} again`,
    pkt: out,
    decided: { table: 'conntrack', row: conntrackRow(e), where: w.where(ns) },
  });
  return out;
}

/** One `conntrack -L` line (conntrack-tools): orig tuple, reply tuple. */
export function conntrackRow(e: ConntrackEntry): string {
  const l4 = e.proto === 'icmp' ? '' : ` sport=${e.orig.sport} dport=${e.orig.dport}`;
  const r4 = e.proto === 'icmp' ? '' : ` sport=${e.reply.sport} dport=${e.reply.dport}`;
  return `${e.proto} src=${e.orig.src} dst=${e.orig.dst}${l4} src=${e.reply.src} dst=${e.reply.dst}${r4}`;
}
