/**
 * Multiple choice: the network model, who does what (kubelet → CRI → CNI), the pause container and
 * CNI config (IPAM and same-node plumbing: q-ipam.ts). Facts from the seeds and REFERENCE.md; wording ours.
 */
import type { Question } from '../types';
import { choice, icmp, lab, tcp } from './build';

export const MODEL_QUESTIONS: readonly Question[] = [
  choice({
    id: 'model-k8s-vs-cni',
    domain: 'cka-architecture',
    topic: 'model',
    seedQuestion: 's000-card-1',
    prompt: 'Which split of responsibilities is right?',
    choices: [
      'Kubernetes assigns pod IPs and programs routes; the CNI plugin only reports status',
      'Kubernetes states the rules the pod network must obey; the CNI plugin builds the interfaces, addresses and datapath that meet them',
      'The kubelet implements the datapath; CNI is only the name of its config file',
      'kube-proxy implements pod-to-pod routing; the CNI plugin implements Services',
    ],
    answer: 1,
    explanation:
      'Kubernetes defines the model (an IP per pod, no NAT between pods, nodes reach pods) and delegates the whole implementation to the installed CNI plugin: veths, IPAM, routes or tunnels, and often policy.',
    link: lab('flannel-vxlan', icmp('client', 'web-1')),
  }),
  choice({
    id: 'model-rules',
    domain: 'cka-networking',
    topic: 'model',
    seedQuestion: 's002-interview-2',
    prompt: 'Which statement is NOT one of the rules of the Kubernetes network model?',
    choices: [
      'Every pod gets its own IP address',
      'Pods on different nodes reach each other by pod IP without NAT',
      'Pod traffic to another node must be encapsulated so the underlay never sees pod IPs',
      'A pod sees itself with the same address others use to reach it',
    ],
    answer: 2,
    explanation:
      'The model says nothing about how packets move: routed pod CIDRs (host-gw, Calico BGP), overlays (VXLAN, Geneve, IP-in-IP) and VPC-native addressing all satisfy it. The rules are IP-per-pod, no NAT pod-to-pod, nodes reach pods without NAT, and one address seen from inside and out.',
    link: lab('host-gw', icmp('client', 'web-1')),
  }),
  choice({
    id: 'model-four-guarantees',
    domain: 'cka-networking',
    topic: 'model',
    seedQuestion: 's004-check-1',
    prompt: 'An agent on a node (say the kubelet running a liveness probe) connects to a pod on that node. What does the network model promise about it?',
    choices: [
      'Nothing: node agents must go through a Service',
      'It works only if the pod uses hostNetwork',
      'It reaches the pod directly, without NAT',
      'It is SNATed to the node IP and then allowed by NetworkPolicy',
    ],
    answer: 2,
    explanation:
      "The four guarantees: every pod has its own IP; containers of a pod share it; pods reach pods on any node without NAT; agents on a node reach the pods on that node without NAT. NetworkPolicy also always allows traffic from the pod's own node, so probes keep working.",
    link: lab('flannel-vxlan', icmp('node1', 'client')),
  }),
  choice({
    id: 'model-no-nat-why',
    domain: 'cka-networking',
    topic: 'model',
    seedQuestion: 's002-interview-11',
    prompt: 'Why does Kubernetes rule out NAT between pods?',
    choices: [
      'NAT is slower than encapsulation',
      'So every workload keeps a real source identity: logs, allow-lists and policies see the true pod IP, and no stateful translation sits between pods',
      'Because iptables cannot masquerade pod traffic',
      'Because Services already use NAT and two layers would loop',
    ],
    answer: 1,
    explanation:
      'Translation hides the real client, breaks protocols that carry addresses in their payload and adds connection-tracking state in the middle. NAT survives only at the edges: egress SNAT to the internet and some Service paths.',
    link: lab('flannel-vxlan', tcp('client', 'web-1:8080')),
  }),
  choice({
    id: 'model-same-pod-localhost',
    domain: 'cka-workloads',
    topic: 'model',
    prompt: 'A pod has an nginx container on port 80 and a sidecar. How does the sidecar reach nginx most directly?',
    choices: [
      'http://localhost:80 — both share one network namespace',
      "Through the pod's Service name",
      'Through the node IP and a hostPort',
      'It cannot; containers are isolated from each other',
    ],
    answer: 0,
    explanation:
      'All containers of a pod join the same network namespace (held by the pause container), so they share the IP, the port space and loopback. It also means two containers in one pod cannot both bind port 80.',
    link: lab('flannel-vxlan', tcp('client', 'web-0:8080')),
  }),
  choice({
    id: 'model-pause-container',
    domain: 'cka-workloads',
    topic: 'cni',
    seedQuestion: 's002-interview-9',
    prompt: 'What is the pause (sandbox) container for?',
    choices: [
      'It pauses the pod while an image is pulled',
      'It runs the CNI plugin inside the pod',
      "It holds the pod's network namespace open, so app containers join it and keep the same IP across their restarts",
      'It proxies traffic between containers of the pod',
    ],
    answer: 2,
    explanation:
      'The runtime creates the sandbox first (RunPodSandbox); the CNI plugin wires its namespace; every app container then joins that namespace. An app container crashing does not tear the network down.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'model-who-calls-cni',
    domain: 'cka-architecture',
    topic: 'cni',
    seedQuestion: 's002-quick-2',
    prompt: 'Which component actually executes the CNI plugin binary with CNI_COMMAND=ADD?',
    choices: ['The kubelet, directly', 'The container runtime (containerd or CRI-O), asked by the kubelet over CRI', 'The kube-apiserver', 'kube-proxy'],
    answer: 1,
    explanation:
      "The kubelet speaks CRI to the runtime; the runtime speaks CNI to the plugin. The kubelet only reads the CNI config directory to decide whether the node's network is ready.",
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'model-call-chain',
    domain: 'cka-architecture',
    topic: 'cni',
    seedQuestion: 's002-interview-1',
    prompt: 'Put the wiring of a new pod in order.',
    choices: [
      'CNI ADD → kubelet creates the sandbox → IPAM → app containers start',
      'kubelet → CRI RunPodSandbox (pause container, netns) → runtime runs CNI ADD (IPAM, veth, routes) → result back to the kubelet → app containers join the netns',
      'kube-scheduler → kube-proxy → CNI ADD → kubelet',
      'kubelet → CNI ADD → CRI creates the netns → IPAM picks an address later',
    ],
    answer: 1,
    explanation:
      'The sandbox must exist first, because CNI ADD gets its network namespace path (CNI_NETNS). The plugin asks IPAM for an address, creates the veth pair with eth0 inside, programs routes, and returns the result that becomes the pod IP in the API.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'model-cni-is-not-daemon',
    domain: 'cka-architecture',
    topic: 'cni',
    seedQuestion: 's002-interview-3',
    prompt: 'What is CNI, concretely?',
    choices: [
      'A daemon on every node that routes pod packets',
      'A Kubernetes API object listing the pod networks',
      'A specification plus plugin executables: the runtime runs a binary from /opt/cni/bin with JSON config (from /etc/cni/net.d) on stdin, for ADD, DEL, CHECK, GC or VERSION',
      'A kernel module loaded by kubeadm',
    ],
    answer: 2,
    explanation:
      "The call itself is a short-lived binary. Many CNIs also run an agent DaemonSet (Felix, cilium-agent, flanneld) for routes, IPAM or policy, but that agent is the plugin's choice, not part of CNI.",
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'model-cni-empty-netd',
    domain: 'cka-troubleshooting',
    topic: 'cni',
    prompt: 'A fresh kubeadm cluster: every node stays NotReady with "cni plugin not initialized". What is the most likely cause?',
    choices: [
      'kube-proxy is in IPVS mode',
      'No CNI is installed yet: /etc/cni/net.d on the nodes is empty',
      'CoreDNS has not started',
      'The Service CIDR overlaps the node network',
    ],
    answer: 1,
    explanation:
      'The kubelet reports NetworkPluginNotReady until a network config appears in /etc/cni/net.d. Applying the CNI manifest (its DaemonSet drops the conflist and binaries) makes the nodes Ready; CoreDNS stays Pending until then.',
    link: lab('flannel-vxlan'),
  }),
  choice({
    id: 'model-conflist-chain',
    domain: 'cka-architecture',
    topic: 'cni',
    prompt: 'A .conflist lists `calico`, then `bandwidth`, then `portmap`. What does that mean on CNI ADD?',
    choices: [
      'The runtime picks one of the three at random',
      'Only the first is used; the others are fallbacks',
      'The plugins run in order, each receiving the previous result as prevResult; DEL runs them in reverse',
      'All three run in parallel',
    ],
    answer: 2,
    explanation:
      'Chaining composes jobs: the main plugin wires the pod, `bandwidth` applies the ingress/egress bandwidth annotations with tc, and `portmap` implements hostPort.',
    link: lab('calico-bgp'),
  }),
];
