/**
 * Services three ways: kube-proxy's iptables chains, IPVS virtual servers, and Cilium's eBPF
 * socket load balancer; conntrack and the reverse NAT of replies; a Service with no endpoints.
 * Facts: REFERENCE.md §2 (chains, hashes, probabilities, "has no endpoints" REJECT, ClusterIP
 * not pingable), §3 (IPVS, kube-ipvs0, KUBE-IPVS-FILTER), §6.5 (Cilium no-backend reject);
 * seeds 001 §11, 002 "kube-proxy versus the eBPF kube-proxy replacement", 003.
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

// public/scenarios/services-dns.yaml (its web Service a ClusterIP), with a kube-proxy mode and the web Service's selector
function servicesScenario(name: string, kubeProxy: 'iptables' | 'ipvs', selector: Record<string, string>) {
  return {
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name, description: 'A web Service in prod with an endpoint on each of three nodes.' },
    cluster: {
      cni: 'flannel',
      mode: 'vxlan',
      kubeProxy,
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
        { name: 'web', namespace: 'prod', clusterIP: '10.96.100.10', selector, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
      ],
    },
  };
}

// kubectl edit configmap kube-proxy -n kube-system: mode "ipvs"
const ipvsScenario = servicesScenario('lesson-services-ipvs', 'ipvs', { app: 'web' });
// someone applied the Service with a typo in its selector
const typoScenario = servicesScenario('lesson-services-typo', 'iptables', { app: 'wbe' });

const WEB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
spec:
  clusterIP: 10.96.100.10
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
    protocol: TCP
`;

export const services: Lesson = {
  id: 'services',
  title: 'Services: iptables, IPVS and eBPF',
  summary: 'A ClusterIP lives on no interface. Watch three datapaths turn it into a pod address, and conntrack turn the reply back.',
  topic: 'services',
  domains: ['cka-networking', 'cka-troubleshooting'],
  minutes: 20,
  scenario: { sample: 'services-dns' },
  steps: [
    {
      id: 'vip',
      kind: 'explain',
      title: 'A virtual IP and a rewrite',
      body: paras(
        "The web Service in `prod` has ClusterIP 10.96.100.10 and three endpoints, one per node. No interface owns 10.96.100.10. kube-proxy on every node watches Services and EndpointSlices and programs the kernel; the kernel on the client's own node rewrites the destination (DNAT) to one endpoint, and the packet then rides the ordinary pod network.",
        'kube-proxy is not in the data path as a process: if it stops, the rules it wrote keep working, but new Services and endpoint changes are no longer reflected.',
      ),
      seeds: [
        seedRef('001', 'Why Services?'),
        seedRef('001', 'How kube-proxy Works'),
        seedRef('002', 'kube-proxy versus the eBPF kube-proxy replacement'),
        seedRef('003', 'Service and ClusterIP Mechanics'),
        seedRef('001', 'Service Types'),
      ],
    },
    {
      id: 'dnat',
      kind: 'send',
      title: 'Curl the ClusterIP',
      body: "Send an HTTP request from the client to 10.96.100.10:80. Find the `nat` hop: the destination becomes an endpoint's pod address and port 8080, and the row shows the jump path through KUBE-SERVICES, KUBE-SVC-… and KUBE-SEP-….",
      hint: 'Send an HTTP probe from client to `10.96.100.10:80`.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: '10.96.100.10' },
        fate: { verdict: 'delivered', throughKind: 'nat' },
        text: 'Reach the Service by its ClusterIP',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: '10.96.100.10:80', protocol: 'http' } }],
      seeds: [seedRef('001', 'Service Packet Flow'), seedRef('001', 'Example 3: Service Load Balancing')],
    },
    {
      id: 'chains',
      kind: 'investigate',
      title: 'The chains and the conntrack entry',
      body: paras(
        "Dump node1's nat table. `KUBE-SERVICES` matches the ClusterIP and port and jumps to `KUBE-SVC-I6F7J7E256H6PY43` (a hash of `prod/web:http` and `tcp`). That chain picks an endpoint at random: the first rule matches with probability 1/3 (printed 0.33333333349), the second with 1/2 of the rest, the last takes whatever is left. Each `KUBE-SEP-…` chain DNATs to its pod.",
        'Then list conntrack. The entry shows both directions: the original tuple to 10.96.100.10:80 and the expected reply from the pod. When the reply arrives, the kernel uses that entry to rewrite the source back to 10.96.100.10 — the reverse NAT, with no rule of its own.',
      ),
      hint: 'On node1: `iptables-save -t nat` and `conntrack -L`.',
      goal: {
        kind: 'all',
        text: 'Read the nat chains and the conntrack table on node1',
        goals: [
          { kind: 'ran', pattern: '^iptables(-save -t nat| -t nat -(S|L))', where: 'node1', text: 'the nat table on node1' },
          { kind: 'ran', pattern: '^conntrack -L', where: 'node1', text: 'conntrack -L on node1' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'iptables-save -t nat' },
        { do: 'command', where: 'node1', line: 'conntrack -L' },
      ],
      seeds: [seedRef('001', 'iptables Mode (Default)'), seedRef('001', 'IP Tables & NAT'), seedRef('002', '7. See the Service VIP translation')],
    },
    {
      id: 'ping-vip',
      kind: 'predict',
      title: 'Ping a ClusterIP (iptables mode)',
      body: "kube-proxy's rules match TCP port 80 on 10.96.100.10 — nothing else. The client pings 10.96.100.10. Where does the echo request end?",
      probe: { from: 'client', to: '10.96.100.10', protocol: 'icmp', timeout: 1 },
      atChoices: ['pod:default/client', 'node1', 'router', 'pod:prod/web-0'],
      reasonChoices: ['BLACKHOLE_ROUTE', 'PORT_UNREACHABLE', 'FILTERED', 'NO_ROUTE', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'router', reason: 'BLACKHOLE_ROUTE' } }],
      simplification:
        'The underlay router drops traffic for addresses it has no route to with a blackhole default; a real network may answer or drop in other ways, but no ClusterIP ever replies to ping in iptables mode.',
      seeds: [seedRef('000', 'Study Cards')],
    },
    {
      id: 'ipvs',
      kind: 'investigate',
      title: 'IPVS: a kernel load balancer',
      scenario: { inline: ipvsScenario },
      body: paras(
        'Same Service, kube-proxy in IPVS mode (`kubectl edit configmap kube-proxy -n kube-system`, `mode: "ipvs"`). Every ClusterIP is now a virtual server of the kernel\'s IPVS, with one real server per endpoint, scheduler `rr` and forwarding `Masq` — a hash lookup instead of a walk down chains, which is why IPVS scales to many thousands of Services.',
        'List the virtual servers, and curl the Service to see the `nat` hop come from IPVS this time.',
      ),
      hint: 'On node1: `ipvsadm -Ln`; then send an HTTP probe from client to `10.96.100.10:80`.',
      goal: {
        kind: 'all',
        text: 'Read the IPVS table and reach the Service through it',
        goals: [
          { kind: 'ran', pattern: '^ipvsadm -L', where: 'node1', text: 'ipvsadm -Ln on node1' },
          {
            kind: 'sent',
            probe: { from: 'client', to: '10.96.100.10' },
            fate: { verdict: 'delivered', throughKind: 'nat' },
            text: 'Reach the Service by ClusterIP',
          },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'ipvsadm -Ln' },
        { do: 'probe', probe: { from: 'client', to: '10.96.100.10:80', protocol: 'http' } },
      ],
      seeds: [seedRef('001', 'IPVS Mode'), seedRef('002', 'kube-proxy versus the eBPF kube-proxy replacement')],
    },
    {
      id: 'ipvs-ping',
      kind: 'predict',
      title: 'Ping a ClusterIP (IPVS mode)',
      scenario: { inline: ipvsScenario },
      body: 'In IPVS mode every ClusterIP is bound to the dummy device `kube-ipvs0` on each node, so the node owns the address. Newer kube-proxy adds a `KUBE-IPVS-FILTER` chain for traffic to those addresses that is not a Service port. The client pings 10.96.100.10. What happens?',
      probe: { from: 'client', to: '10.96.100.10', protocol: 'icmp', timeout: 1 },
      atChoices: ['pod:default/client', 'node1', 'router', 'pod:prod/web-0'],
      reasonChoices: ['BLACKHOLE_ROUTE', 'PORT_UNREACHABLE', 'FILTERED', 'NO_ROUTE', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/client', reason: 'PORT_UNREACHABLE' } }],
      seeds: [seedRef('001', 'IPVS Mode')],
    },
    {
      id: 'ebpf',
      kind: 'investigate',
      title: 'eBPF: the rewrite happens at connect()',
      scenario: { sample: 'cilium-kpr' },
      body: paras(
        'Cilium with the kube-proxy replacement: no kube-proxy, no KUBE-* chains. When the client calls `connect()` to a ClusterIP, a program attached to the cgroup picks a backend from the `cilium_lb4_services_v2` map and connects the socket to the backend directly — the first packet on the wire already carries the pod address, so there is nothing to reverse-translate per packet.',
        "Dump the nat table (only Cilium's masquerade rules remain), list Cilium's services, and curl 10.96.100.10:80.",
      ),
      hint: 'On node1: `iptables-save -t nat` and `cilium-dbg service list`; then an HTTP probe from client to `10.96.100.10:80`.',
      goal: {
        kind: 'all',
        text: 'See the Services in eBPF maps and reach one',
        goals: [
          { kind: 'ran', pattern: '^iptables(-save -t nat| -t nat -(S|L))', where: 'node1', text: 'the nat table on node1' },
          { kind: 'ran', pattern: '^cilium(-dbg)? service list', where: 'node1', text: 'cilium-dbg service list' },
          { kind: 'sent', probe: { from: 'client', to: '10.96.100.10' }, fate: { verdict: 'delivered' }, text: 'Reach the Service by ClusterIP' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'iptables-save -t nat' },
        { do: 'command', where: 'node1', line: 'cilium-dbg service list' },
        { do: 'probe', probe: { from: 'client', to: '10.96.100.10:80', protocol: 'http' } },
      ],
      seeds: [
        seedRef('002', 'The eBPF replacement'),
        seedRef('003', `Kube${'\u2011'}proxy Replacement`),
        seedRef('003', 'Cilium eBPF Enhancements'),
        seedRef('002', `Family 3 \u2014 eBPF (programmable kernel datapath)`),
        seedRef('001', 'Cilium'),
        seedRef('003', `Cilium: eBPF${'\u2011'}Based Networking`),
      ],
    },
    {
      id: 'ebpf-empty',
      kind: 'predict',
      title: 'A Service with no backends (eBPF)',
      scenario: { sample: 'cilium-kpr' },
      body: "The `empty` Service (10.96.100.20) selects no pod. With Cilium's default `serviceNoBackendResponse: reject`, what does the client's curl to 10.96.100.20:80 get?",
      probe: { from: 'client', to: '10.96.100.20:80', protocol: 'http' },
      atChoices: ['pod:default/client', 'node1', 'node2', 'router'],
      reasonChoices: ['SERVICE_NO_BACKEND', 'SERVICE_BACKEND_NOT_FOUND', 'CONNECTION_REFUSED', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/client', reason: 'SERVICE_NO_BACKEND' } }],
      seeds: [seedRef('002', 'The eBPF replacement')],
    },
    {
      id: 'no-endpoints',
      kind: 'fix',
      title: 'Pod IP works, ClusterIP does not',
      body: paras(
        'On this copy of the iptables cluster, the web Service was applied with a typo in its selector (`app: wbe`), which matches no pod. The EndpointSlice controller finds no endpoint for it, so kube-proxy writes no KUBE-SVC chain, only a filter rule: `… has no endpoints … -j REJECT`. Curling the ClusterIP is refused at once, while curling a pod address still works — the signature of a Service-layer problem, not a CNI one.',
        'Check the endpoints and the selector, then apply the Service with the right selector (`app: web`).',
      ),
      scenario: { inline: typoScenario },
      faults: [],
      hint: '`kubectl get endpointslices -n prod`, `kubectl describe svc web -n prod`; then `kubectl apply -f -` with the Service manifest.',
      goal: {
        kind: 'all',
        text: 'The ClusterIP reaches a backend again',
        goals: [
          { kind: 'ran', pattern: '^kubectl (-n prod )?get (endpointslices?|endpoints|ep)\\b', text: 'look at the endpoints' },
          {
            kind: 'reach',
            probe: { from: 'client', to: '10.96.100.10:80', protocol: 'http' },
            fate: { verdict: 'delivered' },
            text: 'client reaches 10.96.100.10:80',
          },
        ],
      },
      solution: [
        { do: 'probe', probe: { from: 'client', to: '10.96.100.10:80', protocol: 'http' } },
        { do: 'probe', probe: { from: 'client', to: '10.244.2.10:8080', protocol: 'http' } },
        { do: 'command', where: 'node1', line: 'kubectl get endpointslices -n prod' },
        { do: 'command', where: 'node1', line: 'kubectl describe svc web -n prod' },
        { do: 'command', where: 'node1', line: 'kubectl apply -f -', stdin: WEB_SERVICE },
      ],
      seeds: [
        seedRef('000', 'Study Cards'),
        seedRef('001', 'Debug Checklist'),
        seedRef('001', 'Common Issues'),
        seedRef('002', 'Common mistakes & troubleshooting'),
      ],
    },
  ],
};
