/**
 * The fixed vocabulary of trace reasons, modelled on Hubble's drop reasons
 * (cilium pkg/monitor/api/drop.go; REFERENCE.md §6.5) and on what iputils prints.
 * Every verdict carries one. `hubble` gives the Cilium drop-reason code where one exists.
 */

export interface ReasonInfo {
  readonly verdict: 'delivered' | 'dropped' | 'rejected';
  readonly text: string;
  readonly hubble?: number;
}

export const REASONS = {
  DELIVERED: { verdict: 'delivered', text: 'reached the destination socket' },
  FRAG_NEEDED: { verdict: 'rejected', text: 'ICMP fragmentation needed (type 3 code 4): DF set and the packet exceeds the next-hop MTU', hubble: 136 },
  LOCAL_EMSGSIZE: { verdict: 'rejected', text: "the sender's own stack refused: message too long for the path MTU (EMSGSIZE)" },
  NET_UNREACHABLE: { verdict: 'rejected', text: 'ICMP network unreachable (type 3 code 0): a router had no route', hubble: 169 },
  HOST_UNREACHABLE: {
    verdict: 'rejected',
    text: 'ICMP host unreachable (type 3 code 1): the next hop did not answer ARP, or a WireGuard device has no peer for the destination',
  },
  PORT_UNREACHABLE: {
    verdict: 'rejected',
    text: 'ICMP port unreachable (type 3 code 3): nothing listens on that port, or a rule rejected it (TCP: connection refused)',
  },
  CONNECTION_REFUSED: { verdict: 'rejected', text: 'TCP RST: nothing listens on that port (connection refused)' },
  NO_ROUTE: { verdict: 'rejected', text: "the sender's own stack has no route (ENETUNREACH: Network is unreachable)", hubble: 169 },
  LOCAL_EHOSTUNREACH: { verdict: 'rejected', text: "the sender's next hop did not answer ARP (EHOSTUNREACH)" },
  TTL_EXCEEDED: { verdict: 'rejected', text: 'ICMP time exceeded (type 11): TTL reached zero — a routing loop or a traceroute probe', hubble: 196 },
  LOCAL_ENOKEY: {
    verdict: 'rejected',
    text: "the sender's WireGuard device has no peer for the destination (ENOKEY: Required key not available)",
  },
  LOCAL_EINVAL: {
    verdict: 'rejected',
    text: "the sender's own route lookup hit a blackhole route (EINVAL: Invalid argument; a forwarded packet would be dropped silently)",
  },
  LOCAL_ENOBUFS: { verdict: 'rejected', text: "the sender's device refused the frame (ENOBUFS: No buffer space available)" },
  NEIGH_FAILED: { verdict: 'dropped', text: 'the next hop never answered ARP; the packet waited and was discarded' },
  FRAME_TOO_BIG: { verdict: 'dropped', text: 'the receiving device dropped a frame larger than its MTU (silent; no ICMP)' },
  TUNNEL_FRAG_DROPPED: {
    verdict: 'dropped',
    text: 'the outer packet has DF set and exceeds the underlay MTU; the error goes to the tunnel endpoint, not the sender',
  },
  NO_FDB_ENTRY: { verdict: 'dropped', text: 'the VXLAN device has no FDB entry for the destination MAC: nowhere to send the frame', hubble: 160 },
  TUNNEL_NO_REMOTE: {
    verdict: 'dropped',
    text: 'the tunnel device has no remote for the packet (no tunnel key, no gateway, no completed handshake): nowhere to send it',
    hubble: 160,
  },
  WG_UNALLOWED_SRC: {
    verdict: 'dropped',
    text: "WireGuard dropped a decrypted packet whose source is not in the sending peer's allowed IPs (cryptokey routing)",
  },
  RP_FILTER: {
    verdict: 'dropped',
    text: 'reverse path filter (rp_filter strict): the route back to the source leaves by another device, so the packet is dropped',
  },
  FILTERED: { verdict: 'dropped', text: 'an iptables rule dropped the packet (silent)' },
  NO_SOCKET: { verdict: 'dropped', text: 'no socket and no responder for the packet' },
  MARTIAN_SOURCE: {
    verdict: 'dropped',
    text: "a packet arrived claiming one of the host's own addresses as its source (martian source, accept_local=0)",
    hubble: 132,
  },
  NOT_FORWARDING: { verdict: 'dropped', text: 'the packet reached a host that does not forward (ip_forward=0) and is not its destination', hubble: 150 },
  BLACKHOLE_ROUTE: { verdict: 'dropped', text: 'a blackhole route discarded the packet' },
  TIMEOUT: { verdict: 'dropped', text: 'no answer arrived before the sender gave up' },
  PMTUD_BLACK_HOLE: {
    verdict: 'dropped',
    text: 'a PMTU black hole (RFC 2923 §2.1): the handshake completed, but a full-size DF segment was dropped for its size and the ICMP "fragmentation needed" never reached the sender, so TCP retransmitted the same size unanswered until it gave up',
  },
  BAD_ENDPOINT: { verdict: 'rejected', text: 'the probe names a pod, node or address this scenario does not have' },
  NOT_MODELLED: { verdict: 'rejected', text: 'podpath does not model this yet' },
  LOCAL_EPERM: { verdict: 'rejected', text: "an iptables OUTPUT rule refused the sender's packet (EPERM: Operation not permitted)" },
  TTL_EXHAUSTED: { verdict: 'dropped', text: 'the TTL ran out in a loop and the ICMP error could not reach the sender', hubble: 196 },
  ADMIN_PROHIBITED: { verdict: 'rejected', text: 'ICMP communication administratively prohibited (type 3 code 13): a firewall rejected the packet' },
  NXDOMAIN: { verdict: 'rejected', text: 'the name does not exist (NXDOMAIN for every name the resolver tried)' },
  NODATA: { verdict: 'rejected', text: 'the name exists but has no address of the type asked (NOERROR with no records: NODATA)' },
  DNS_SERVFAIL: { verdict: 'rejected', text: 'the DNS server answered SERVFAIL: it could not get an answer (EAI_AGAIN)' },
  DNS_TIMEOUT: { verdict: 'dropped', text: 'no DNS server answered before the resolver gave up (EAI_AGAIN)' },
  DNS_UNREACHABLE: { verdict: 'dropped', text: 'no DNS server answered: the queries were refused with ICMP port unreachable (EAI_AGAIN)' },
  // Cilium's datapath drops (cilium pkg/monitor/api/drop.go; notes/cilium.md §6.5, §3)
  POLICY_DENIED: { verdict: 'dropped', text: "Cilium's policy map has no entry admitting the peer's identity (Policy denied)", hubble: 133 },
  POLICY_DENY_RULE: { verdict: 'dropped', text: 'a Cilium deny rule matched the peer (Policy denied by denylist)', hubble: 181 },
  CILIUM_INVALID_SOURCE_IP: { verdict: 'dropped', text: "the packet's source is not the sending endpoint's address (Invalid source ip)", hubble: 132 },
  CILIUM_INVALID_IDENTITY: { verdict: 'dropped', text: 'the tunnel carried an identity no node sends (Invalid identity)', hubble: 171 },
  CILIUM_UNROUTABLE: {
    verdict: 'dropped',
    text: 'the host sent to an address that is neither a local endpoint nor behind a tunnel (Stale or unroutable IP)',
    hubble: 151,
  },
  SERVICE_BACKEND_NOT_FOUND: { verdict: 'dropped', text: 'the Service has no backend and Cilium is set to drop (Service backend not found)', hubble: 158 },
  SERVICE_NO_BACKEND: {
    verdict: 'rejected',
    text: "the Service has no backend: Cilium's socket load balancer fails connect() with EHOSTUNREACH (No route to host), nothing is sent",
  },
  // the VPC fabric (devices/vpc-fabric.ts): security groups drop without a word (AWS EC2 UG security-group-connection-tracking)
  SECURITY_GROUP: {
    verdict: 'dropped',
    text: "the VPC dropped the packet: the destination ENI's security group has no inbound rule allowing it (silent: no ICMP, no RST)",
  },
  L7_POLICY_DENIED: {
    verdict: 'rejected',
    text: "an L7 policy proxy refused the HTTP request and answered in the server's place (Cilium: Envoy's 403 Access denied)",
  },
  VPC_POLICY_DENIED: {
    verdict: 'dropped',
    text: "the VPC CNI's network policy agent dropped it at the pod's host veth: no rule of the policies that select the pod admits it (silent)",
  },
} as const satisfies Record<string, ReasonInfo>;

export type Reason = keyof typeof REASONS;

export function reasonText(r: Reason): string {
  return REASONS[r].text;
}
