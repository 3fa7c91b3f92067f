/**
 * Multiple choice: the three address ranges, IPAM and its limits (host-local, Calico blocks, AWS ENIs),
 * same-node plumbing. Facts from the seeds and REFERENCE.md §7; wording ours.
 */
import type { Question } from '../types';
import { choice, icmp, lab } from './build';

export const IPAM_QUESTIONS: readonly Question[] = [
  choice({
    id: 'model-three-ranges',
    domain: 'cka-architecture',
    topic: 'ipam',
    seedQuestion: 's002-quick-1',
    prompt: 'Which pairing of range and allocator is right?',
    choices: [
      'Pod IPs: kube-apiserver; Service IPs: the CNI plugin; node IPs: kubelet',
      'Pod IPs: the CNI plugin through IPAM, from the pod CIDR; ClusterIPs: the API server, from --service-cluster-ip-range; node IPs: the infrastructure (DHCP, VPC)',
      'Pod IPs: CoreDNS; Service IPs: kube-proxy; node IPs: the CNI plugin',
      'All three come from one cluster CIDR handed out by kube-controller-manager',
    ],
    answer: 1,
    explanation:
      'Keep the three apart: pod CIDR (e.g. 10.244.0.0/16, a /24 per node), Service CIDR (e.g. 10.96.0.0/12) and the node network. They must not overlap.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'model-pod-ip-origin',
    domain: 'cka-networking',
    topic: 'ipam',
    seedQuestion: 's004-check-2',
    prompt: "On a Flannel cluster, where does a new pod's IP come from?",
    choices: [
      "The host-local IPAM plugin picks a free address from the node's own /24 slice of 10.244.0.0/16 during CNI ADD",
      'kube-scheduler assigns it when it binds the pod',
      'The API server allocates it from the Service CIDR',
      'Docker picks it from docker0',
    ],
    answer: 0,
    explanation:
      'Flannel leases each node a subnet (FLANNEL_SUBNET in /run/flannel/subnet.env) and delegates to the bridge plugin with host-local IPAM over it. The runtime returns the address to the kubelet, which records it in the pod status.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'model-ipam-exhaustion',
    domain: 'cka-troubleshooting',
    topic: 'ipam',
    seedQuestion: 's002-interview-8',
    prompt: 'New pods on one node hang in ContainerCreating with "failed to allocate for range: no IP addresses available". What happened?',
    choices: [
      'CoreDNS is down',
      "The node's IPAM range is exhausted — the slice is full, or addresses leaked after an unclean shutdown",
      'The Service CIDR is exhausted',
      'The image cannot be pulled',
    ],
    answer: 1,
    explanation:
      'host-local keeps one file per allocation under /var/lib/cni/networks/<net>/; a /24 gives about 254 pods whatever maxPods says, and stale files after a crash can exhaust it. Fixes: a larger per-node CIDR, lower maxPods, clearing leaked allocations. On VPC CNIs the limit is ENIs × IPs per ENI.',
    link: lab('vpc-eni', undefined, [{ type: 'ipam-exhaust', node: 'node2', pod: 'web-4' }]),
  }),
  choice({
    id: 'model-eni-max-pods',
    domain: 'cka-architecture',
    topic: 'ipam',
    prompt: 'AWS VPC CNI on an m5.large (3 ENIs, 10 IPv4 addresses each). How many pods can the node run by default?',
    choices: ['30', '27', '29', '110'],
    answer: 2,
    explanation:
      "maxPods = ENIs × (IPs per ENI − 1) + 2 = 3 × 9 + 2 = 29. Each ENI's primary address is not given to pods, and the +2 covers the hostNetwork pods (aws-node, kube-proxy).",
    link: lab('vpc-eni'),
  }),
  choice({
    id: 'model-eni-t3-small',
    domain: 'cka-troubleshooting',
    topic: 'ipam',
    prompt: 'A t3.small node (3 ENIs × 4 IPv4 each) on the AWS VPC CNI refuses its 12th pod. Why?',
    choices: [
      'The pod CIDR /24 is full',
      'maxPods is 3 × (4 − 1) + 2 = 11: the ENI address limit is reached',
      'The security group is full',
      'kube-proxy limits Services per node',
    ],
    answer: 1,
    explanation:
      "Pods take real VPC secondary IPs from the node's ENIs, so the instance type caps the pod count. Bigger instances, prefix delegation or a different CNI mode raise it.",
    link: lab('vpc-eni'),
  }),
  choice({
    id: 'model-same-node-path',
    domain: 'cka-networking',
    topic: 'same-node',
    prompt: 'On a Flannel node, pod A pings pod B on the same node. Which path does the packet take?',
    choices: [
      "A's eth0 → veth → cni0 bridge (→ node IP layer) → veth → B's eth0; no encapsulation",
      "A's eth0 → flannel.1 → eth0 → back in through flannel.1",
      "A's eth0 → the underlay gateway → B",
      'Through kube-proxy on the node',
    ],
    answer: 0,
    explanation:
      'Same-node traffic stays in the node: veth pairs into the cni0 bridge. Tunnels, node routes and cloud routing only matter between nodes — which is why comparing same-node with cross-node splits the problem in two.',
    link: lab('flannel-vxlan', icmp('client', 'web-0')),
  }),
  choice({
    id: 'model-veth',
    domain: 'cka-networking',
    topic: 'same-node',
    prompt: "What connects a pod's network namespace to its node?",
    choices: [
      'A veth pair: eth0 inside the pod, the other end in the node namespace (on a bridge, a routed interface or an eBPF program)',
      'A VXLAN device inside the pod',
      'A Unix socket',
      'The pod shares the node namespace by default',
    ],
    answer: 0,
    explanation:
      'A veth pair is a virtual cable: what enters one end leaves the other. Flannel attaches the host end to cni0; Calico leaves it unbridged (cali…, proxy ARP, /32 routes); Cilium hangs tc programs on its lxc… end.',
    link: lab('calico-bgp', icmp('client', 'web-0')),
  }),
  choice({
    id: 'model-calico-169',
    domain: 'cka-networking',
    topic: 'same-node',
    prompt: 'Inside a Calico pod, `ip route` shows `default via 169.254.1.1 dev eth0`. Who answers ARP for 169.254.1.1?',
    choices: [
      'A CoreDNS pod',
      "The host side of the pod's cali… veth, by proxy ARP (it has no IP of its own)",
      'The underlay gateway',
      'Nobody; the route is unused',
    ],
    answer: 1,
    explanation:
      "Calico gives the pod a /32 and a dummy next hop. The host veth (MAC ee:ee:ee:ee:ee:ee) has proxy_arp on and answers for any address, so every packet from the pod is routed by the node. Turn proxy ARP off and the pod can't resolve its gateway.",
    link: lab('calico-bgp', icmp('client', 'web-1'), [{ type: 'proxy-arp', node: 'node1', pod: 'client', on: false }]),
  }),
  choice({
    id: 'model-overlapping-pod-cidrs',
    domain: 'cka-troubleshooting',
    topic: 'ipam',
    prompt: 'Two nodes were given overlapping pod CIDRs. What symptom should you expect?',
    choices: [
      'Nothing; the CNI renumbers them',
      'Traffic to some pods is routed to the wrong node, and duplicate pod IPs can appear',
      'All Services stop',
      'DNS returns NXDOMAIN for pods',
    ],
    answer: 1,
    explanation:
      'Each node owns a distinct slice so a destination address identifies one node. Overlap breaks that: routes point at the wrong node and two pods can hold one address. Check `kubectl describe node` (PodCIDR) and the node routes.',
    link: lab('host-gw'),
  }),
  choice({
    id: 'model-pod-ip-stability',
    domain: 'cka-workloads',
    topic: 'model',
    prompt: 'Why should clients never hard-code a pod IP?',
    choices: [
      'Pod IPs are IPv6 only',
      'A pod gets a new IP when it is recreated; a Service name (DNS → ClusterIP → endpoints) follows the pods',
      'Pod IPs are NATed',
      'Pod IPs are only reachable from the same node',
    ],
    answer: 1,
    explanation:
      'Pods are cattle: a rescheduled or restarted pod is a new sandbox with a new address. Services and their EndpointSlices track the current set; DNS names the Service.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'model-cni-families',
    domain: 'cka-networking',
    topic: 'cni',
    seedQuestion: 's002-quick-3',
    prompt: 'Which grouping of CNI families is right?',
    choices: [
      'Overlay (encapsulation: VXLAN/Geneve/IP-in-IP, e.g. Flannel), L3/BGP routing (no encapsulation, e.g. Calico), eBPF (programmable kernel datapath, e.g. Cilium)',
      'Bridge, macvlan, ipvlan',
      'iptables, IPVS, nftables',
      'ClusterIP, NodePort, LoadBalancer',
    ],
    answer: 0,
    explanation:
      'Cloud VPC CNIs (AWS, Azure, GKE) are a fourth shape: pods take addresses from the VPC itself. eBPF is orthogonal to encapsulation — Cilium can tunnel or route natively.',
    link: lab('cilium-vxlan'),
  }),
];
