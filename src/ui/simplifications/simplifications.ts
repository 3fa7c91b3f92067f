/**
 * What the lab simplifies, for learners: one entry per simplification the engine documents
 * (grep "Simplified" / "simplified" / "not modelled" in src/engine and docs/engine.md), in
 * the engine's own words, with the file that says so. `at` names where an entry applies:
 * the hop list and the inspector tag those hops with the entry's `tag`, so a learner reading
 * a simulated answer sees that it is one. To add a simplification, add an entry here.
 */
import type { Hop } from '../../engine';
import type { PlayPart } from '../playback/flatten';

export type SimplificationArea = 'Services and DNS' | 'TCP and ICMP' | 'The lab';

export interface Simplification {
  readonly id: string;
  readonly area: SimplificationArea;
  readonly title: string;
  /** a few words for the tag on a hop: `simulated server` */
  readonly tag: string;
  readonly text: string;
  /** where the engine documents it */
  readonly source: string;
  /** the hops it applies to (with the part of the playback the hop is in) */
  readonly at?: (hop: Hop, part: PlayPart | undefined) => boolean;
}

export const SIMPLIFICATIONS: readonly Simplification[] = [
  {
    id: 'simulated-servers',
    area: 'Services and DNS',
    title: 'The servers are simulated',
    tag: 'simulated server',
    text: 'Every container port runs a small stand-in server: on TCP an HTTP server that answers one GET with its pod name and the client address it saw (so SNAT and DNAT are visible), on UDP an echo server that sends the datagram back. CoreDNS and the nodes’ resolver answer DNS from the lab’s API objects.',
    source: 'src/engine/trace/tcp-server.ts, udp-server.ts, wire/app-data.ts',
    at: (h) => (h.kind === 'reply' || h.kind === 'deliver') && /simulated|echo server/i.test(h.note),
  },
  {
    id: 'dns-retransmissions',
    area: 'Services and DNS',
    title: 'DNS retransmissions are not walked again',
    tag: 'retries not walked',
    text: 'When a query gets no answer the resolver sends it again (glibc: 2 attempts of 5 s per server; musl: resends at timeout/attempts). The lab counts the time of every retry but walks the packet once: a retransmission takes the same path to the same fate.',
    source: 'src/engine/trace/lookup.ts',
    at: (h, p) => p?.kind === 'query' && h.kind === 'send' && (p.rcode === 'TIMEOUT' || p.rcode === 'SERVFAIL' || p.rcode === 'UNREACHABLE'),
  },
  {
    id: 'kube-proxy-order',
    area: 'Services and DNS',
    title: 'kube-proxy’s rules are sorted by name',
    tag: 'rule order sorted',
    text: 'kube-proxy walks its Services from a Go map, so their order in KUBE-SERVICES differs from one sync to the next on a real node. The lab sorts them by namespace/name so that iptables-save prints the same every time; which rule matches a packet does not depend on the order.',
    source: 'src/engine/services/iptables.ts',
    at: (h) => h.kind === 'nat' && !!h.decided?.path?.some((r) => r.includes('KUBE-SERVICES')),
  },
  {
    id: 'coredns-plugins',
    area: 'Services and DNS',
    title: 'Most CoreDNS plugins change nothing',
    tag: 'CoreDNS plugins',
    text: 'The Corefile is kubeadm’s. The lab models the kubernetes plugin (pods insecure, fallthrough, ttl 30), forward . /etc/resolv.conf and cache 30; errors, health, ready, prometheus, loop, reload and loadbalance are listed but change no answer (loadbalance does not shuffle the records).',
    source: 'src/engine/dns/corefile.ts',
    at: (h) => h.kind === 'reply' && h.decided?.table === 'dns',
  },
  {
    id: 'conntrack-fragments',
    area: 'Services and DNS',
    title: 'Conntrack does not reassemble fragments',
    tag: 'no defrag',
    text: 'A real node reassembles fragments before conntrack and NAT see them (nf_defrag_ipv4) and fragments again on the way out. The lab tracks and translates each fragment as its datagram; what leaves the node is the same.',
    source: 'src/engine/trace/hooks.ts',
    at: (h) => h.kind === 'fragment',
  },
  {
    id: 'tcp-acks',
    area: 'TCP and ICMP',
    title: 'ACKs of data are not walked',
    tag: 'ACKs not walked',
    text: 'A TCP connection’s handshake, its data and its close are walked (the final ACK of the handshake, later segments and the close without being shown: their path is the first one’s). The bare ACKs a receiver sends for data are not walked at all.',
    source: 'src/engine/trace/tcp.ts, tcp-server.ts',
    at: (h) => h.kind === 'send' && /^segment \d+:/.test(h.note),
  },
  {
    id: 'tcp-options',
    area: 'TCP and ICMP',
    title: 'TCP carries no options besides MSS',
    tag: 'no TCP options',
    text: 'Linux adds 12 bytes of timestamps to every data segment; the lab’s TCP header is 20 bytes, plus the MSS option on SYN and SYN-ACK.',
    source: 'src/engine/wire/headers.ts',
  },
  {
    id: 'icmp-rate-limit',
    area: 'TCP and ICMP',
    title: 'ICMP rate limiting is not modelled',
    tag: 'no ICMP rate limit',
    text: 'Linux limits how many ICMP errors it sends (net.ipv4.icmp_ratelimit, icmp_msgs_per_sec). In the lab every error the kernel would generate is sent.',
    source: 'docs/engine.md',
    at: (h) => h.kind === 'icmp',
  },
  {
    id: 'lab-clock',
    area: 'The lab',
    title: 'The lab clock starts at 2025-01-01 00:00:00 UTC',
    tag: 'lab clock',
    text: 'The engine counts milliseconds from the moment a scenario starts. Where a tool prints a date or a Unix time (dig’s WHEN, CoreDNS’s SOA serial, the flow log’s timestamps) that moment is 2025-01-01 00:00:00 UTC, so every run of a scenario is identical.',
    source: 'src/engine/model/lab-clock.ts',
    // the SOA record of a negative answer carries CoreDNS's serial: a Unix time on the lab clock
    at: (h, p) => h.kind === 'reply' && h.decided?.table === 'dns' && !!p?.query?.authority.some((r) => r.type === 'SOA'),
  },
  {
    id: 'simulated-times',
    area: 'The lab',
    title: 'Round-trip times are simulated',
    tag: 'simulated time',
    text: 'Each hop adds a few microseconds, a hop across the underlay a little more; nothing is measured. Timeouts (a ping’s -W, the resolver’s 5 s) are counted in full.',
    source: 'src/engine/trace/recorder.ts',
  },
  {
    id: 'neighbour-ageing',
    area: 'The lab',
    title: 'Neighbour entries do not age',
    tag: 'no ARP ageing',
    text: 'A learned ARP entry stays REACHABLE (no ageing to STALE); an unanswered one turns FAILED after 3 probes of 1 s.',
    source: 'src/engine/cli/ip-route.ts, docs/engine.md',
  },
  {
    id: 'ipv4-only',
    area: 'The lab',
    title: 'The lab is IPv4-only',
    tag: 'IPv4 only',
    text: 'Pods, nodes and Services have IPv4 addresses only: ip addr prints no inet6 lines, and an AAAA query finds no records.',
    source: 'src/engine/cli/ip-link.ts',
  },
];

/** The simplifications that apply to a hop, in list order. */
export function simplifiedAt(hop: Hop, part: PlayPart | undefined): Simplification[] {
  return SIMPLIFICATIONS.filter((x) => x.at?.(hop, part));
}
