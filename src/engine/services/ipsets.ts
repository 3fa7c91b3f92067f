/**
 * The ipsets of kube-proxy's IPVS mode (K8S pkg/proxy/ipvs/proxier.go ipsetInfo, names and
 * comments from pkg/proxy/ipvs/ipset.go; member strings from pkg/proxy/ipvs/ipset/ipset.go
 * Entry.String) and `ipset list` as ipset 7.21 prints it (IPSET lib/session.c list_create):
 *
 *   Name: KUBE-CLUSTER-IP
 *   Type: hash:ip,port
 *   Revision: 6
 *   Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x4b08ea89
 *   Size in memory: 456
 *   References: 3
 *   Number of entries: 5
 *   Members:
 *   10.96.0.10,udp:53
 *
 * with a blank line before every set after the first. What the kernel reports and the lab can
 * only approximate, said plainly:
 * - Revision: what a 5.x/6.x kernel negotiates in a real kube-proxy node's dump (hash:ip 5,
 *   hash:ip,port 6, hash:ip,port,ip 6, hash:ip,port,net 8, bitmap:port 3).
 * - initval is get_random_u32() at create time; the lab derives a fixed value from the node and
 *   set name.
 * - Size in memory (mtype_head: the hash header plus one hbucket of AHASH_INIT_SIZE = 2
 *   elements, 32 + 2 × element size bytes, per used bucket): the empty sizes are those of the
 *   real dump, and every member is assumed to sit in its own bucket (collisions in the
 *   1024-bucket table are not modelled).
 * - Member order is the kernel's hash walk; the lab lists members in the order kube-proxy adds
 *   them (bitmap:port in ascending order, as the kernel walks a bitmap).
 * - References counts the iptables rules that use the set (ip_set_ref from xt_set), so it
 *   follows the node's actual rules.
 */
import type { IpSet, Netns } from '../model/datapath';

export const IPSET_VERSION = '7.21';

export interface KubeIpsetInfo {
  readonly name: string;
  readonly type: 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';
  readonly comment: string;
}

/** ipsetInfo, in its order (kube-proxy creates them from a Go map, so a real node's order is random). */
export const KUBE_IPSETS: readonly KubeIpsetInfo[] = [
  { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: 'KUBE-EXTERNAL-IP', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: 'KUBE-EXTERNAL-IP-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: 'KUBE-LOAD-BALANCER-FW', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  {
    name: 'KUBE-LOAD-BALANCER-SOURCE-IP',
    type: 'hash:ip,port,ip',
    comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose',
  },
  {
    name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR',
    type: 'hash:ip,port,net',
    comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose',
  },
  { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  {
    name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH',
    type: 'hash:ip,port',
    comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'",
  },
  { name: 'KUBE-HEALTH-CHECK-NODE-PORT', type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: 'KUBE-IPVS-IPS', type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

export type KubeIpsetName = (typeof KUBE_IPSETS)[number]['name'];

/** Entry.String: `10.96.0.10,udp:53` (hash:ip,port), `10.244.1.5,tcp:8080,10.244.1.5` (hash:ip,port,ip). */
export function ipPortEntry(ip: string, proto: string, port: number, ip2?: string): string {
  return ip2 === undefined ? `${ip},${proto}:${port}` : `${ip},${proto}:${port},${ip2}`;
}

/** Builds each set as the sync fills it: a Go set per name (insertion order kept, duplicates dropped). */
export class IpsetBuilder {
  private readonly sets = new Map<string, Set<string>>(KUBE_IPSETS.map((s) => [s.name, new Set<string>()]));

  add(name: KubeIpsetName, entry: string): void {
    this.sets.get(name)!.add(entry);
  }

  isEmpty(name: KubeIpsetName): boolean {
    return this.sets.get(name)!.size === 0;
  }

  build(): Record<string, IpSet> {
    return Object.fromEntries(
      KUBE_IPSETS.map((s) => {
        const members = [...this.sets.get(s.name)!];
        if (s.type === 'bitmap:port') members.sort((a, b) => Number(a) - Number(b));
        return [s.name, { name: s.name, type: s.type, comment: s.comment, members }];
      }),
    );
  }
}

interface KernelSetInfo {
  readonly revision: number;
  /** mtype_head's memsize of the empty set, and what each member's bucket adds (32 + 2 × dsize) */
  readonly emptySize: number;
  readonly perMember: number;
}

const KERNEL: Readonly<Record<string, KernelSetInfo>> = {
  'hash:ip': { revision: 5, emptySize: 216, perMember: 32 + 2 * 4 },
  'hash:ip,port': { revision: 6, emptySize: 216, perMember: 32 + 2 * 8 },
  'hash:ip,port,ip': { revision: 6, emptySize: 208, perMember: 32 + 2 * 12 },
  'hash:ip,port,net': { revision: 8, emptySize: 464, perMember: 32 + 2 * 12 },
  'bitmap:port': { revision: 3, emptySize: 8264, perMember: 0 },
};

/** A fixed stand-in for the set's random jhash initval (FNV-1a of node and set name). */
function initval(nsId: string, name: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${nsId}/${name}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `0x${h.toString(16).padStart(8, '0')}`;
}

/** ip_set_ref: how many iptables rules in the namespace match against the set. */
export function setReferences(ns: Netns, name: string): number {
  let n = 0;
  for (const chains of Object.values(ns.netfilter))
    for (const ch of Object.values(chains ?? {})) for (const r of ch.rules) for (const m of r.match.modules ?? []) if (m.m === 'set' && m.set === name) n++;
  return n;
}

function headerArgs(ns: Netns, set: IpSet): string {
  return set.type.startsWith('bitmap:') ? 'range 0-65535' : `family inet hashsize 1024 maxelem 65536 bucketsize 12 initval ${initval(ns.id, set.name)}`;
}

/** One set in `ipset list` form (without the blank separator line); terse (`-t`) stops after the header. */
export function formatIpset(ns: Netns, set: IpSet, terse = false): string[] {
  const k = KERNEL[set.type] ?? { revision: 0, emptySize: 0, perMember: 0 };
  const head = [
    `Name: ${set.name}`,
    `Type: ${set.type}`,
    `Revision: ${k.revision}`,
    `Header: ${headerArgs(ns, set)}`,
    `Size in memory: ${k.emptySize + k.perMember * set.members.length}`,
    `References: ${setReferences(ns, set.name)}`,
    `Number of entries: ${set.members.length}`,
  ];
  return terse ? head : [...head, 'Members:', ...set.members];
}

function pickSets(ns: Netns, name?: string): IpSet[] | undefined {
  const sets = Object.values(ns.ipsets ?? {});
  const pick = name === undefined ? sets : sets.filter((s) => s.name === name);
  return name !== undefined && pick.length === 0 ? undefined : pick;
}

/** `ipset list [-t] [NAME]`: every set, a blank line between them; undefined when NAME does not exist. */
export function ipsetList(ns: Netns, name?: string, terse = false): string[] | undefined {
  return pickSets(ns, name)?.flatMap((s, i) => [...(i > 0 ? [''] : []), ...formatIpset(ns, s, terse)]);
}

/** `ipset list -n`: the set names. */
export function ipsetNames(ns: Netns, name?: string): string[] | undefined {
  return pickSets(ns, name)?.map((s) => s.name);
}

/** `ipset save [NAME]` (IPSET_LIST_SAVE): `create NAME TYPE ARGS`, then `add NAME MEMBER` per member. */
export function ipsetSave(ns: Netns, name?: string): string[] | undefined {
  return pickSets(ns, name)?.flatMap((s) => [`create ${s.name} ${s.type} ${headerArgs(ns, s)}`, ...s.members.map((m) => `add ${s.name} ${m}`)]);
}
