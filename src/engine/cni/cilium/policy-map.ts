/**
 * Per-endpoint policy map keys and lookup (bpf/lib/policy.h __policy_can_access; notes/cilium.md
 * §6.2). The agent writes one entry per (direction, peer identity, protocol, port range); the
 * datapath looks up the most specific entry: the identity before the wildcard identity 0, a
 * protocol before ANY, the narrowest port range. A direction without enforcement holds the
 * allow-all key (identity 0, ANY). Entries the lab adds beyond Cilium's (`miss`) carry the
 * agent's explanation of a default-deny miss so the drop can say why; `bpf policy get` does not
 * print them.
 */
import type { Netns } from '../../model/datapath';
import { entries, policyMapName, type PolicyEntry } from './maps';

export type PolicyDir = 'Ingress' | 'Egress';
export type PolicyProto = 'TCP' | 'UDP' | 'ICMP' | 'ANY';

export interface PolicyValue extends PolicyEntry {
  /** a default-deny miss (no such key in Cilium: the lookup simply fails) */
  readonly miss?: boolean;
  /** a deny-rule entry (the deny flag: drop reason 181) */
  readonly denyRule?: boolean;
  /** hubble's match type of an allow: L3-Only, L3-L4, L4-Only, all */
  readonly match?: string;
}

export function policyKey(dir: PolicyDir, identity: number, proto: PolicyProto, lo: number, hi: number): string {
  return `${dir}|${identity}|${proto}|${lo}-${hi}`;
}

export const ENFORCED_KEY = (dir: PolicyDir) => `${dir}|enforced`;

export interface PolicyHit {
  readonly key: string;
  readonly value: PolicyValue;
}

/** The decision for one packet: the entry that matched, or undefined when the direction is not enforced. */
export function policyLookup(
  ns: Netns,
  epId: number,
  dir: PolicyDir,
  identity: number,
  proto: PolicyProto,
  port: number,
): PolicyHit | 'not-enforced' | undefined {
  const map = entries<PolicyValue | { policies: readonly string[] }>(ns, policyMapName(epId));
  if (!map[ENFORCED_KEY(dir)]) return 'not-enforced';
  let best: { key: string; value: PolicyValue; score: number } | undefined;
  for (const [key, value] of Object.entries(map)) {
    const [d, id, pr, range] = key.split('|');
    if (d !== dir || range === undefined) continue;
    if (Number(id) !== identity && id !== '0') continue;
    if (pr !== proto && pr !== 'ANY') continue;
    const [lo, hi] = range.split('-').map(Number);
    if (port < lo || port > hi) continue;
    // more specific identity, then protocol, then the narrower range
    const score = (id !== '0' ? 4e6 : 0) + (pr !== 'ANY' ? 2e6 : 0) + (65536 - (hi - lo));
    if (!best || score > best.score) best = { key, value: value as PolicyValue, score };
  }
  return best && { key: best.key, value: best.value };
}

/** `80/TCP`, `TCP`, `ANY` (PortProtoString) */
export function portProtoText(proto: PolicyProto, lo: number, hi: number): string {
  if (proto === 'ANY') return 'ANY';
  if (lo === 0 && hi === 65535) return proto;
  return `${lo === hi ? lo : `${lo}-${hi}`}/${proto}`;
}
