/**
 * Same-node pod traffic: pod eth0 → veth → cni0 bridge → veth → pod, no encapsulation and no
 * routing between nodes. Facts: seed 001 §6, 003 "Pod Network Communication Path"; the lab's
 * Flannel bridge (REFERENCE.md §1.3: cni0, hairpinMode, mtu = FLANNEL_MTU).
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

export const sameNode: Lesson = {
  id: 'same-node',
  title: 'Same node: a veth, a bridge, a veth',
  summary: 'Follow a packet between two pods on one node, and see why this path is the first thing to compare when something breaks.',
  topic: 'same-node',
  domains: ['cka-networking'],
  minutes: 10,
  scenario: { sample: 'flannel-vxlan' },
  steps: [
    {
      id: 'path',
      kind: 'explain',
      title: 'The shortest path in the cluster',
      body: paras(
        "client and web-0 both live on node1. Each pod's `eth0` is one end of a veth pair; the other end sits in node1's root namespace, plugged into the Linux bridge `cni0` as a port.",
        "A packet from client to web-0 leaves through `eth0`, comes out of the host-side veth, and the bridge looks up web-0's MAC in its forwarding table and sends the frame out of web-0's veth. No tunnel header, no route between nodes, no user-space hop: plain layer-2 switching inside one kernel.",
      ),
      seeds: [
        seedRef('001', 'Step-by-Step Packet Flow'),
        seedRef('001', 'Virtual Ethernet (veth) Pairs'),
        seedRef('001', 'Linux Bridge'),
        seedRef('003', 'Pod Network Communication Path'),
        seedRef('004', 'Concrete Example'),
      ],
      diagram: { highlight: ['pod:default/client', 'pod:default/web-0', 'node1'] },
    },
    {
      id: 'guess',
      kind: 'predict',
      title: 'Ping the neighbour',
      body: 'client pings web-0 on the same node. Does the echo come back, and if not, where does it stop?',
      probe: { from: 'client', to: 'web-0', protocol: 'icmp' },
      atChoices: ['pod:default/client', 'node1', 'pod:default/web-0'],
      reasonChoices: ['NO_FDB_ENTRY', 'FILTERED', 'NEIGH_FAILED'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('001', 'Example 1: Observe Same-Node Communication')],
    },
    {
      id: 'bridge-hop',
      kind: 'send',
      title: 'Watch the bridge switch it',
      body: 'Ping web-0 from the client and step through the trace: the `bridge` hop names the forwarding-table entry it used, and there is no `encap` hop anywhere.',
      hint: 'Send an ICMP probe from client to web-0.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'web-0', protocol: 'icmp' },
        fate: { verdict: 'delivered', throughKind: 'bridge' },
        text: 'Ping web-0 through cni0',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web-0', protocol: 'icmp' } }],
      seeds: [seedRef('001', 'Step-by-Step Packet Flow')],
    },
    {
      id: 'look',
      kind: 'investigate',
      title: "The bridge's side of the story",
      body: paras(
        "On node1, list the bridge's forwarding database: one entry per port, each a host-side veth (plus cni0 itself). Then traceroute from the client to web-0's address: a single hop, because the bridge forwards frames and never decrements a TTL.",
      ),
      hint: 'On node1: `bridge fdb show br cni0`. In the client pod: `traceroute 10.244.1.3`.',
      goal: {
        kind: 'all',
        text: 'Read the bridge FDB and traceroute a neighbour',
        goals: [
          { kind: 'ran', pattern: '^bridge fdb show', where: 'node1', text: 'bridge fdb show on node1' },
          { kind: 'ran', pattern: '^traceroute ', where: 'client', text: 'traceroute from the client' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'bridge fdb show br cni0' },
        { do: 'command', where: 'client', line: 'traceroute 10.244.1.3' },
      ],
      seeds: [seedRef('001', 'Verification Commands'), seedRef('001', 'On the Node')],
    },
    {
      id: 'contrast',
      kind: 'send',
      title: 'Now cross the node boundary',
      body: paras(
        'Ping web-1 on node2 and compare the two traces. The cross-node one adds a route lookup on node1, a VXLAN encapsulation on `flannel.1`, the underlay wire and a decapsulation on node2.',
        'That difference is why troubleshooting starts by comparing the two paths: if same-node works and cross-node fails, the application and its listener are fine — look at node routes, the tunnel, the MTU, cloud security groups or the CNI agents instead.',
      ),
      hint: 'Send an ICMP probe from client to web-1.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'web-1', protocol: 'icmp' },
        fate: { verdict: 'delivered', throughKind: 'encap' },
        text: 'Ping web-1 across the overlay',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } }],
      seeds: [
        seedRef('000', 'Pod Packet Paths'),
        seedRef('001', "Why It's Fast"),
        seedRef('001', 'Quick Reference'),
        seedRef('004', 'Mini Drill or Application'),
      ],
    },
  ],
};
