/**
 * Multiple choice, CKS: runtime visibility (Hubble drop reasons, Calico Log rules, conntrack),
 * system and cluster hardening around the pod network (NET_ADMIN, hostNetwork and policy, the API
 * server behind 10.96.0.1, LoadBalancer source ranges). Drop codes from REFERENCE.md §6.5.
 */
import type { Question } from '../types';
import { choice, http, lab, tcp } from './build';

export const RUNTIME_QUESTIONS: readonly Question[] = [
  choice({
    id: 'rt-hubble-133',
    domain: 'cks-runtime',
    topic: 'ebpf',
    prompt: 'hubble observe prints `… Policy denied DROPPED (TCP Flags: SYN)`. What happened?',
    choices: [
      'The server refused the connection',
      "Cilium's datapath found no policy entry admitting the source identity and dropped the SYN (drop reason 133)",
      'The packet was too big',
      'DNS failed',
    ],
    answer: 1,
    explanation:
      'Drop reason 133 is POLICY_DENIED: the destination (or source) endpoint is isolated and no allow rule matches the peer identity and port. 181 is the explicit deny-rule variant; 158 "Service backend not found".',
    link: lab('cilium-policy', tcp('intruder', 'web-1:8080')),
  }),
  choice({
    id: 'rt-hubble-181',
    domain: 'cks-microservices',
    topic: 'policy',
    prompt: 'What distinguishes Cilium drop reason 181 "Policy denied by denylist" from 133 "Policy denied"?',
    choices: [
      'Nothing',
      '181: an explicit deny rule (ingressDeny/egressDeny) matched and wins over any allow; 133: simply no allow rule matched an isolated endpoint',
      '181 is for UDP only',
      '181 means the node is overloaded',
    ],
    answer: 1,
    explanation:
      'Kubernetes NetworkPolicy has no deny rules; Cilium (and Calico) add them. A deny rule takes precedence, so "allow everything except X" can be expressed.',
    link: lab('cilium-policy'),
  }),
  choice({
    id: 'rt-calico-log',
    domain: 'cks-runtime',
    topic: 'policy',
    prompt: 'With Calico, how can you record the flows a policy is about to deny?',
    choices: [
      'Enable kube-proxy logging',
      'Put a rule with action Log before the Deny: Felix renders it as an iptables LOG rule, so matching packets are written to the kernel log and evaluation continues',
      'Run tcpdump on CoreDNS',
      'It is impossible',
    ],
    answer: 1,
    explanation: 'Calico policies have ordered Allow / Deny / Log / Pass actions. Log does not decide; it records and falls through to the next rule.',
    link: lab('calico-policy', tcp('other', 'web-1:8080')),
  }),
  choice({
    id: 'rt-conntrack-view',
    domain: 'cks-runtime',
    topic: 'conntrack',
    prompt: 'On a node, which tool lists the live flows with both the original and the translated (NAT) tuples?',
    choices: ['ip route', 'conntrack -L', 'kubectl get svc', 'bridge fdb show'],
    answer: 1,
    explanation:
      'Each entry shows the original direction (e.g. to the ClusterIP) and the reply direction (from the chosen pod), so you can see which backend a client was sent to and which flows are stuck.',
    link: lab('services-dns', http('client', 'web.prod.svc.cluster.local:80')),
  }),
  choice({
    id: 'sh-net-admin',
    domain: 'cks-system-hardening',
    topic: 'mtu',
    prompt: '`ip link set eth0 mtu 1450` inside an ordinary pod answers "RTNETLINK answers: Operation not permitted". Why, and why is that good?',
    choices: [
      'The pod MTU is read-only in Linux',
      'Containers run without CAP_NET_ADMIN; granting it would let a workload rewrite its own interfaces, routes and iptables rules and escape the network controls around it',
      'The CNI locks the interface with a file',
      'Only root in the node can read the MTU',
    ],
    answer: 1,
    explanation:
      'Network configuration belongs to the CNI (at pod creation) and the node. Keep NET_ADMIN and NET_RAW out of workload securityContexts; Pod Security Standards restrict added capabilities.',
    link: lab('mtu-black-hole'),
  }),
  choice({
    id: 'sh-hostnetwork-policy',
    domain: 'cks-system-hardening',
    topic: 'hostnetwork',
    prompt: 'A NetworkPolicy podSelector happens to match a hostNetwork pod. What can you rely on?',
    choices: [
      'The policy applies exactly as to other pods',
      "Nothing: the API leaves hostNetwork pods undefined, and most CNIs treat their traffic as the node's, so the policy may not apply",
      'The pod is blocked completely',
      'The pod loses its IP',
    ],
    answer: 1,
    explanation:
      "A hostNetwork pod has the node's address and namespace, so pod-level rules cannot tell it from the node. Control such pods with admission (who may use hostNetwork) and host firewalls.",
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'ch-apiserver-egress',
    domain: 'cks-cluster-hardening',
    topic: 'policy',
    prompt:
      'You want an egress NetworkPolicy that lets only some pods reach the API server through the `kubernetes` Service (10.96.0.1:443). What must the rule match?',
    choices: [
      'ipBlock 10.96.0.1/32 port 443 — the ClusterIP',
      "The endpoint after DNAT: the API server's real address and port (here a node IP on 6443), since most enforcing CNIs evaluate policy on the translated packet",
      'The kube-system namespace',
      'Nothing; the API server is always allowed',
    ],
    answer: 1,
    explanation:
      'kube-apiserver runs hostNetwork, so default/kubernetes points at node IP:6443. Policy sees the backend, not the VIP — write ipBlock for the control-plane addresses and port 6443.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'ch-lb-source-ranges',
    domain: 'cks-cluster-hardening',
    topic: 'services',
    prompt: 'How does kube-proxy (iptables mode) enforce loadBalancerSourceRanges on a LoadBalancer Service?',
    choices: [
      'It asks the cloud to filter',
      'It writes a KUBE-FW-<hash> chain for the load-balancer address that admits only the listed sources, and filter-table KUBE-PROXY-FIREWALL rules drop the rest',
      'Through CoreDNS',
      'It does not',
    ],
    answer: 1,
    explanation:
      'Cloud providers usually also program the LB, but kube-proxy enforces the ranges on every node too. Without source ranges, a LoadBalancer is as open as its NodePort.',
    link: lab('services-dns', http('laptop', 'node2:30080')),
  }),
];
