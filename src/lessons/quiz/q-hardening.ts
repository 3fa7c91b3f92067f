/**
 * Multiple choice, CKS: egress control, Calico and Cilium policy, Hubble, hostNetwork risks,
 * NodePort exposure, WireGuard encryption, DNS-chosen paths. Wording ours.
 */
import type { Question } from '../types';
import { choice, http, icmp, lab, tcp } from './build';

export const HARDENING_QUESTIONS: readonly Question[] = [
  choice({
    id: 'sec-ipblock-except',
    domain: 'cks-microservices',
    topic: 'egress',
    prompt: 'An egress rule allows ipBlock cidr 0.0.0.0/0 except 169.254.169.254/32. What does it achieve?',
    choices: [
      'It blocks the internet',
      'It allows all egress except the cloud metadata endpoint — a common way to stop pods reading node credentials',
      'Nothing, except is ignored',
      'It allows only link-local traffic',
    ],
    answer: 1,
    explanation:
      'ipBlock is meant for cluster-external addresses; `except` carves ranges out of the cidr. Metadata-service access is a well-known path from a pod to node credentials.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'sec-calico-global',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'What can a Calico GlobalNetworkPolicy do that a Kubernetes NetworkPolicy cannot?',
    choices: [
      'Nothing; it is an alias',
      'Apply across all namespaces, with explicit order and Deny/Log actions (also to host endpoints)',
      'Replace kube-proxy',
      'Encrypt traffic',
    ],
    answer: 1,
    explanation:
      'Calico extends the model: ordered tiers, Allow/Deny/Log/Pass actions, cluster-wide scope. Felix renders both kinds into cali-* iptables chains and ipsets.',
    link: lab('calico-policy'),
  }),
  choice({
    id: 'sec-cilium-identity',
    domain: 'cks-microservices',
    topic: 'ebpf',
    prompt: 'How does Cilium decide whether a packet from another node is allowed into a pod?',
    choices: [
      'By matching the source IP against iptables rules',
      "By the sender's security identity (derived from its labels, carried in the tunnel or looked up in the ipcache) checked against the endpoint's policy map",
      'By the TLS certificate',
      'By DNS name only',
    ],
    answer: 1,
    explanation:
      'Identity-based policy survives pod IP churn: many pods with the same labels share one identity. A miss is dropped with reason 133 "Policy denied".',
    link: lab('cilium-policy', tcp('intruder', 'web-1:8080')),
  }),
  choice({
    id: 'sec-cilium-l7',
    domain: 'cks-microservices',
    topic: 'ebpf',
    prompt: 'A CiliumNetworkPolicy has an `http` rule allowing only GET /healthz. How is it enforced?',
    choices: [
      'In the pod by the application',
      "The flow is redirected to the node's Envoy proxy, which checks each request and answers a disallowed one with 403",
      'By kube-proxy',
      'By CoreDNS',
    ],
    answer: 1,
    explanation:
      'L3/L4 is decided in eBPF; L7 rules need a proxy. Denials are visible (HTTP 403 "Access denied") instead of silent drops, and Hubble shows http-request/response flows.',
    link: lab('cilium-policy', http('client', 'api-1:8080')),
  }),
  choice({
    id: 'sec-hubble-drop',
    domain: 'cks-runtime',
    topic: 'ebpf',
    prompt: 'Which command lists the flows Cilium dropped, with the reason?',
    choices: ['kubectl logs -n kube-system ds/cilium', 'hubble observe --verdict DROPPED', 'iptables -L -n -v', 'cilium-dbg status'],
    answer: 1,
    explanation:
      'Hubble records each verdict with its drop reason ("Policy denied", "Stale or unroutable IP"…). It is the runtime view of what the datapath decided — the first place to look when a flow silently fails.',
    link: lab('cilium-policy', tcp('intruder', 'web-1:8080')),
  }),
  choice({
    id: 'sec-hostnetwork-risk',
    domain: 'cks-system-hardening',
    topic: 'hostnetwork',
    prompt: 'Why is hostNetwork: true a security concern for an ordinary workload?',
    choices: [
      'It disables the container filesystem',
      "The pod shares the node's network namespace: it can bind node ports, see node interfaces and loopback services, its traffic comes from the node IP, and most CNIs do not apply NetworkPolicy to it",
      'It makes the pod IPv6-only',
      'It exposes the pod to the internet automatically',
    ],
    answer: 1,
    explanation: 'Reserve it for node agents (CNI agents, kube-proxy). Pod Security Standards (baseline) forbid hostNetwork; admission can enforce it.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'sec-hostnetwork-dns',
    domain: 'cka-networking',
    topic: 'hostnetwork',
    prompt: 'A hostNetwork pod cannot resolve Service names. Which setting fixes it?',
    choices: ['dnsPolicy: Default', 'dnsPolicy: ClusterFirstWithHostNet', 'hostPID: true', 'A headless Service'],
    answer: 1,
    explanation:
      "With hostNetwork, ClusterFirst falls back to the node's resolv.conf. ClusterFirstWithHostNet points the pod at the cluster DNS Service while it still shares the node network.",
    link: lab('services-dns'),
  }),
  choice({
    id: 'sec-hostnetwork-ports',
    domain: 'cka-troubleshooting',
    topic: 'hostnetwork',
    prompt: 'A DaemonSet with hostNetwork: true listens on 8080; its pods stay Pending or crash on nodes where something already uses 8080. Why?',
    choices: [
      'The CNI ran out of IPs',
      "hostNetwork pods share the node's port space: two listeners on one node IP and port collide",
      'NetworkPolicy blocks 8080',
      'The Service has no endpoints',
    ],
    answer: 1,
    explanation:
      'Ordinary pods each have their own IP and can all use 8080; hostNetwork pods compete with everything else on the node, including other hostNetwork pods.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'sec-nodeport-exposure',
    domain: 'cks-cluster-hardening',
    topic: 'services',
    prompt: 'Why can a NodePort Service widen the attack surface even if only one node "should" serve it?',
    choices: [
      'It disables NetworkPolicy',
      "kube-proxy opens the port on every node's addresses and forwards from any of them to the endpoints; anyone who reaches any node IP reaches the Service",
      'It publishes the Service in public DNS',
      'It turns off TLS',
    ],
    answer: 1,
    explanation:
      'The KUBE-NODEPORTS rules match destination type LOCAL with no source check. Restrict with node firewalls/security groups, loadBalancerSourceRanges, or avoid NodePort for internal Services.',
    link: lab('services-dns', http('laptop', 'node2:30080')),
  }),
  choice({
    id: 'sec-wireguard-encryption',
    domain: 'cks-microservices',
    topic: 'cross-node',
    prompt: "What does enabling WireGuard in the CNI (Calico, Cilium or Flannel's backend) protect?",
    choices: [
      'Traffic inside a pod',
      'Pod traffic between nodes: it is encrypted node to node, each peer keyed by its node public key; same-node traffic is not on the wire',
      'The kube-apiserver only',
      'DNS only',
    ],
    answer: 1,
    explanation:
      'Transparent encryption covers the underlay hop, with an MTU cost (80 bytes reserved on Flannel/Cilium, 60 on Calico IPv4). It is not mTLS: it says nothing about which workload is talking.',
    link: lab('flannel-wireguard', icmp('client', 'web-1')),
  }),
  choice({
    id: 'sec-egress-gateway',
    domain: 'cks-microservices',
    topic: 'egress',
    prompt: "A partner allow-lists one source IP for your cluster's calls. Why does plain pod egress not give you that?",
    choices: [
      'Pods egress with their pod IPs to the internet',
      'Egress is SNATed to whichever node the pod runs on (or a NAT gateway), so the source changes with scheduling; an egress gateway or a fixed NAT gives one stable address',
      'DNS picks the source',
      'kube-proxy randomizes it',
    ],
    answer: 1,
    explanation:
      'Pod CIDRs are not routable outside; node masquerade (flannel ipMasq, Calico natOutgoing) rewrites the source to the node IP. Design egress deliberately: gateway, NAT, or a proxy.',
    link: lab('flannel-vxlan', tcp('client', 'api.github.com:443')),
  }),
  choice({
    id: 'sec-dns-egress-path',
    domain: 'cks-microservices',
    topic: 'egress',
    seedQuestion: 's000-card-4',
    prompt: "Why compare what a pod's DNS lookup returns with its egress routing?",
    choices: [
      'DNS sets the pod MTU',
      'The answer decides the path: a ClusterIP stays in the cluster, a private endpoint stays private, a public address leaves through SNAT/NAT — with a different source, firewall and identity',
      'DNS answers are encrypted',
      'Egress routing rewrites DNS answers',
    ],
    answer: 1,
    explanation:
      'If the private-endpoint zone is missing, workloads silently use the public address and the NAT path. `getent hosts <name>` then `ip route get <answer>` from the pod shows which way it goes.',
    link: lab('flannel-vxlan', tcp('client', 'api.github.com:443')),
  }),
  choice({
    id: 'sec-hairpin-public-dns',
    domain: 'cka-troubleshooting',
    topic: 'egress',
    prompt: 'In-cluster clients call app.example.com, which resolves to the public load balancer of the same cluster. What is the better design?',
    choices: [
      'Nothing; hairpinning through the LB is ideal',
      'Give in-cluster clients an internal path: split-horizon DNS, the ClusterIP Service name, or a private endpoint',
      'Disable DNS caching',
      'Use hostNetwork',
    ],
    answer: 1,
    explanation:
      'The hairpin through a public LB or NAT changes the source IP, the return path, mTLS identity and firewall policy, and costs NAT capacity. Keep internal traffic internal.',
    link: lab('services-dns', http('web-0', '10.96.100.10:80')),
  }),
];
