/**
 * Multiple choice: cross-node paths (overlay, routed, cloud), MTU and PMTUD, BGP, eBPF datapaths.
 * Numbers from REFERENCE.md §1 (overheads, defaults) and §6.2 (routes); wording ours.
 */
import type { Question } from '../types';
import { choice, icmp, lab, tcp } from './build';

export const NETWORK_QUESTIONS: readonly Question[] = [
  choice({
    id: 'net-vxlan-overhead',
    domain: 'cka-networking',
    topic: 'mtu',
    prompt: 'On a 1500-byte IPv4 underlay, what MTU should pods get on a VXLAN overlay?',
    choices: ['1500', '1480', '1450', '1420'],
    answer: 2,
    explanation:
      'VXLAN over IPv4 costs 50 bytes: outer IPv4 20 + UDP 8 + VXLAN header 8 + the inner Ethernet header 14. Flannel writes FLANNEL_MTU=1450 and sets flannel.1, cni0 and the pods to it.',
    link: lab('flannel-vxlan', icmp('client', 'web-1', 1422, true)),
  }),
  choice({
    id: 'net-ipip-overhead',
    domain: 'cka-networking',
    topic: 'mtu',
    prompt: 'IP-in-IP (Calico IPIP, Flannel ipip) on a 1500-byte underlay gives which tunnel MTU?',
    choices: ['1450', '1480', '1440', '1500'],
    answer: 1,
    explanation:
      'IP-in-IP adds only an outer IPv4 header (20 bytes, IP protocol 4), so tunl0 / flannel.ipip run at 1480. It carries no UDP port, which is why some NAT devices and clouds will not pass it.',
    link: lab('flannel-ipip', icmp('client', 'web-1', 1452, true)),
  }),
  choice({
    id: 'net-wireguard-overhead',
    domain: 'cks-microservices',
    topic: 'mtu',
    prompt: "Flannel's WireGuard backend on a 1500-byte underlay: what pod MTU does it leave?",
    choices: ['1450', '1440', '1420', '1480'],
    answer: 2,
    explanation:
      'The kernel reserves 80 bytes for WireGuard: 32 of message framing and tag, 8 of UDP, and 40 for an outer header (it always assumes IPv6). Calico uses 60 for IPv4 (1440); Flannel and plain wg use 80 (1420).',
    link: lab('flannel-wireguard', icmp('client', 'web-1', 1392, true)),
  }),
  choice({
    id: 'net-mtu-why',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    seedQuestion: 's000-card-3',
    prompt: 'Why does the pod MTU matter on a tunnelled network?',
    choices: [
      'It decides how many pods fit on a node',
      'If it ignores the tunnel overhead, full-size packets cannot cross the tunnel and can vanish, while small ones keep working',
      'It sets the DNS timeout',
      'It limits the number of Services',
    ],
    answer: 1,
    explanation:
      'A pod at 1500 on a 1450 tunnel builds packets the tunnel cannot carry. If the ICMP "fragmentation needed" gets through, the sender adapts; if it is filtered, large requests hang — TLS handshakes, image pulls, big responses.',
    link: lab('mtu-black-hole', icmp('client', 'web-1', 1472, true)),
  }),
  choice({
    id: 'net-mtu-classic-bug',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    seedQuestion: 's002-interview-12',
    prompt: 'Encapsulation was added but the pod MTU was left at 1500 and ICMP is filtered. What is the signature symptom?',
    choices: [
      'Every connection is refused at once',
      'DNS returns NXDOMAIN',
      'Small requests work; large responses or uploads hang after the handshake',
      'Only same-node traffic fails',
    ],
    answer: 2,
    explanation:
      'The handshake and small packets fit; full-size segments are dropped where they do not fit and TCP never learns a smaller size. Lower the pod MTU by the overhead (e.g. 1450 for VXLAN) or clamp the MSS.',
    link: lab('mtu-black-hole', tcp('client', 'web-1:8080', 4000), [{ type: 'block', node: 'node1', protocol: 'icmp', chain: 'OUTPUT' }]),
  }),
  choice({
    id: 'net-pmtud-icmp',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt: 'Which ICMP message makes path-MTU discovery work, and what must it carry?',
    choices: [
      'Echo reply (type 0), with the MTU in the payload',
      'Destination unreachable, fragmentation needed (type 3 code 4), with the next-hop MTU',
      'Time exceeded (type 11)',
      'Redirect (type 5)',
    ],
    answer: 1,
    explanation:
      'A router that cannot forward a DF packet drops it and returns type 3 code 4 with the next-hop MTU (RFC 1191). Linux caches it for 600 s (`ip route get` shows `cache expires … mtu 1450`). Filtering this ICMP creates the black hole.',
    link: lab('mtu-black-hole', icmp('client', 'web-1', 1472, true)),
  }),
  choice({
    id: 'net-jumbo-underlay',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt: 'The underlay was moved to 9000-byte jumbo frames, but the VXLAN device still has MTU 1450. What is the effect?',
    choices: [
      'Packets are dropped',
      'Nothing breaks, but pods use far less than the path could carry; raise the VXLAN MTU to 8950',
      'VXLAN stops working above 1500',
      'PMTUD fails',
    ],
    answer: 1,
    explanation: 'A too-small MTU is safe but wasteful: the right value is underlay MTU − 50 (8950 on 9000). Too large is the dangerous direction.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'net-vxlan-ports',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: 'Which UDP port does Flannel VXLAN use by default on Linux?',
    choices: ['4789, the IANA port', '8472, the Linux kernel default', '6081', '51820'],
    answer: 1,
    explanation:
      'Flannel leaves the port to the kernel, which defaults to 8472 for compatibility with early adopters; IANA assigned 4789 (Calico VXLAN uses 4789, Geneve 6081, WireGuard 51820).',
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }]),
  }),
  choice({
    id: 'net-overlay-vs-bgp',
    domain: 'cka-networking',
    topic: 'bgp',
    seedQuestion: 's002-interview-4',
    prompt: 'When is BGP-routed pod networking the better choice over an overlay?',
    choices: [
      'When you do not control the network between nodes',
      'When the fabric cooperates (shared L2, or BGP peering with the routers): pods travel unencapsulated at full MTU',
      'When nodes sit in different clouds over the internet',
      'Never; overlays are always faster',
    ],
    answer: 1,
    explanation:
      'An overlay works over any IP network at the price of header overhead and a smaller MTU. Routing advertises pod CIDRs so packets travel native — but the underlay must learn those routes (node-to-node mesh on one L2, or peering with ToR switches).',
    link: lab('calico-bgp', icmp('client', 'web-1')),
  }),
  choice({
    id: 'net-bgp-port',
    domain: 'cka-troubleshooting',
    topic: 'bgp',
    prompt: 'Calico BGP: same-node pods talk, cross-node pods do not, and `calicoctl node status` shows the peer in state Connect. What is the usual culprit?',
    choices: ['UDP 4789 blocked', 'A firewall blocking TCP 179 between nodes', 'CoreDNS is down', 'The pod MTU is too small'],
    answer: 1,
    explanation:
      'BGP sessions run over TCP 179. When they cannot establish, BIRD learns no routes to the other blocks and cross-node traffic falls to the default route. Open 179 and check ip_forward on every node.',
    link: lab('calico-bgp', icmp('client', 'web-1'), [{ type: 'bgp-down', node: 'node2' }]),
  }),
  choice({
    id: 'net-calico-blocks',
    domain: 'cka-networking',
    topic: 'ipam',
    prompt: 'What does a `blackhole 192.168.0.0/26 proto bird` route on a Calico node mean?',
    choices: [
      'Traffic to that block is being attacked',
      "It is this node's own IPAM block: local pods have /32 routes inside it, and any address of the block without a pod is discarded instead of leaking out the default route",
      'BGP is down',
      'The block is exhausted',
    ],
    answer: 1,
    explanation:
      'calico-ipam hands each node /26 blocks (blockSize 26) from the pool; BIRD advertises the block, and the blackhole catches unassigned addresses.',
    link: lab('calico-bgp'),
  }),
  choice({
    id: 'net-host-gw-limit',
    domain: 'cka-networking',
    topic: 'cross-node',
    prompt: 'Flannel host-gw routes `10.244.2.0/24 via 192.168.1.11 dev eth0`. What does it require of the network?',
    choices: [
      'Nothing: it works across any routed network',
      'All nodes on one L2 segment, since the next hop must be directly reachable',
      'BGP peering with the ToR switch',
      'An open UDP 8472',
    ],
    answer: 1,
    explanation:
      'host-gw is plain static routing between nodes: no encapsulation, full MTU, but the gateway must be an on-link neighbour. Across subnets use VXLAN (or Calico CrossSubnet, which encapsulates only between subnets).',
    link: lab('host-gw', { from: 'client', to: 'web-2', protocol: 'traceroute' }),
  }),
  choice({
    id: 'net-overlay-underlay-view',
    domain: 'cka-networking',
    topic: 'cross-node',
    prompt: 'A capture on the underlay switch between two Flannel VXLAN nodes shows which addresses in the outer IP header of pod traffic?',
    choices: ['The pod IPs', 'The node IPs (VTEP to VTEP); the pod IPs are only in the inner packet', 'The ClusterIPs', 'The gateway address'],
    answer: 1,
    explanation:
      'The underlay only knows node addresses; flannel.1 wraps the pod packet in outer IP/UDP between the node IPs. `tcpdump -i eth0 udp port 8472` on a node shows both layers.',
    link: lab('flannel-vxlan', icmp('client', 'web-1')),
  }),
  choice({
    id: 'net-vpc-cni',
    domain: 'cka-networking',
    topic: 'cross-node',
    prompt: 'With the AWS VPC CNI, how does a packet from a pod on node1 reach a pod on node2?',
    choices: [
      'VXLAN between the nodes',
      "The pod IPs are real VPC secondary addresses on the nodes' ENIs, so the VPC fabric delivers them natively — no overlay",
      'Through kube-proxy',
      'Over BGP to the VPC router',
    ],
    answer: 1,
    explanation:
      'Cloud-native CNIs make pods first-class in the VPC: no encapsulation, jumbo MTU (9001), security groups apply — and the pod count is bounded by ENI and IP limits.',
    link: lab('vpc-eni', icmp('client', 'web-1')),
  }),
  choice({
    id: 'net-ebpf-different',
    domain: 'cka-networking',
    topic: 'ebpf',
    seedQuestion: 's002-interview-5',
    prompt: 'What makes an eBPF CNI such as Cilium a different kind of datapath?',
    choices: [
      'It uses a faster overlay than VXLAN',
      'Verified programs at kernel hooks (tc, XDP, socket) decide with maps instead of iptables chains, enabling kube-proxy replacement, identity-based policy and flow visibility',
      'It runs packets through a user-space proxy',
      'It removes the need for pod IPs',
    ],
    answer: 1,
    explanation:
      'eBPF is about where decisions are made, not about encapsulation: Cilium can tunnel (VXLAN/Geneve) or route natively. Service lookups become hash-map lookups, policy becomes identity × port entries, Hubble sees every verdict.',
    link: lab('cilium-vxlan', icmp('client', 'web-1')),
  }),
  choice({
    id: 'net-cilium-route-mtu',
    domain: 'cka-troubleshooting',
    topic: 'ebpf',
    prompt: "Cilium in VXLAN tunnel mode: the pod's eth0 says mtu 1500. Why do large DF packets to another node still respect 1450?",
    choices: [
      'Cilium fragments every packet',
      'Cilium keeps the device MTU at 1500 but puts `mtu 1450` on the routes, so the route MTU limits what crosses the tunnel',
      'The underlay is 1450',
      'They do not; they are dropped',
    ],
    answer: 1,
    explanation:
      'Cilium sets the device MTU to the base and the route MTU to base − tunnel overhead. Read `ip route` in the pod, not only `ip link`, when checking MTU on Cilium.',
    link: lab('cilium-vxlan', icmp('client', 'web-1', 1423, true)),
  }),
  choice({
    id: 'net-same-node-ttl',
    domain: 'cka-networking',
    topic: 'same-node',
    prompt: 'Calico BGP: a ping between two pods on the same node comes back with TTL 63, cross-node with TTL 62. Why 63 on the same node?',
    choices: [
      'Calico bridges same-node pods, so nothing routes them',
      'Calico has no bridge: the node routes between the two /32 cali… routes, one IP hop',
      'The pause container decrements it',
      'kube-proxy decrements it',
    ],
    answer: 1,
    explanation: 'Calico is pure L3: every pod packet is routed by its node, so even same-node traffic takes one router hop; cross-node adds the second node.',
    link: lab('calico-bgp', icmp('client', 'web-0')),
  }),
];
