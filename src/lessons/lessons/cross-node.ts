/**
 * Cross-node traffic three ways, side by side: an overlay (Flannel VXLAN), plain routing
 * (Flannel host-gw; Calico BGP does the same with learned routes) and a cloud VPC (AWS VPC
 * CNI). Facts: REFERENCE.md §1.1 (VXLAN 50 bytes → 1450), §1.3 (flannel devices, port 8472),
 * §6.2 (routes), §7 (VPC MTU 9001); seeds 001 §7, §10, 002 "The plugin families".
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

export const crossNode: Lesson = {
  id: 'cross-node',
  title: 'Cross-node: overlay, routed, cloud-native',
  summary: 'The same ping across nodes on three datapaths: what each wraps around the packet, what the underlay must know, and what it costs in MTU.',
  topic: 'cross-node',
  domains: ['cka-networking'],
  minutes: 18,
  scenario: { sample: 'flannel-vxlan' },
  steps: [
    {
      id: 'problem',
      kind: 'explain',
      title: 'The underlay only knows nodes',
      body: paras(
        'client (10.244.1.2 on node1) wants web-1 (10.244.2.2 on node2). The physical network between the nodes only knows 192.168.1.x. There are three ways out:',
        "an overlay wraps the pod packet in a node-to-node packet (VXLAN, Geneve, IP-in-IP) so the underlay never sees pod addresses; routing teaches every node (or the routers) which node owns which pod range, so the packet travels unwrapped; and a cloud-native CNI gives pods real VPC addresses that the cloud's fabric already delivers.",
      ),
      seeds: [
        seedRef('001', 'Solution Approaches'),
        seedRef('002', 'The plugin families: overlay, L3/BGP, and eBPF'),
        seedRef('004', 'CNI Plugins: What They Actually Do'),
        seedRef('000', 'CNI Responsibilities'),
      ],
    },
    {
      id: 'overlay-send',
      kind: 'send',
      title: 'Overlay: wrapped in VXLAN',
      body: paras(
        "Ping web-1. On node1 the route for 10.244.2.0/24 points at `flannel.1`, the VXLAN device; it wraps the frame in outer IPv4 + UDP + VXLAN headers addressed node1 → node2 (UDP port 8472, the Linux default, not IANA's 4789). node2 unwraps it and bridges it to web-1.",
      ),
      hint: 'Send an ICMP probe from client to web-1 and look for the encap and decap hops.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'web-1', protocol: 'icmp' },
        fate: { verdict: 'delivered', throughKind: 'encap' },
        text: 'Ping web-1 through the VXLAN tunnel',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } }],
      seeds: [
        seedRef('001', 'Approach 2: Overlay Network (VXLAN)'),
        seedRef('001', 'Cross-Node Packet Flow (Overlay)'),
        seedRef('003', 'Flannel: Simple Overlay Network'),
        seedRef('002', `Family 1 \u2014 Overlay (encapsulation): VXLAN / Geneve / IP-in-IP`),
        seedRef('001', 'What is an Overlay Network?'),
        seedRef('001', 'Example 2: Observe Cross-Node Communication'),
      ],
    },
    {
      id: 'overlay-look',
      kind: 'investigate',
      title: "The overlay's tables",
      body: paras(
        "Three things on node1 make the tunnel work: a route `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`, a permanent neighbour entry for 10.244.2.0, and an FDB entry on `flannel.1` that maps node2's VTEP MAC to node2's address. `ip -d link show flannel.1` shows the VNI (1), the port (8472) and the MTU: 1450, the underlay's 1500 minus 50 bytes of headers.",
      ),
      hint: 'On node1: `ip route`, `bridge fdb show dev flannel.1`, `ip -d link show flannel.1`.',
      goal: {
        kind: 'all',
        text: 'Read the route, the FDB and the VXLAN device on node1',
        goals: [
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)?( show)?$', where: 'node1', text: 'ip route on node1' },
          { kind: 'ran', pattern: '^bridge fdb show', where: 'node1', text: 'bridge fdb show on node1' },
          { kind: 'ran', pattern: '^ip -d link show flannel\\.1', where: 'node1', text: 'ip -d link show flannel.1' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'ip route' },
        { do: 'command', where: 'node1', line: 'bridge fdb show dev flannel.1' },
        { do: 'command', where: 'node1', line: 'ip -d link show flannel.1' },
      ],
      seeds: [seedRef('001', 'VXLAN Deep Dive'), seedRef('001', 'Routing Tables'), seedRef('001', 'Flannel')],
    },
    {
      id: 'overlay-mtu',
      kind: 'predict',
      title: 'One byte over',
      body: 'The pod MTU is 1450, so the largest ICMP payload with DF that fits is 1450 − 20 (IP) − 8 (ICMP) = 1422 bytes. The client pings web-1 with 1423 bytes and DF set. What happens?',
      probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 1423, df: true },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['LOCAL_EMSGSIZE', 'FRAG_NEEDED', 'TUNNEL_FRAG_DROPPED', 'FRAME_TOO_BIG'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/client', reason: 'LOCAL_EMSGSIZE' } }],
      seeds: [seedRef('001', 'VXLAN Deep Dive'), seedRef('000', 'MTU, Encapsulation, and Node Boundaries')],
    },
    {
      id: 'routed-send',
      kind: 'send',
      title: 'Routed: no wrapping at all',
      scenario: { sample: 'host-gw' },
      body: paras(
        "The same two-pod story on Flannel host-gw. Each node has a plain route per remote pod range via that node's address: `10.244.2.0/24 via 192.168.1.11 dev eth0`. Ping web-1 and look at the trace: a forward on node1, the wire, a forward on node2 — no encap hop, and the pod MTU stays 1500.",
        'Calico in BGP mode builds the same kind of routes, learned over BGP instead of written by flanneld (the Calico BGP lesson breaks it). The price: the underlay must let pod addresses through — same L2 segment, or routers that learn the routes.',
      ),
      hint: 'Send an ICMP probe from client to web-1, then run `ip route` on node1.',
      goal: {
        kind: 'all',
        text: 'Ping across a routed network and read the route',
        goals: [
          {
            kind: 'sent',
            probe: { from: 'client', to: 'web-1', protocol: 'icmp' },
            fate: { verdict: 'delivered', throughKind: 'forward' },
            text: 'Ping web-1 on host-gw',
          },
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)?( show)?$', where: 'node1', text: 'ip route on node1' },
        ],
      },
      solution: [
        { do: 'probe', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } },
        { do: 'command', where: 'node1', line: 'ip route' },
      ],
      seeds: [
        seedRef('001', 'Approach 1: Layer 3 Routing'),
        seedRef('002', `Family 2 \u2014 L3 routing / BGP (no encapsulation)`),
        seedRef('003', `Cross\u2011Node Pod Communication Modes`),
      ],
    },
    {
      id: 'routed-mtu',
      kind: 'predict',
      title: 'A full-size frame, routed',
      scenario: { sample: 'host-gw' },
      body: 'On host-gw nothing wraps the packet. The client pings web-2 (on node3) with a 1472-byte payload and DF set — a full 1500-byte IP packet. What happens?',
      probe: { from: 'client', to: 'web-2', protocol: 'icmp', size: 1472, df: true },
      atChoices: ['pod:default/client', 'node1', 'node3', 'pod:default/web-2'],
      reasonChoices: ['LOCAL_EMSGSIZE', 'FRAG_NEEDED', 'FRAME_TOO_BIG', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('002', 'The comparison that matters')],
    },
    {
      id: 'cloud-send',
      kind: 'investigate',
      title: 'Cloud-native: pods are VPC addresses',
      scenario: { sample: 'vpc-eni' },
      body: paras(
        "On the AWS VPC CNI, pods take secondary addresses of the node's ENIs, in the VPC subnet itself (10.0.0.0/20 here). There is no bridge and no tunnel: the node routes each pod /32 to its veth, and the VPC fabric delivers a pod address to the ENI that holds it. Security groups apply to pod traffic, and the MTU is the VPC's 9001.",
        'List the pods (their IPs are VPC addresses) and ping web-1 on node2.',
      ),
      hint: 'Run `kubectl get pods -o wide` and send an ICMP probe from client to web-1.',
      goal: {
        kind: 'all',
        text: 'See VPC pod addresses and ping across nodes',
        goals: [
          { kind: 'ran', pattern: '^kubectl get pods? .*-o wide', text: 'kubectl get pods -o wide' },
          { kind: 'sent', probe: { from: 'client', to: 'web-1', protocol: 'icmp' }, fate: { verdict: 'delivered' }, text: 'Ping web-1 through the VPC' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'kubectl get pods -o wide' },
        { do: 'probe', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } },
      ],
      seeds: [seedRef('001', 'Approach 3: Cloud Provider Native'), seedRef('004', 'Which CNI Should I Use?')],
    },
    {
      id: 'cloud-mtu',
      kind: 'predict',
      title: 'Jumbo frames in the VPC',
      scenario: { sample: 'vpc-eni' },
      body: 'The VPC carries 9001-byte packets. The client pings web-1 with 8973 bytes and DF (9001 − 28). What happens?',
      probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 8973, df: true },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['LOCAL_EMSGSIZE', 'FRAG_NEEDED', 'FRAME_TOO_BIG', 'SECURITY_GROUP'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('002', 'IPAM: who hands out the Pod IPs')],
    },
    {
      id: 'compare',
      kind: 'explain',
      title: 'Side by side',
      body: paras(
        'Overlay (Flannel VXLAN): works on any IP network; 50 bytes per packet (outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14), pod MTU 1450. IP-in-IP costs 20 bytes (1480), WireGuard 80 (1420).',
        'Routed (host-gw, Calico BGP): no wrapping, full MTU, easy to read with `ip route` — but the underlay must carry pod addresses, so it needs L2 adjacency or BGP with the routers.',
        'Cloud-native (AWS VPC CNI, Azure CNI, GKE): pods are first-class VPC addresses with cloud security groups and no overlay — bounded by the ENI and IP-per-instance limits (the IPAM lesson).',
        "The lab's Compare view runs the same probes on every shape and shows the overhead and the largest DF payload each one carries.",
      ),
      simplification: 'Throughput and CPU cost are not modelled: the lab compares paths, headers and MTUs, not speed.',
      seeds: [
        seedRef('002', 'The comparison that matters'),
        seedRef('001', 'Popular CNI Plugins Comparison'),
        seedRef('001', 'IPinIP Encapsulation'),
        seedRef('001', 'Geneve (Alternative to VXLAN)'),
        seedRef('003', 'Popular CNI Plugins in 2026'),
      ],
    },
  ],
};
