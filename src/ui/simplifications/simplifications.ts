/**
 * What the lab simplifies, for learners: one entry per simplification the engine documents
 * (grep "Simplified" / "simplified" / "not modelled" in src/engine and docs/engine.md), in
 * the engine's own words, with the file that says so. `at` names where an entry applies:
 * the hop list and the inspector tag those hops with the entry's `tag`, so a learner reading
 * a simulated answer sees that it is one. To add a simplification, add an entry here and its
 * explanation in simplification-texts.ts (loaded with the inspector and the dialog, not with the
 * first page: the tags are all the hop list needs).
 */
import type { Hop } from '../../engine';
import type { PlayPart } from '../playback/flatten';

export type SimplificationArea = 'Services and DNS' | 'TCP and ICMP' | 'CNI shapes' | 'The lab';

export interface Simplification {
  readonly id: string;
  readonly area: SimplificationArea;
  readonly title: string;
  /** a few words for the tag on a hop: `simulated server` */
  readonly tag: string;
  /** the hops it applies to (with the part of the playback the hop is in) */
  readonly at?: (hop: Hop, part: PlayPart | undefined) => boolean;
}

export const SIMPLIFICATIONS: readonly Simplification[] = [
  {
    id: 'simulated-servers',
    area: 'Services and DNS',
    title: 'The servers are simulated',
    tag: 'simulated server',
    at: (h) => (h.kind === 'reply' || h.kind === 'deliver') && /simulated|echo server/i.test(h.note),
  },
  {
    id: 'dns-retransmissions',
    area: 'Services and DNS',
    title: 'DNS retransmissions are not walked again',
    tag: 'retries not walked',
    at: (h, p) => p?.kind === 'query' && h.kind === 'send' && (p.rcode === 'TIMEOUT' || p.rcode === 'SERVFAIL' || p.rcode === 'UNREACHABLE'),
  },
  {
    id: 'kube-proxy-order',
    area: 'Services and DNS',
    title: 'kube-proxy’s rules are sorted by name',
    tag: 'rule order sorted',
    at: (h) => h.kind === 'nat' && !!h.decided?.path?.some((r) => r.includes('KUBE-SERVICES')),
  },
  {
    id: 'coredns-plugins',
    area: 'Services and DNS',
    title: 'Most CoreDNS plugins change nothing',
    tag: 'CoreDNS plugins',
    at: (h) => h.kind === 'reply' && h.decided?.table === 'dns',
  },
  {
    id: 'conntrack-fragments',
    area: 'Services and DNS',
    title: 'Conntrack does not reassemble fragments',
    tag: 'no defrag',
    at: (h) => h.kind === 'fragment',
  },
  {
    id: 'tcp-acks',
    area: 'TCP and ICMP',
    title: 'ACKs of data are not walked',
    tag: 'ACKs not walked',
    at: (h) => h.kind === 'send' && /^segment \d+:/.test(h.note),
  },
  {
    id: 'tcp-options',
    area: 'TCP and ICMP',
    title: 'TCP carries no options besides MSS',
    tag: 'no TCP options',
  },
  {
    id: 'icmp-rate-limit',
    area: 'TCP and ICMP',
    title: 'ICMP rate limiting is not modelled',
    tag: 'no ICMP rate limit',
    at: (h) => h.kind === 'icmp',
  },
  {
    id: 'lab-clock',
    area: 'The lab',
    title: 'The lab clock starts at 2025-01-01 00:00:00 UTC',
    tag: 'lab clock',
    // the SOA record of a negative answer carries CoreDNS's serial: a Unix time on the lab clock
    at: (h, p) => h.kind === 'reply' && h.decided?.table === 'dns' && !!p?.query?.authority.some((r) => r.type === 'SOA'),
  },
  {
    id: 'simulated-times',
    area: 'The lab',
    title: 'Round-trip times are simulated',
    tag: 'simulated time',
  },
  {
    id: 'neighbour-ageing',
    area: 'The lab',
    title: 'Neighbour entries do not age',
    tag: 'no ARP ageing',
  },
  {
    id: 'ipv4-only',
    area: 'The lab',
    title: 'The lab is IPv4-only',
    tag: 'IPv4 only',
  },
  {
    id: 'bgp-converged',
    area: 'CNI shapes',
    title: 'BGP has already converged',
    tag: 'BGP converged',
    at: (h) => !!h.decided?.row.includes('proto bird'),
  },
  {
    id: 'calico-block-order',
    area: 'CNI shapes',
    title: 'Calico claims IPAM blocks in pool order',
    tag: 'block order',
  },
  {
    id: 'cilium-deterministic',
    area: 'CNI shapes',
    title: 'Cilium’s random choices are fixed',
    tag: 'fixed IDs',
    at: (h) => /\bcil_|identity \d+/.test(h.note),
  },
  {
    id: 'vpc-fabric',
    area: 'CNI shapes',
    title: 'The VPC is one segment that knows every ENI',
    tag: 'VPC fabric',
    at: (h) => /the VPC /.test(h.note),
  },
  {
    id: 'wireguard-keys',
    area: 'CNI shapes',
    title: 'WireGuard without handshakes',
    tag: 'no handshake',
    at: (h) => h.tunnel?.kind === 'wireguard',
  },
];

/** The simplifications that apply to a hop, in list order. */
export function simplifiedAt(hop: Hop, part: PlayPart | undefined): Simplification[] {
  return SIMPLIFICATIONS.filter((x) => x.at?.(hop, part));
}
