/**
 * The MTU black hole: a pod MTU that ignores the tunnel overhead, PMTUD rescuing it with ICMP
 * "fragmentation needed", and an ICMP filter turning it into a black hole. Facts: REFERENCE.md
 * §1.1 (VXLAN 50 → 1450), §1.4 (ICMP 3/4, PMTU cache 600 s, TCP sets DF, RFC 2923 black holes,
 * iputils messages); seeds 000, 002 "Common mistakes", 003 "Case 2".
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

// public/scenarios/mtu-black-hole.yaml plus a second client on node1 whose route cache is still empty
const scenario = {
  apiVersion: 'podpath/v1',
  kind: 'Scenario',
  metadata: { name: 'lesson-mtu-black-hole', description: 'Pod MTU 1500 on a VXLAN overlay that carries 1450.' },
  cluster: {
    cni: 'flannel',
    mode: 'vxlan',
    podMTU: 1500,
    nodes: [
      { name: 'node1', ip: '192.168.1.10' },
      { name: 'node2', ip: '192.168.1.11' },
    ],
    pods: [
      { name: 'client', node: 'node1' },
      { name: 'batch', node: 'node1' },
      { name: 'web-1', node: 'node2', ports: [8080] },
    ],
  },
};

export const mtuBlackHole: Lesson = {
  id: 'mtu-black-hole',
  title: 'The MTU black hole',
  summary: 'Small requests work, large ones hang: tunnel overhead, path MTU discovery, and the ICMP filter that breaks it.',
  topic: 'mtu',
  domains: ['cka-troubleshooting', 'cka-networking'],
  minutes: 15,
  scenario: { inline: scenario },
  steps: [
    {
      id: 'setup',
      kind: 'explain',
      title: 'A pod MTU that forgot the tunnel',
      body: paras(
        'VXLAN adds 50 bytes to every packet, so on a 1500-byte underlay the pods should get MTU 1450 — Flannel writes `FLANNEL_MTU=1450` for exactly that. In this cluster someone forced the pods to 1500, while `flannel.1` on node1 still carries only 1450.',
        'A packet of 1451 to 1500 bytes leaves the pod happily and reaches node1, where it no longer fits the tunnel. With DF clear, node1 could fragment it; with DF set — which Linux TCP sets on every segment — it must drop it and say so with ICMP type 3 code 4, "fragmentation needed", carrying the next-hop MTU.',
      ),
      seeds: [seedRef('000', 'MTU, Encapsulation, and Node Boundaries'), seedRef('001', 'VXLAN Deep Dive'), seedRef('001', 'Best Practices')],
    },
    {
      id: 'small',
      kind: 'predict',
      title: 'A small ping',
      body: 'The client pings web-1 with the default 56-byte payload and DF set. What happens?',
      probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 56, df: true },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['FRAG_NEEDED', 'LOCAL_EMSGSIZE', 'TUNNEL_FRAG_DROPPED', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('002', 'Common mistakes & troubleshooting')],
    },
    {
      id: 'big',
      kind: 'predict',
      title: 'A full-size ping',
      body: "Now 1472 bytes with DF: a 1500-byte IP packet, which the pod's own 1500 MTU allows. Where does its story end, and why?",
      probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 1472, df: true },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['FRAG_NEEDED', 'LOCAL_EMSGSIZE', 'TUNNEL_FRAG_DROPPED', 'FRAME_TOO_BIG', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/client', reason: 'FRAG_NEEDED' } }],
      seeds: [seedRef('000', 'MTU, Encapsulation, and Node Boundaries')],
    },
    {
      id: 'again',
      kind: 'predict',
      title: 'The same ping, again',
      body: "node1's ICMP told the client's kernel that the path MTU to web-1 is 1450, and the kernel cached it (for 600 seconds by default). The client sends the same 1472-byte DF ping once more. What now?",
      probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 1472, df: true },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['FRAG_NEEDED', 'LOCAL_EMSGSIZE', 'TUNNEL_FRAG_DROPPED', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/client', reason: 'LOCAL_EMSGSIZE' } }],
      seeds: [seedRef('000', 'MTU, Encapsulation, and Node Boundaries')],
    },
    {
      id: 'cache',
      kind: 'investigate',
      title: 'Where the kernel remembers',
      body: paras(
        '`ip route get` in the client shows the cached exception: `cache expires …sec mtu 1450`. `tracepath` discovers the same figure hop by hop, without needing root.',
        'iputils says it two ways: `Frag needed and DF set (mtu = 1450)` when a router refuses, `local error: message too long, mtu=1450` once the sender knows better.',
      ),
      hint: 'In the client pod: `ip route get 10.244.2.2` and `tracepath 10.244.2.2`.',
      goal: {
        kind: 'all',
        text: 'Find the cached path MTU',
        goals: [
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)? get ', where: 'client', text: 'ip route get in the client' },
          { kind: 'ran', pattern: '^tracepath ', where: 'client', text: 'tracepath from the client' },
        ],
      },
      solution: [
        { do: 'command', where: 'client', line: 'ip route get 10.244.2.2' },
        { do: 'command', where: 'client', line: 'tracepath 10.244.2.2' },
      ],
      seeds: [seedRef('001', 'Inside the Pod')],
    },
    {
      id: 'tcp-ok',
      kind: 'send',
      title: 'TCP survives — while ICMP flows',
      body: paras(
        "Send 4000 bytes over TCP from the client to web-1:8080. The client's kernel already holds the path MTU for web-1 (1450), so TCP sizes its segments to fit from the first one, and the transfer completes.",
        'A sender that did not know yet would have its first full-size segment refused by node1 with "fragmentation needed", lower the MSS and resend. Either way PMTUD only works while that ICMP message gets back.',
      ),
      hint: 'Send a TCP probe from client to `web-1:8080` with size 4000.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'web-1', protocol: 'tcp', minSize: 4000 },
        fate: { verdict: 'delivered' },
        text: 'Move 4000 bytes over TCP',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web-1:8080', protocol: 'tcp', size: 4000 } }],
      seeds: [seedRef('003', `Case 2 ${'\u2013'} Flannel VXLAN Packet Loss`)],
    },
    {
      id: 'black-hole',
      kind: 'fix',
      title: 'Small works, large hangs',
      body: paras(
        'A hardening script has just added `-A OUTPUT -p icmp -j DROP` on node1. The ICMP "fragmentation needed" that node1 generates leaves through its own OUTPUT chain, so it is now thrown away. The handshake and small requests still pass; the first full-size segment from batch (a pod with no cached path MTU) vanishes, and TCP retransmits the same size until it gives up. That is the black hole.',
        'Find the rule and remove it, then prove 4000 bytes get through from batch. (Lowering the pod MTU to 1450 or clamping the MSS are the durable fixes; a pod cannot change its own MTU without CAP_NET_ADMIN.)',
      ),
      faults: [{ type: 'block', node: 'node1', protocol: 'icmp', chain: 'OUTPUT' }],
      hint: 'On node1, `iptables -S OUTPUT` shows the rule; `iptables -D OUTPUT -p icmp -j DROP` deletes it.',
      goal: {
        kind: 'reach',
        probe: { from: 'batch', to: 'web-1:8080', protocol: 'tcp', size: 4000 },
        fate: { verdict: 'delivered' },
        text: 'batch moves 4000 bytes to web-1 over TCP',
      },
      solution: [
        { do: 'probe', probe: { from: 'batch', to: 'web-1:8080', protocol: 'tcp', size: 4000, timeout: 2 } },
        { do: 'command', where: 'node1', line: 'iptables -S OUTPUT' },
        { do: 'command', where: 'node1', line: 'iptables -D OUTPUT -p icmp -j DROP' },
      ],
      seeds: [seedRef('002', 'Common mistakes & troubleshooting'), seedRef('001', 'Common Issues & Solutions'), seedRef('000', 'Study Cards')],
    },
  ],
};
