/**
 * Calico in BGP mode and what a dead BGP session looks like: same-node fine, cross-node gone,
 * the routes learned `proto bird` missing. Facts: seed 003 "Case 1 – Calico BGP Neighbor
 * Failure" (TCP 179, calicoctl node status, routes), 002 "Family 2"; REFERENCE.md §6.2 (Calico
 * routes: blackhole local block, /32 per pod, `proto bird`; calicoctl node status format).
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

function bgpScenario(name: string, faults: readonly unknown[] = []) {
  return {
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name, description: 'Calico BGP mode with the pod pool 10.244.0.0/16: /26 blocks, routes over the BIRD mesh.' },
    cluster: {
      cni: 'calico',
      mode: 'bgp',
      podCIDR: '10.244.0.0/16',
      nodes: [
        { name: 'node1', ip: '192.168.1.10' },
        { name: 'node2', ip: '192.168.1.11' },
      ],
      pods: [
        { name: 'client', node: 'node1', labels: { app: 'client' } },
        { name: 'web-0', node: 'node1', labels: { app: 'web' }, ports: [8080] },
        { name: 'web-1', node: 'node2', labels: { app: 'web' }, ports: [8080] },
      ],
    },
    faults,
  };
}

export const calicoBgp: Lesson = {
  id: 'calico-bgp',
  title: 'Calico BGP: when the session drops',
  summary: 'Routed pods learn their way across nodes over BGP. Break a session, read the symptoms, and route around it.',
  topic: 'bgp',
  domains: ['cka-troubleshooting', 'cka-networking'],
  minutes: 15,
  scenario: { inline: bgpScenario('lesson-calico-bgp') },
  steps: [
    {
      id: 'how',
      kind: 'explain',
      title: 'Routes learned, not configured',
      body: paras(
        'calico-ipam gives each node blocks of the pool (a /26 here: node1 has 10.244.0.0/26, node2 10.244.0.64/26). Each pod is a /32 route to its `cali…` veth — no bridge. calico-node runs Felix, which programs routes and policy, and BIRD, a BGP speaker that tells every other node "this block is behind me" over a full node-to-node mesh on TCP 179.',
        'The routes BIRD installs carry `proto bird`; the local block is a `blackhole` route so nothing leaks to the default route. No encapsulation: the underlay carries pod addresses as they are.',
      ),
      seeds: [
        seedRef('003', 'Calico: BGP Routing and NetworkPolicy'),
        seedRef('002', `Family 2 \u2014 L3 routing / BGP (no encapsulation)`),
        seedRef('001', 'Calico'),
      ],
    },
    {
      id: 'healthy',
      kind: 'investigate',
      title: 'A healthy mesh',
      body: "On node1, check the BGP peers (node2 should be `Established`) and the route table: node2's block `via 192.168.1.11 dev eth0 proto bird`.",
      hint: 'On node1: `calicoctl node status` and `ip route`.',
      goal: {
        kind: 'all',
        text: 'Read the BGP status and the learned routes',
        goals: [
          { kind: 'ran', pattern: '^calicoctl node status', where: 'node1', text: 'calicoctl node status on node1' },
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)?( show)?$', where: 'node1', text: 'ip route on node1' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'calicoctl node status' },
        { do: 'command', where: 'node1', line: 'ip route' },
      ],
      seeds: [seedRef('003', `Case 1 ${'\u2013'} Calico BGP Neighbor Failure`)],
    },
    {
      id: 'routed-ping',
      kind: 'send',
      title: 'Across, unwrapped',
      body: 'Ping web-1 from the client. The trace shows routing on both nodes and no encap hop: the underlay forwards 10.244.0.64 to node2 because node1 learned where it lives.',
      hint: 'Send an ICMP probe from client to web-1.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'web-1', protocol: 'icmp' },
        fate: { verdict: 'delivered', throughKind: 'forward' },
        text: 'Ping web-1 across the routed network',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } }],
      seeds: [seedRef('003', `Cross${'\u2011'}Node Pod Communication Modes`)],
    },
    {
      id: 'guess',
      kind: 'predict',
      title: 'BIRD stops on node2',
      scenario: { inline: bgpScenario('lesson-calico-bgp-down', [{ type: 'bgp-down', node: 'node2' }]) },
      body: "On this copy of the cluster, node2's BGP session is down (say a firewall now drops TCP 179). node1 withdraws the route to node2's block. The client pings web-1. Where does the echo request end, and why?",
      probe: { from: 'client', to: 'web-1', protocol: 'icmp', timeout: 1 },
      atChoices: ['pod:default/client', 'node1', 'router', 'node2'],
      reasonChoices: ['BLACKHOLE_ROUTE', 'NO_ROUTE', 'NET_UNREACHABLE', 'FILTERED', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'router', reason: 'BLACKHOLE_ROUTE' } }],
      simplification:
        'The underlay router has no route for pod addresses and discards them with a blackhole default; a real router might send them to its own default route or answer with ICMP unreachable.',
      seeds: [seedRef('003', `Case 1 ${'\u2013'} Calico BGP Neighbor Failure`)],
    },
    {
      id: 'repair',
      kind: 'fix',
      title: 'Same node works, cross node does not',
      body: paras(
        "node2's BGP speaker is down. Pods on one node still talk (their /32 routes are local), but node1 has lost the route to 10.244.0.64/26, so packets for web-1 follow the default route to the underlay router, which drops them.",
        "Confirm it with `calicoctl node status` and `ip route` on node1. The lasting fix is to bring the session back (open TCP 179 between nodes, check calico-node and BIRD's logs). Until then, a static route on node1 restores the path: `ip route add 10.244.0.64/26 via 192.168.1.11`.",
      ),
      faults: [{ type: 'bgp-down', node: 'node2' }],
      hint: 'On node1: `ip route add 10.244.0.64/26 via 192.168.1.11`.',
      goal: {
        kind: 'reach',
        probe: { from: 'client', to: 'web-1', protocol: 'icmp' },
        fate: { verdict: 'delivered' },
        text: 'The client reaches web-1 again',
      },
      solution: [
        { do: 'command', where: 'node1', line: 'calicoctl node status' },
        { do: 'command', where: 'node1', line: 'ip route' },
        { do: 'command', where: 'node1', line: 'ip route add 10.244.0.64/26 via 192.168.1.11' },
      ],
      seeds: [seedRef('003', `Case 1 ${'\u2013'} Calico BGP Neighbor Failure`), seedRef('003', `Cross${'\u2011'}Node Communication Failure Cases`)],
    },
  ],
};
