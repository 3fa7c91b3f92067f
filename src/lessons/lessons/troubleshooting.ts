/**
 * The seeds' eight-step troubleshooting flow (seed 000 "Troubleshooting Flow") walked as one
 * guided incident: a host firewall on node2 drops Flannel's VXLAN port. Facts: REFERENCE.md
 * §1.2 (Linux VXLAN port 8472), §1.3 (flannel.1), §6.2 (routes, FDB); seed 001 "Common Issues"
 * (Issue 4: a firewall blocking the VXLAN port), 002 "Common mistakes & troubleshooting".
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

// public/scenarios/services-dns.yaml with node2's INPUT chain dropping UDP 8472
const scenario = {
  apiVersion: 'podpath/v1',
  kind: 'Scenario',
  metadata: { name: 'lesson-incident-vxlan', description: 'Requests to web pods on node2 time out since this morning.' },
  cluster: {
    cni: 'flannel',
    mode: 'vxlan',
    nodes: [
      { name: 'node1', ip: '192.168.1.10' },
      { name: 'node2', ip: '192.168.1.11' },
      { name: 'node3', ip: '192.168.1.12' },
    ],
    namespaces: [{ name: 'prod', labels: { env: 'prod' } }],
    pods: [
      { name: 'client', namespace: 'default', node: 'node1', labels: { app: 'client' } },
      { name: 'web-0', namespace: 'prod', node: 'node1', labels: { app: 'web' }, ports: [8080], ip: '10.244.1.10' },
      { name: 'web-1', namespace: 'prod', node: 'node2', labels: { app: 'web' }, ports: [8080], ip: '10.244.2.10' },
      { name: 'web-2', namespace: 'prod', node: 'node3', labels: { app: 'web' }, ports: [8080], ip: '10.244.3.10' },
    ],
    services: [
      {
        name: 'web',
        namespace: 'prod',
        clusterIP: '10.96.100.10',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    ],
  },
  faults: [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }],
};

export const troubleshooting: Lesson = {
  id: 'troubleshooting',
  title: 'Incident: one in three requests hangs',
  summary: 'Work a real-looking ticket through the eight-step flow, from comparing paths to the firewall rule that caused it.',
  topic: 'troubleshooting',
  domains: ['cka-troubleshooting', 'cka-networking'],
  minutes: 25,
  scenario: { inline: scenario },
  steps: [
    {
      id: 'ticket',
      kind: 'explain',
      title: 'The ticket',
      body: paras(
        '"Since this morning about a third of the requests from client to the web Service in prod hang. Nothing was deployed." The Service has three endpoints, one on each node.',
        'Resist the logs for a moment. The flow: (1) compare same-node and cross-node; (2) check pod IPs, node IPs and pod CIDRs; (3) check the CNI and node agents; (4) pod routes and MTU; (5) host routes, tunnel devices, encapsulation; (6) firewalls and security groups outside Kubernetes; (7) whether kube-proxy replacement or eBPF changes how Services are debugged; (8) which path the DNS answer selects.',
      ),
      seeds: [seedRef('000', 'Troubleshooting Flow'), seedRef('004', 'How To Use It'), seedRef('001', 'Essential Tools')],
    },
    {
      id: 'guess',
      kind: 'predict',
      title: 'Guess first',
      body: 'Before touching anything: the client pings web-1, the endpoint on node2, directly by pod name. What happens?',
      probe: { from: 'client', to: 'prod/web-1', protocol: 'icmp', timeout: 1 },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:prod/web-1'],
      reasonChoices: ['FILTERED', 'NO_FDB_ENTRY', 'NO_ROUTE', 'TIMEOUT', 'FRAG_NEEDED'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'node2', reason: 'FILTERED' } }],
      seeds: [seedRef('000', 'Troubleshooting Flow')],
    },
    {
      id: 'compare',
      kind: 'send',
      title: '1. Same node versus cross node',
      body: 'Ping web-0 (node1, same node as the client), web-1 (node2) and web-2 (node3). Same-node works, and one remote node works too: the application is fine, the pod network towards node2 is not.',
      hint: 'Send ICMP probes from client to prod/web-0, prod/web-1 and prod/web-2.',
      goal: {
        kind: 'all',
        text: 'Compare the three endpoints',
        goals: [
          { kind: 'sent', probe: { from: 'client', to: 'prod/web-0' }, fate: { verdict: 'delivered' }, text: 'web-0 (same node) answers' },
          { kind: 'sent', probe: { from: 'client', to: 'prod/web-1' }, fate: { verdict: 'dropped' }, text: 'web-1 (node2) does not' },
          { kind: 'sent', probe: { from: 'client', to: 'prod/web-2' }, fate: { verdict: 'delivered' }, text: 'web-2 (node3) answers' },
        ],
      },
      solution: [
        { do: 'probe', probe: { from: 'client', to: 'prod/web-0', protocol: 'icmp' } },
        { do: 'probe', probe: { from: 'client', to: 'prod/web-1', protocol: 'icmp', timeout: 1 } },
        { do: 'probe', probe: { from: 'client', to: 'prod/web-2', protocol: 'icmp' } },
      ],
      seeds: [seedRef('000', 'Pod Packet Paths'), seedRef('000', 'Study Cards')],
    },
    {
      id: 'addresses',
      kind: 'investigate',
      title: '2. Pod IPs, node IPs, pod CIDRs',
      body: "List pods and nodes. Every pod is Running with an address in its node's slice (10.244.2.0/24 for node2), and the nodes are Ready: no IPAM or scheduling problem.",
      hint: '`kubectl get pods -A -o wide` and `kubectl get nodes -o wide`.',
      goal: {
        kind: 'all',
        text: 'Check pod and node addresses',
        goals: [
          { kind: 'ran', pattern: '^kubectl get pods? .*-o wide', text: 'kubectl get pods -o wide' },
          { kind: 'ran', pattern: '^kubectl get nodes? .*-o wide', text: 'kubectl get nodes -o wide' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'kubectl get pods -A -o wide' },
        { do: 'command', where: 'node1', line: 'kubectl get nodes -o wide' },
      ],
      seeds: [seedRef('000', 'Command Examples'), seedRef('001', 'Debug Checklist')],
    },
    {
      id: 'agents',
      kind: 'investigate',
      title: '3. CNI pods and node agents',
      body: 'Look at kube-system: the CoreDNS pods are Running on their nodes.',
      simplification:
        'The lab does not list the flanneld and kube-proxy DaemonSet pods; their work is visible in the routes, FDB and iptables rules they leave.',
      hint: '`kubectl -n kube-system get pods -o wide`.',
      goal: { kind: 'ran', pattern: '^kubectl (-n kube-system get pods?|get pods? -n kube-system)', text: 'kubectl -n kube-system get pods' },
      solution: [{ do: 'command', where: 'node1', line: 'kubectl -n kube-system get pods -o wide' }],
      seeds: [seedRef('000', 'Troubleshooting Flow')],
    },
    {
      id: 'pod-routes',
      kind: 'investigate',
      title: '4. Pod routes and MTU',
      body: 'In the client: `eth0` has MTU 1450 (right for VXLAN) and the routes send the pod network to 10.244.1.1. Nothing wrong inside the pod.',
      hint: 'In the client pod: `ip addr` and `ip route`.',
      goal: {
        kind: 'all',
        text: "Check the pod's interface and routes",
        goals: [
          { kind: 'ran', pattern: '^ip (-\\S+ )*a(ddr)?( show)?', where: 'client', text: 'ip addr in the client' },
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)?( show)?$', where: 'client', text: 'ip route in the client' },
        ],
      },
      solution: [
        { do: 'command', where: 'client', line: 'ip addr' },
        { do: 'command', where: 'client', line: 'ip route' },
      ],
      seeds: [seedRef('001', 'Inside the Pod')],
    },
    {
      id: 'tunnel',
      kind: 'investigate',
      title: '5. Host routes, tunnel, encapsulation',
      body: "On node1: a route for 10.244.2.0/24 via `flannel.1`, an FDB entry pointing node2's VTEP at 192.168.1.11, the device up with dstport 8472. The trace of the failed ping agrees: the packet was encapsulated and crossed the wire. It died on arrival.",
      hint: 'On node1: `ip route`, `bridge fdb show dev flannel.1`, `ip -d link show flannel.1`.',
      goal: {
        kind: 'all',
        text: "Check node1's overlay tables",
        goals: [
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)?( show)?$', where: 'node1', text: 'ip route on node1' },
          { kind: 'ran', pattern: '^bridge fdb show', where: 'node1', text: 'bridge fdb show on node1' },
          { kind: 'ran', pattern: '^ip -d link show', where: 'node1', text: 'ip -d link show on node1' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'ip route' },
        { do: 'command', where: 'node1', line: 'bridge fdb show dev flannel.1' },
        { do: 'command', where: 'node1', line: 'ip -d link show flannel.1' },
      ],
      seeds: [seedRef('001', 'On the Node'), seedRef('003', `Case 2 ${'\u2013'} Flannel VXLAN Packet Loss`)],
    },
    {
      id: 'firewall',
      kind: 'investigate',
      title: '6. Firewalls outside Kubernetes',
      body: 'On node2, read the INPUT chain. The first rule drops UDP 8472 — every VXLAN packet from the other nodes. (In a cloud, the same symptom comes from a security group or network ACL between nodes.)',
      hint: 'On node2: `iptables -S INPUT` or `iptables -L INPUT -n -v`.',
      goal: { kind: 'ran', pattern: '^iptables (-t filter )?-(S|L)( INPUT)?', where: 'node2', text: "node2's INPUT chain" },
      solution: [{ do: 'command', where: 'node2', line: 'iptables -S INPUT' }],
      seeds: [seedRef('001', 'Common Issues'), seedRef('002', 'Common mistakes & troubleshooting')],
    },
    {
      id: 'services-dns',
      kind: 'explain',
      title: '7 and 8. Services and DNS',
      body: paras(
        'Here the Service layer is a bystander: kube-proxy in iptables mode picked web-1 for a third of the connections, and those hung on the overlay. On an eBPF datapath you would check the service maps instead of KUBE-* chains. And a DNS answer can move traffic to a different path entirely — a ClusterIP, a private endpoint, a public load balancer or NAT egress. Neither is the cause this time.',
      ),
      seeds: [seedRef('000', 'Troubleshooting Flow'), seedRef('000', 'DNS and NAT Boundaries')],
    },
    {
      id: 'fix',
      kind: 'fix',
      title: 'Remove the rule',
      body: 'Delete the DROP rule on node2 and prove the client reaches web-1 again — directly and through the Service.',
      faults: [],
      hint: 'On node2: `iptables -D INPUT -p udp -m udp --dport 8472 -j DROP`.',
      goal: {
        kind: 'reach',
        probe: { from: 'client', to: 'prod/web-1:8080', protocol: 'http' },
        fate: { verdict: 'delivered' },
        text: 'The client reaches web-1',
      },
      solution: [{ do: 'command', where: 'node2', line: 'iptables -D INPUT -p udp -m udp --dport 8472 -j DROP' }],
      seeds: [seedRef('001', 'Common Issues'), seedRef('000', 'Troubleshooting Flow')],
    },
  ],
};
