/**
 * Cilium's own conntrack (bpf/lib/conntrack.h; maps cilium_ct4_global for TCP and
 * cilium_ct_any4_global for the rest), in the node's kernel state: an entry is created when a
 * policy-checked flow starts (ct_create4: CT_EGRESS at the source endpoint, CT_INGRESS at the
 * destination), so replies (CT_REPLY) and related ICMP skip policy. The entry also keeps what
 * the monitor last reported per direction (TCP flags seen, time), for trace aggregation.
 */
import type { DatapathPort } from '../../devices/port';
import type { Netns } from '../../model/datapath';
import type { Pkt } from '../../wire/packet';
import { CT_ANY, CT_TCP } from './maps';

/** ct_lifetime_tcp / ct_lifetime_nontcp defaults: 6 h established TCP, 60 s other (pkg/defaults) */
const LIFETIME_MS = { tcp: 21_600_000, other: 60_000 };
/** CT_REPORT_INTERVAL (monitorInterval 5s) */
export const REPORT_INTERVAL_MS = 5_000;

export interface CtValue {
  readonly expires: number;
  readonly srcId: number;
  readonly flags: { readonly orig: readonly string[]; readonly reply: readonly string[] };
  readonly lastReport: { readonly orig: number; readonly reply: number };
  /** RevNAT of a NodePort translation: the frontend the client addressed and the client's address before SNAT */
  readonly nat?: { readonly vip: string; readonly vport: number; readonly client: string; readonly cport: number; readonly natIp: string };
  /** a ClusterIP the lxc translated per packet: the frontend and the backend it picked (lb4_rev_nat on replies) */
  readonly lb?: { readonly vip: string; readonly vport: number; readonly backend: string; readonly bport: number };
  /** the flow is redirected to the L7 proxy (proxy_port in the policy entry) */
  readonly proxy?: boolean;
}

export type CtSide = 'OUT' | 'IN';

function tuple(p: Pkt): { proto: string; s: string; d: string } {
  const l4 = p.l4;
  if (l4?.kind === 'icmp') return { proto: 'ICMP', s: `${p.ip.src}:${l4.id ?? 0}`, d: `${p.ip.dst}:${l4.id ?? 0}` };
  const sp = l4 ? l4.srcPort : 0;
  const dp = l4 ? l4.dstPort : 0;
  return { proto: p.ip.proto.toUpperCase(), s: `${p.ip.src}:${sp}`, d: `${p.ip.dst}:${dp}` };
}

/** `TCP OUT 10.0.0.5:42442 -> 10.0.1.7:80` (CtKey4Global.Dump) */
export function ctKey(side: CtSide, p: Pkt, reverse = false): string {
  const t = tuple(p);
  return reverse ? `${t.proto} ${side} ${t.d} -> ${t.s}` : `${t.proto} ${side} ${t.s} -> ${t.d}`;
}

const mapOf = (p: Pkt) => (p.l4?.kind === 'tcp' ? CT_TCP : CT_ANY);

export type CtResult = { readonly state: 'new' } | { readonly state: 'established' | 'reply'; readonly key: string; readonly value: CtValue };

/** ct_lookup4 for `side`: the flow's own entry (established), the entry of the other side's flow reversed (reply), or new. */
export function ctLookup(w: DatapathPort, node: Netns, side: CtSide, p: Pkt): CtResult {
  const now = w.now();
  const get = (key: string) => {
    const v = w.k.bpfLookup?.(node.id, mapOf(p), key) as CtValue | undefined;
    return v && v.expires > now ? v : undefined;
  };
  const own = ctKey(side, p);
  const o = get(own);
  if (o) return { state: 'established', key: own, value: o };
  const other = ctKey(side === 'OUT' ? 'IN' : 'OUT', p, true);
  const r = get(other);
  if (r) return { state: 'reply', key: other, value: r };
  return { state: 'new' };
}

export function ctCreate(
  w: DatapathPort,
  node: Netns,
  side: CtSide,
  p: Pkt,
  srcId: number,
  nat?: CtValue['nat'],
  proxy = false,
): { key: string; value: CtValue } {
  const key = ctKey(side, p);
  const value: CtValue = {
    expires: w.now() + (p.l4?.kind === 'tcp' ? LIFETIME_MS.tcp : LIFETIME_MS.other),
    srcId,
    flags: { orig: [], reply: [] },
    lastReport: { orig: -Infinity, reply: -Infinity },
    ...(nat ? { nat } : {}),
    ...(proxy ? { proxy } : {}),
  };
  w.k.bpfUpdate?.(node.id, mapOf(p), key, value);
  return { key, value };
}

/**
 * __ct_update_timeout's report decision: a new entry, a TCP flag not yet seen in this
 * direction, or CT_REPORT_INTERVAL since the last report. Updates the entry.
 */
export function ctShouldReport(w: DatapathPort, node: Netns, p: Pkt, key: string, value: CtValue, dir: 'orig' | 'reply', created: boolean): boolean {
  const now = w.now();
  const flags = p.l4?.kind === 'tcp' ? p.l4.flags : [];
  const seen = value.flags[dir];
  const fresh = flags.some((f) => !seen.includes(f));
  const report = created || fresh || now - value.lastReport[dir] >= REPORT_INTERVAL_MS;
  const next: CtValue = {
    ...value,
    flags: { ...value.flags, [dir]: [...new Set([...seen, ...flags])] },
    lastReport: report ? { ...value.lastReport, [dir]: now } : value.lastReport,
  };
  w.k.bpfUpdate?.(node.id, mapOf(p), key, next);
  return report;
}
