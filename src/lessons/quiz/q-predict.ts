/**
 * "Predict the packet": a scenario, a probe, and the learner commits to a fate before the trace
 * plays. The answer key is the engine's own trace (core predictionKey) — nothing here types it in;
 * quiz.test.ts checks that the key's place and reason are among the choices offered.
 */
import type { Question } from '../types';
import { icmp, lab, pod, predict, sample, tcp } from './build';

const N1 = 'node1';
const N2 = 'node2';

export const PREDICT_QUESTIONS: readonly Question[] = [
  predict({
    id: 'predict-same-node-ping',
    domain: 'cka-networking',
    topic: 'same-node',
    prompt: 'Flannel VXLAN, no faults. `client` and `web-0` both run on node1. What happens to a 56-byte ping from client to web-0?',
    explanation:
      'Both pods hang off the same cni0 bridge, so the packet never reaches flannel.1 or the underlay: veth → bridge → veth, one routed hop through the node. Same-node traffic needs no encapsulation at all.',
    link: lab('flannel-vxlan', icmp('client', 'web-0', 56)),
    scenario: sample('flannel-vxlan'),
    probe: icmp('client', 'web-0', 56),
    atChoices: [pod('client'), N1, N2, pod('web-0')],
    reasonChoices: ['DELIVERED', 'NO_FDB_ENTRY', 'FILTERED', 'TIMEOUT'],
  }),
  predict({
    id: 'predict-vxlan-port-blocked',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: 'Someone added `iptables -I INPUT -p udp --dport 8472 -j DROP` on node2. Where and why does a ping from client (node1) to web-1 (node2) end?',
    explanation:
      'Flannel VXLAN carries pod packets inside UDP to port 8472 (the Linux default VXLAN port, not IANA 4789). node2 drops the outer datagram in INPUT before flannel.1 ever sees it, silently: the ping times out. Same-node traffic is untouched, which is the classic "same-node works, cross-node fails" pattern.',
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }],
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['FILTERED', 'NO_FDB_ENTRY', 'PORT_UNREACHABLE', 'FRAME_TOO_BIG'],
  }),
  predict({
    id: 'predict-frag-needed',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt: 'The pods were given MTU 1500 on a VXLAN overlay. client sends a 1472-byte ping with DF set to web-1 on the other node. What comes back?',
    explanation:
      'A 1472-byte payload makes a 1500-byte IP packet, but flannel.1 carries only 1450 (1500 minus 50 bytes of VXLAN overhead). With DF set, node1 refuses it and answers ICMP type 3 code 4 with mtu 1450; the client caches that path MTU. PMTUD is working here — the hard case is when that ICMP is filtered.',
    link: lab('mtu-black-hole', icmp('client', 'web-1', 1472, true)),
    scenario: sample('mtu-black-hole'),
    probe: icmp('client', 'web-1', 1472, true),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['FRAG_NEEDED', 'LOCAL_EMSGSIZE', 'FRAME_TOO_BIG', 'TUNNEL_FRAG_DROPPED'],
  }),
  predict({
    id: 'predict-pmtu-black-hole',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt:
      'Same MTU-1500-on-VXLAN lab, but node1 now drops every ICMP packet it sends (`iptables -A OUTPUT -p icmp -j DROP`). client opens TCP to web-1:8080 and sends 4000 bytes. What happens?',
    explanation:
      'The handshake is small and succeeds; the full-size segments do not fit flannel.1, and the "fragmentation needed" that would tell the client to shrink them never leaves node1. TCP retransmits the same size until it gives up: a PMTU black hole — small works, large hangs. Fix the MTU, or clamp MSS, rather than rely on ICMP.',
    link: lab('mtu-black-hole', tcp('client', 'web-1:8080', 4000), [{ type: 'block', node: 'node1', protocol: 'icmp', chain: 'OUTPUT' }]),
    scenario: sample('mtu-black-hole'),
    faults: [{ type: 'block', node: 'node1', protocol: 'icmp', chain: 'OUTPUT' }],
    probe: tcp('client', 'web-1:8080', 4000),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['PMTUD_BLACK_HOLE', 'FRAG_NEEDED', 'CONNECTION_REFUSED', 'FILTERED'],
  }),
  predict({
    id: 'predict-underlay-mtu',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt: "host-gw routing; node2's NIC was set to MTU 1400 while node1's is 1500. client pings web-1 with 1472 bytes and DF. What happens?",
    explanation:
      "node1 forwards a 1500-byte packet because its own eth0 takes 1500. The frame arrives at node2's eth0, which is too small for it, and is discarded without any ICMP: nobody on the path had a smaller next-hop MTU to report. This is a true black hole; only a consistent underlay MTU fixes it.",
    link: lab('broken-underlay', icmp('client', 'web-1', 1472, true)),
    scenario: sample('broken-underlay'),
    probe: icmp('client', 'web-1', 1472, true),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['FRAME_TOO_BIG', 'FRAG_NEEDED', 'LOCAL_EMSGSIZE', 'NEIGH_FAILED'],
  }),
  predict({
    id: 'predict-wireguard-mtu',
    domain: 'cks-microservices',
    topic: 'mtu',
    prompt: 'Flannel WireGuard (pod MTU 1420). client pings web-1 with a 1393-byte payload and DF set. What happens?',
    explanation:
      "1393 + 8 (ICMP) + 20 (IP) = 1421 bytes, one more than the 1420 the pod's interface allows (WireGuard reserves 80 bytes). The client's own stack refuses to send it: EMSGSIZE, nothing leaves the pod. Encryption costs MTU, and that cost must be in the pod MTU.",
    link: lab('flannel-wireguard', icmp('client', 'web-1', 1393, true)),
    scenario: sample('flannel-wireguard'),
    probe: icmp('client', 'web-1', 1393, true),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['LOCAL_EMSGSIZE', 'FRAG_NEEDED', 'FRAME_TOO_BIG', 'LOCAL_ENOKEY'],
  }),
  predict({
    id: 'predict-no-fdb',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: "On node1, flannel.1's FDB entry for node2's VTEP was deleted. What happens to a ping from client to web-1?",
    explanation:
      'The route and the neighbour entry still say "send to 10.244.2.0 on flannel.1", but flannel.1 no longer knows which node IP owns that VTEP MAC (flannel runs VXLAN with learning off). With no FDB entry there is no outer destination, and the frame is dropped on node1. `bridge fdb show dev flannel.1` shows the gap.',
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'delete-fdb', node: 'node1', device: 'flannel.1', peer: 'node2' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'delete-fdb', node: 'node1', device: 'flannel.1', peer: 'node2' }],
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['NO_FDB_ENTRY', 'NEIGH_FAILED', 'BLACKHOLE_ROUTE', 'FILTERED'],
  }),
  predict({
    id: 'predict-missing-pod-route',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: "node1 lost its route to node2's pod subnet (10.244.2.0/24 via flannel.1). Where does a ping from client to web-1 end up?",
    explanation:
      "Without the specific route, node1 falls back to its default route and hands the pod packet to the underlay gateway, which knows nothing about pod addresses (they are the CNI's, not the network's) and discards it. Check `ip route` on the node before suspecting the tunnel.",
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'delete-route', node: 'node1', dst: '10.244.2.0/24' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'delete-route', node: 'node1', dst: '10.244.2.0/24' }],
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['BLACKHOLE_ROUTE', 'NET_UNREACHABLE', 'NO_ROUTE', 'NO_FDB_ENTRY'],
  }),
  predict({
    id: 'predict-ip-forward-off',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: 'host-gw across three nodes; on node2 `net.ipv4.ip_forward` was set to 0. What happens to a ping from client (node1) to web-1 (node2)?',
    explanation:
      "The packet reaches node2 fine, addressed to a pod IP that is not node2's own. A host that does not forward drops it. Every CNI that routes pod traffic through the host needs ip_forward=1; kubeadm's preflight checks it for this reason.",
    link: lab('host-gw', icmp('client', 'web-1'), [{ type: 'sysctl', node: 'node2', key: 'net.ipv4.ip_forward', value: 0 }]),
    scenario: sample('host-gw'),
    faults: [{ type: 'sysctl', node: 'node2', key: 'net.ipv4.ip_forward', value: 0 }],
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['NOT_FORWARDING', 'RP_FILTER', 'FILTERED', 'BLACKHOLE_ROUTE'],
  }),
  predict({
    id: 'predict-bgp-down',
    domain: 'cka-troubleshooting',
    topic: 'bgp',
    prompt:
      "Calico BGP mode (no encapsulation). node2's BIRD stopped, so its /26 block is withdrawn from node1. What happens to a ping from client (node1) to web-1 (node2)?",
    explanation:
      "In BGP mode the only thing that tells node1 where node2's block lives is the `proto bird` route. Once it is withdrawn node1 uses its default route, and the underlay gateway has no idea about pod blocks. Same-node pings keep working — check `calicoctl node status` and TCP 179 between nodes.",
    link: lab('calico-bgp', icmp('client', 'web-1'), [{ type: 'bgp-down', node: 'node2' }]),
    scenario: sample('calico-bgp'),
    faults: [{ type: 'bgp-down', node: 'node2' }],
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['BLACKHOLE_ROUTE', 'NO_ROUTE', 'FILTERED', 'TIMEOUT'],
  }),
  predict({
    id: 'predict-bgp-down-same-node',
    domain: 'cka-troubleshooting',
    topic: 'bgp',
    prompt: "With node2's BGP session down, what happens to a ping from client to web-0 — both on node1?",
    explanation:
      'A local pod is a /32 route behind its cali… veth on the same node: BGP is not involved. Same-node success with cross-node failure points at routing between nodes, not at the pods.',
    link: lab('calico-bgp', icmp('client', 'web-0'), [{ type: 'bgp-down', node: 'node2' }]),
    scenario: sample('calico-bgp'),
    faults: [{ type: 'bgp-down', node: 'node2' }],
    probe: icmp('client', 'web-0'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['DELIVERED', 'BLACKHOLE_ROUTE', 'NO_ROUTE', 'TIMEOUT'],
  }),
  predict({
    id: 'predict-security-group',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: "AWS VPC CNI; the nodes' security group stopped allowing ICMP between nodes. What happens to a ping from client (node1) to web-1 (node2)?",
    explanation:
      "Pod IPs are real VPC addresses, so the cloud's security groups apply to pod traffic. The VPC drops the packet at node2's ENI without a word: no ICMP error, no RST. A TCP connection on an allowed port still works — firewalling outside Kubernetes is step 6 of the troubleshooting flow.",
    link: lab('vpc-eni', icmp('client', 'web-1'), [{ type: 'security-group', protocol: 'icmp' }]),
    scenario: sample('vpc-eni'),
    faults: [{ type: 'security-group', protocol: 'icmp' }],
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['SECURITY_GROUP', 'FILTERED', 'VPC_POLICY_DENIED', 'ADMIN_PROHIBITED'],
  }),
];
