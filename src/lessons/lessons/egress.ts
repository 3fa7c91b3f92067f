/**
 * Leaving the pod network: SNAT to the node for the internet, a public name that loops back
 * through a load balancer address, and hairpin traffic to yourself through a Service. Facts:
 * REFERENCE.md §1.3 (flanneld --ip-masq), §2.4 (KUBE-MARK-MASQ, SEP hairpin rule, KUBE-EXT
 * masquerade for external destinations); seed 000 "DNS and NAT Boundaries", "Hairpin and SNAT
 * Checks"; flannel-io/cni-plugin hairpinMode.
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

function egressScenario(name: string, faults: readonly unknown[] = []) {
  return {
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name, description: 'A web Service behind a public load balancer address, a solo Service, and the internet.' },
    cluster: {
      cni: 'flannel',
      mode: 'vxlan',
      nodes: [
        { name: 'node1', ip: '192.168.1.10' },
        { name: 'node2', ip: '192.168.1.11' },
      ],
      pods: [
        { name: 'client', node: 'node1', labels: { app: 'client' } },
        { name: 'web-0', node: 'node1', labels: { app: 'web', role: 'solo' }, ports: [8080] },
        { name: 'web-1', node: 'node2', labels: { app: 'web' }, ports: [8080] },
      ],
      services: [
        {
          name: 'web',
          type: 'LoadBalancer',
          clusterIP: '10.96.100.10',
          loadBalancerIP: '203.0.113.80',
          selector: { app: 'web' },
          ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }],
        },
        { name: 'solo', clusterIP: '10.96.100.20', selector: { role: 'solo' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
      ],
      externalHosts: [
        { name: 'api.github.com', ip: '203.0.113.10' },
        { name: 'app.example.com', ip: '203.0.113.80' },
      ],
    },
    faults,
  };
}

export const egress: Lesson = {
  id: 'egress',
  title: 'Egress, SNAT, hairpin and the path DNS picks',
  summary:
    'What happens to the source address on the way out, why a public name used inside the cluster takes another path, and how a pod reaches itself through a Service.',
  topic: 'egress',
  domains: ['cka-networking', 'cks-cluster-setup'],
  minutes: 16,
  scenario: { inline: egressScenario('lesson-egress') },
  steps: [
    {
      id: 'snat',
      kind: 'explain',
      title: 'Pod addresses stop at the edge',
      body: paras(
        "Pod addresses mean nothing outside the cluster, so traffic to the internet leaves with the node's address: flanneld (`--ip-masq`) installs a `FLANNEL-POSTRTG` chain whose MASQUERADE rule rewrites the source of pod traffic bound outside 10.244.0.0/16. Cloud setups may do it in a NAT gateway or an egress gateway instead.",
        'That is the one place the model allows NAT for pods — and why an outside firewall sees node addresses, not workloads.',
      ),
      seeds: [seedRef('000', 'DNS and NAT Boundaries'), seedRef('003', 'Kubernetes Network Model and CNI Role')],
    },
    {
      id: 'out',
      kind: 'send',
      title: 'To the internet',
      body: 'Open a TCP connection from the client to api.github.com:443. The name resolves through CoreDNS and the upstream resolver; then find the `nat` hop on node1 where the source becomes 192.168.1.10.',
      hint: 'Send a TCP probe from client to `api.github.com:443`.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'api.github.com' },
        fate: { verdict: 'delivered', throughKind: 'nat' },
        text: 'Reach api.github.com through node SNAT',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'api.github.com:443', protocol: 'tcp' } }],
      seeds: [seedRef('001', 'Common Issues')],
    },
    {
      id: 'masq',
      kind: 'investigate',
      title: 'The masquerade rule and its conntrack entry',
      body: 'On node1, dump the nat table and find FLANNEL-POSTRTG; then list TCP conntrack entries. The entry for 203.0.113.10:443 expects the reply addressed to 192.168.1.10 — the kernel maps it back to the client on the way in.',
      hint: 'On node1: `iptables-save -t nat` and `conntrack -L -p tcp`.',
      goal: {
        kind: 'all',
        text: 'Read the masquerade rule and the conntrack entry',
        goals: [
          { kind: 'ran', pattern: '^iptables(-save -t nat| -t nat -(S|L))', where: 'node1', text: 'the nat table on node1' },
          { kind: 'ran', pattern: '^conntrack -L', where: 'node1', text: 'conntrack -L on node1' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'iptables-save -t nat' },
        { do: 'command', where: 'node1', line: 'conntrack -L -p tcp' },
      ],
      seeds: [seedRef('001', 'IP Tables & NAT'), seedRef('000', 'Hairpin and SNAT Checks')],
    },
    {
      id: 'public-name',
      kind: 'predict',
      title: 'A public name for an in-cluster app',
      body: paras(
        "`app.example.com` is the public name of this cluster's own web app; public DNS points it at the load balancer address 203.0.113.80, which is also the web Service's `loadBalancerIP`. The client connects to app.example.com:80. What happens?",
      ),
      probe: { from: 'client', to: 'app.example.com:80', protocol: 'http' },
      atChoices: ['pod:default/client', 'node1', 'router', 'pod:default/web-1'],
      reasonChoices: ['BLACKHOLE_ROUTE', 'TIMEOUT', 'FILTERED', 'CONNECTION_REFUSED'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('000', 'Hairpin and SNAT Checks')],
    },
    {
      id: 'public-path',
      kind: 'investigate',
      title: 'It never left the node',
      body: paras(
        "kube-proxy matches the load balancer address in KUBE-SERVICES on every node, so node1 caught the packet itself and DNATed it to a web pod — the load balancer never saw it. On the way it went through KUBE-EXT, which marks traffic to external destinations for masquerade: the web pod sees one of node1's addresses, not the client.",
        'Check what the name resolved to and read the conntrack entry. A ClusterIP Service name, split-horizon DNS or a private endpoint keeps internal traffic on the internal path with its real source; otherwise source IP, mTLS identity and firewall policy differ from what you designed.',
      ),
      hint: 'In the client: `getent hosts app.example.com`; on node1: `conntrack -L -p tcp`.',
      goal: {
        kind: 'all',
        text: 'See what the name resolved to and how the source changed',
        goals: [
          { kind: 'ran', pattern: '^(getent hosts|nslookup|dig) app\\.example\\.com', where: 'client', text: 'resolve app.example.com in the client' },
          { kind: 'ran', pattern: '^conntrack -L', where: 'node1', text: 'conntrack -L on node1' },
        ],
      },
      solution: [
        { do: 'command', where: 'client', line: 'getent hosts app.example.com' },
        { do: 'command', where: 'node1', line: 'conntrack -L -p tcp' },
      ],
      seeds: [seedRef('000', 'Hairpin and SNAT Checks'), seedRef('000', 'DNS and NAT Boundaries')],
    },
    {
      id: 'hairpin',
      kind: 'send',
      title: 'Reaching yourself through a Service',
      body: paras(
        "The `solo` Service (10.96.100.20) has one endpoint: web-0. When web-0 calls it, the DNAT sends the packet straight back to web-0, through the same bridge port it came from. Two things make that work: the bridge port is in hairpin mode (Flannel's bridge config sets `hairpinMode: true`), and kube-proxy's `KUBE-SEP` chain masquerades a packet whose source is the endpoint itself, so the reply returns through the bridge instead of short-cutting inside the pod.",
        'Send it and look at the `nat` hops.',
      ),
      hint: 'Send an HTTP probe from web-0 to `10.96.100.20:80`.',
      goal: {
        kind: 'sent',
        probe: { from: 'web-0', to: '10.96.100.20' },
        fate: { verdict: 'delivered', throughKind: 'nat' },
        text: 'web-0 reaches itself through solo',
      },
      solution: [{ do: 'probe', probe: { from: 'web-0', to: '10.96.100.20:80', protocol: 'http' } }],
      seeds: [seedRef('000', 'Hairpin and SNAT Checks')],
    },
    {
      id: 'hairpin-off',
      kind: 'predict',
      title: 'Hairpin mode off',
      scenario: { inline: egressScenario('lesson-egress-hairpin-off', [{ type: 'hairpin', node: 'node1', pod: 'web-0', on: false }]) },
      body: "On this copy of the cluster someone ran `bridge link set dev <web-0's veth> hairpin off`. web-0 calls the solo Service again. What happens?",
      probe: { from: 'web-0', to: '10.96.100.20:80', protocol: 'http', timeout: 1 },
      atChoices: ['pod:default/web-0', 'node1', 'node2', 'router'],
      reasonChoices: ['NO_SOCKET', 'FILTERED', 'CONNECTION_REFUSED', 'RP_FILTER'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'node1', reason: 'NO_SOCKET' } }],
      seeds: [seedRef('000', 'Hairpin and SNAT Checks')],
    },
  ],
};
