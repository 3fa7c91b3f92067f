/**
 * The trace is the contract between the engine and everything else (ARCHITECTURE.md):
 * plain JSON that the UI plays, the CLI prints, lessons grade and tests snapshot.
 */
import type { MtuLimit } from './mtu-limit';
import type { Header } from '../wire/headers';
import type { Ipv4 } from '../wire/ipv4';
import type { Reason } from './reasons';
import type { AppData, DnsRcode, DnsRecord, DnsType } from '../wire/app-data';
import type { Libc, LookupError, ResolvConf } from '../dns/resolver';

export type Verdict = 'delivered' | 'dropped' | 'rejected';

export type HopKind =
  | 'send' // a socket hands the packet to its stack
  | 'route' // a route lookup picked the next hop
  | 'veth' // crossed a veth pair
  | 'bridge' // a Linux bridge forwarded (FDB) or flooded the frame
  | 'arp' // neighbour resolution
  | 'forward' // the node's IP layer forwarded (TTL decremented)
  | 'encap' // tunnel encapsulation
  | 'decap' // tunnel decapsulation
  | 'wire' // crossed the underlay between nodes
  | 'filter' // a netfilter rule matched
  | 'nat' // address translation
  | 'fragment' // IP fragmentation
  | 'deliver' // reached the destination socket / responder
  | 'reply' // the destination answered
  | 'icmp' // an ICMP error was generated
  | 'drop' // lost here (silently)
  | 'local-error'; // the sender's own stack refused

export type Direction = 'request' | 'reply' | 'error';

/** The table row that decided a hop, with the table it came from (for the inspector). */
export interface Decision {
  readonly table:
    | 'route'
    | 'fdb'
    | 'neigh'
    | 'filter'
    | 'nat'
    | 'mangle'
    | 'raw'
    | 'pmtu'
    | 'socket'
    | 'mtu'
    | 'policy'
    | 'dns'
    | 'conntrack'
    | 'sysctl'
    | 'ipvs'
    | 'ipset'
    | 'nft'
    | 'bpf';
  /** the row as the real tool prints it: `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink` */
  readonly row: string;
  /** the whole table as printed, so the inspector can highlight `row` inside it */
  readonly rows?: readonly string[];
  /** where the table lives: `node1`, `node1 flannel.1`, `client` */
  readonly where?: string;
  /**
   * the rules that led to `row`, in order, each as the tool prints it: the jump path
   * `KUBE-SERVICES → KUBE-SVC-… (statistic) → KUBE-SEP-… DNAT`
   */
  readonly path?: readonly string[];
}

/** An address rewrite at a hop (NAT): the packet's addresses before and after. */
export interface Rewrite {
  readonly before: { readonly src: Ipv4; readonly dst: Ipv4; readonly sport?: number; readonly dport?: number };
  readonly after: { readonly src: Ipv4; readonly dst: Ipv4; readonly sport?: number; readonly dport?: number };
}

export interface MtuCheck {
  readonly device: string;
  readonly mtu: number;
  /** bytes at L3 that had to fit */
  readonly size: number;
  readonly fits: boolean;
  /**
   * which limit `mtu` is: the device's MTU, the route's `mtu` attribute, or the path MTU the
   * kernel cached from an ICMP fragmentation-needed (absent: the device)
   */
  readonly limit?: MtuLimit;
}

export type { MtuLimit } from './mtu-limit';

export interface Hop {
  readonly seq: number;
  /** Kubernetes node (or outside host) where this happened */
  readonly node: string;
  /** the network namespace: a pod name, `host` (the node's root namespace), or an outside host */
  readonly netns: string;
  /** the netns id in the cluster model (for the canvas) */
  readonly netnsId: string;
  readonly device?: string;
  /** the link crossed, if any: `veth:<netnsId>/<if>-<netnsId>/<if>`, `wire:<segment>` */
  readonly link?: string;
  readonly kind: HopKind;
  readonly dir: Direction;
  readonly note: string;
  /** the packet after this hop, outermost header first */
  readonly headers: readonly Header[];
  readonly mtu?: MtuCheck;
  readonly decided?: Decision;
  /** NAT: what was rewritten */
  readonly rewrite?: Rewrite;
  /** the conntrack entry this hop created or used, as `conntrack -L` prints it */
  readonly conntrack?: string;
  /** a tunnel starts here (the packet is encapsulated) or ends here (decapsulated) */
  readonly tunnel?: { readonly kind: 'vxlan' | 'geneve' | 'ipip' | 'wireguard'; readonly edge: 'start' | 'end' };
  /** ms since the probe started */
  readonly t: number;
  /** what the application put in the innermost payload (DNS message, HTTP text…), so an export can write its bytes (src/engine/pcap) */
  readonly data?: AppData;
}

export interface IcmpInfo {
  readonly type: number;
  readonly code: number;
  readonly mtu?: number;
  readonly from: Ipv4;
}

/**
 * One traceroute(8) probe: a UDP datagram to `port` with TTL `ttl`, and what came back. `from`
 * is null when nothing answered within the wait (traceroute prints `*`). `mark` is the flag
 * traceroute prints after the time (`!H`, `!N`, `!X`, `!P`, `!F-1450` …); `final` ends the trace
 * after this TTL (the destination answered — port unreachable or a UDP reply — or an error
 * other than time exceeded arrived).
 */
export interface TracerouteProbe {
  readonly ttl: number;
  readonly port: number;
  readonly from: Ipv4 | null;
  /** round trip in ms on the lab clock (answer time − send time) */
  readonly rtt?: number;
  readonly mark?: string;
  readonly final?: boolean;
  /** the ICMP type/code that answered; absent for a UDP reply or no answer */
  readonly icmp?: { readonly type: number; readonly code: number };
}

export interface TracepathLine {
  readonly ttl: number;
  /** who answered; null: no reply */
  readonly from: Ipv4 | null;
  /** the path MTU this answer reported (frag-needed) */
  readonly pmtu?: number;
  readonly reached?: boolean;
  /** ICMP unreachable other than port: tracepath prints !N / !H */
  readonly unreachable?: 'net' | 'host';
  readonly replyTtl?: number;
  readonly t: number;
}

/** A DNS query of the probe's lookup, as the runner's JSON lists it (SCENARIOS.md `dns`). */
export interface DnsQueryJson {
  readonly name: string;
  readonly type: string;
  readonly rcode: string;
}

export interface Trace {
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly icmp?: IcmpInfo;
  readonly localError?: 'EMSGSIZE' | 'ENETUNREACH' | 'EHOSTUNREACH' | 'ENOBUFS' | 'EPERM' | 'ENOKEY' | 'EINVAL' | null;
  /** the sender's view of the MTU behind a local EMSGSIZE */
  readonly localMtu?: number;
  /** EMSGSIZE: which limit `localMtu` is (device MTU, route mtu, cached path MTU) and its device, for mtuLimitText */
  readonly localMtuLimit?: { readonly device: string; readonly limit: MtuLimit };
  readonly replyTtl?: number;
  /** reply size in bytes as ping prints it (`1480 bytes from`) */
  readonly replyBytes?: number;
  /** traceroute: the addresses it prints, in order */
  readonly path?: readonly Ipv4[];
  /** tracepath: the path MTU it settled on */
  readonly pmtu?: number;
  /** tracepath: one line per answer, as tracepath prints them */
  readonly tracepath?: readonly TracepathLine[];
  /** traceroute: every probe in the order sent (3 per TTL by default) */
  readonly traceroute?: readonly TracerouteProbe[];
  /** the probe as sent: addresses, ports and sizes after resolution */
  readonly sent?: {
    readonly src: Ipv4;
    readonly dst: Ipv4;
    readonly sport?: number;
    readonly dport?: number;
    readonly size: number;
    readonly df: boolean;
    readonly protocol: string;
  };
  readonly backend?: string;
  /** how `to` became an address: a literal address, a scenario reference (pod, node, outside host), or a DNS lookup */
  readonly target?: { readonly name: string; readonly ip: Ipv4; readonly how: 'address' | 'pod' | 'node' | 'outside' | 'dns' };
  /** the lookup that ran before the packet was sent (a name in `to`, or a dns probe): every query, each its own short trace */
  readonly lookup?: LookupTrace;
  /** every DNS query the sender's resolver sent, in order, with its answer code */
  readonly dns?: readonly DnsQueryJson[];
  /** HTTP: the response the client read */
  readonly http?: { readonly status: number; readonly body: string; readonly server: string };
  /** netfilter rules evaluated during the walk (iptables is a linear walk; the bench reports it) */
  readonly rulesEvaluated?: number;
  /**
   * NetworkPolicy on a shape that does not enforce it (Flannel): what the policies in the API would have
   * decided for this connection, and who would have had to enforce them. Enforcing shapes show their
   * decision on the hop instead (a `policy`/`filter`/`bpf` Decision).
   */
  readonly policy?: PolicyNote;
  /** why a probe could not be sent at all (bad endpoint, not modelled) */
  readonly note?: string;
  /** seq of the hop where the outcome was decided (the drop, the ICMP error or RST sent, the local refusal) */
  readonly decidedAt?: number;
  /** ms the sender waited for the outcome */
  readonly elapsed: number;
  readonly hops: readonly Hop[];
}

export interface PolicyNote {
  readonly enforced: false;
  /** the shape's words for why nothing enforces policy */
  readonly why: string;
  /** true when the policies in the API would have denied the connection */
  readonly wouldDeny: boolean;
  /** `default/deny-all` …: the policies that select either end for the direction that would decide */
  readonly policies: readonly string[];
  /** one sentence for the learner: "Flannel does not enforce NetworkPolicy: … would deny this connection" */
  readonly text: string;
}

export type QueryRcode = DnsRcode | 'TIMEOUT' | 'UNREACHABLE';

export interface DnsQueryTrace {
  /** the name as sent, with its trailing dot */
  readonly name: string;
  readonly type: DnsType;
  readonly server: string;
  readonly sport: number;
  /** NOERROR, NXDOMAIN, SERVFAIL…; TIMEOUT: nothing came back; UNREACHABLE: ICMP port unreachable */
  readonly rcode: QueryRcode;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional?: readonly DnsRecord[];
  readonly aa?: boolean;
  /** recursion available: set by a recursive resolver, never by CoreDNS's kubernetes plugin */
  readonly ra?: boolean;
  /** how the server got the answer: kubernetes, cache, forward, upstream */
  readonly via?: string;
  readonly icmp?: IcmpInfo;
  /** ms since the probe started */
  readonly start: number;
  readonly elapsed: number;
  readonly hops: readonly Hop[];
}

export interface LookupTrace {
  readonly name: string;
  readonly libc: Libc;
  readonly resolvConf: ResolvConf;
  readonly queries: readonly DnsQueryTrace[];
  readonly addresses: readonly string[];
  /** IPv6 addresses the hosts file gave (`::1 localhost`); DNS gives none in the IPv4 lab */
  readonly addresses6?: readonly string[];
  readonly error?: LookupError;
  readonly elapsed: number;
  /** `files`: answered from /etc/hosts, no query sent */
  readonly source?: 'files';
  /** the canonical name (h_name, ai_canonname): the owner of the addresses, after CNAMEs; no trailing dot */
  readonly canonical?: string;
  /** the other names on the way (the names that were CNAMEs), as gethostbyname's h_aliases */
  readonly aliases?: readonly string[];
}
