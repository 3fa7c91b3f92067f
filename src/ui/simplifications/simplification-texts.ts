/**
 * The explanation of each simplification (simplifications.ts) and the file where the engine
 * documents it; loaded with the hop inspector and the simplifications dialog.
 */
export const SIMPLIFICATION_TEXTS: Readonly<Record<string, { readonly text: string; readonly source: string }>> = {
  'simulated-servers': {
    text: 'Every container port runs a small stand-in server: on TCP an HTTP server that answers one GET with its pod name and the client address it saw (so SNAT and DNAT are visible), on UDP an echo server that sends the datagram back. CoreDNS and the nodes’ resolver answer DNS from the lab’s API objects.',
    source: 'src/engine/trace/tcp-server.ts, udp-server.ts, wire/app-data.ts',
  },
  'dns-retransmissions': {
    text: 'When a query gets no answer the resolver sends it again (glibc: 2 attempts of 5 s per server; musl: resends at timeout/attempts). The lab counts the time of every retry but walks the packet once: a retransmission takes the same path to the same fate.',
    source: 'src/engine/trace/lookup.ts',
  },
  'kube-proxy-order': {
    text: 'kube-proxy walks its Services from a Go map, so their order in KUBE-SERVICES differs from one sync to the next on a real node. The lab sorts them by namespace/name so that iptables-save prints the same every time; which rule matches a packet does not depend on the order.',
    source: 'src/engine/services/iptables.ts',
  },
  'coredns-plugins': {
    text: 'The Corefile is kubeadm’s. The lab models the kubernetes plugin (pods insecure, fallthrough, ttl 30), forward . /etc/resolv.conf and cache 30; errors, health, ready, prometheus, loop, reload and loadbalance are listed but change no answer (loadbalance does not shuffle the records).',
    source: 'src/engine/dns/corefile.ts',
  },
  'conntrack-fragments': {
    text: 'A real node reassembles fragments before conntrack and NAT see them (nf_defrag_ipv4) and fragments again on the way out. The lab tracks and translates each fragment as its datagram; what leaves the node is the same.',
    source: 'src/engine/trace/hooks.ts',
  },
  'tcp-acks': {
    text: 'A TCP connection’s handshake, its data and its close are walked (the final ACK of the handshake, later segments and the close without being shown: their path is the first one’s). The bare ACKs a receiver sends for data are not walked at all.',
    source: 'src/engine/trace/tcp.ts, tcp-server.ts',
  },
  'tcp-options': {
    text: 'Linux adds 12 bytes of timestamps to every data segment; the lab’s TCP header is 20 bytes, plus the MSS option on SYN and SYN-ACK.',
    source: 'src/engine/wire/headers.ts',
  },
  'icmp-rate-limit': {
    text: 'Linux limits how many ICMP errors it sends (net.ipv4.icmp_ratelimit, icmp_msgs_per_sec). In the lab every error the kernel would generate is sent.',
    source: 'docs/engine.md',
  },
  'lab-clock': {
    text: 'The engine counts milliseconds from the moment a scenario starts. Where a tool prints a date or a Unix time (dig’s WHEN, CoreDNS’s SOA serial, the flow log’s timestamps) that moment is 2025-01-01 00:00:00 UTC, so every run of a scenario is identical.',
    source: 'src/engine/model/lab-clock.ts',
  },
  'simulated-times': {
    text: 'Each hop adds a few microseconds, a hop across the underlay a little more; nothing is measured. Timeouts (a ping’s -W, the resolver’s 5 s) are counted in full.',
    source: 'src/engine/trace/recorder.ts',
  },
  'neighbour-ageing': {
    text: 'A learned ARP entry stays REACHABLE (no ageing to STALE); an unanswered one turns FAILED after 3 probes of 1 s.',
    source: 'src/engine/cli/ip-route.ts, docs/engine.md',
  },
  'ipv4-only': {
    text: 'Pods, nodes and Services have IPv4 addresses only: ip addr prints no inet6 lines, and an AAAA query finds no records.',
    source: 'src/engine/cli/ip-link.ts',
  },
  'bgp-converged': {
    text: 'Calico’s BIRD sessions and their route exchange are not walked as packets: every node already holds the routes the node-to-node mesh would have taught it (proto bird), and the bgp-down fault withdraws a node’s routes everywhere at once, as after a clean BIRD stop. There is no hold timer or graceful-restart delay.',
    source: 'src/engine/cni/calico/routes.ts, faults.ts',
  },
  'calico-block-order': {
    text: 'calico-ipam starts from a block chosen by a hash of the host name; the lab claims /26 blocks in pool order (node1 the first, node2 the next), so the addresses are the same every time. Borrowing from another node’s block when the pool is used up works as in calico-ipam.',
    source: 'src/engine/cni/calico/ipam.ts',
  },
  'cilium-deterministic': {
    text: 'Where cilium-agent picks at random — the router IP in each node’s range, endpoint IDs, security identities, the socket load balancer’s backend slot, the L7 proxy port — the lab derives the value from a hash, so a scenario always gives the same numbers. There is one world identity (no CIDR identities) and no health endpoint.',
    source: 'src/engine/cni/cilium/ipam.ts, maps.ts, sock.ts',
  },
  'vpc-fabric': {
    text: 'The VPC is drawn as one subnet: it delivers a frame straight to the ENI that holds the destination address (no router hop, TTL unchanged) and checks security groups at the receiving ENI. Replies pass because the sending node’s conntrack marks them as replies, standing in for the VPC’s own stateful tracking. ipamd fills ENIs in device order and hands out addresses in order (real ipamd picks any free one); the connmark rules for secondary ENIs and the source/destination check are not modelled. With vpc.networkPolicy the network policy agent’s maps are compiled per pod from the lab’s own addresses and the policies’ port ranges; its conntrack entries do not expire.',
    source: 'src/engine/cni/vpc/*.ts, src/engine/devices/vpc-fabric.ts',
  },
  'wireguard-keys': {
    text: 'The WireGuard devices have their peers from the start: there is no handshake, keys are derived from the node names, and the ciphertext is filler of the right length. Sizes, padding and cryptokey routing (allowed IPs) are the kernel’s.',
    source: 'src/engine/devices/wireguard.ts, src/engine/cni/flannel/wg-keys.ts',
  },
};
