/**
 * Multiple choice, mostly CKS: NetworkPolicy semantics (REFERENCE.md §5, the upstream e2e truth
 * table): who enforces, default-deny, additive policies, AND vs OR peers, DNS egress (the rest: q-hardening.ts).
 */
import type { Question } from '../types';
import { choice, icmp, lab, tcp } from './build';

export const SECURITY_QUESTIONS: readonly Question[] = [
  choice({
    id: 'sec-who-enforces',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    seedQuestion: 's002-interview-6',
    prompt: 'Which component turns a NetworkPolicy into packet drops?',
    choices: ['The kube-apiserver', 'kube-proxy', "The CNI plugin (e.g. Calico's Felix in iptables, Cilium in eBPF maps)", 'The kubelet'],
    answer: 2,
    explanation:
      'Kubernetes stores the object and has no datapath of its own. A policy-capable CNI renders it into rules; without one, the policy is accepted and ignored.',
    link: lab('calico-policy', tcp('other', 'web-1:8080')),
  }),
  choice({
    id: 'sec-flannel-noop',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    seedQuestion: 's002-quick-4',
    prompt: 'True or false: on a cluster running plain Flannel, a default-deny NetworkPolicy blocks traffic to the selected pods.',
    choices: ['True', 'False — Flannel does not enforce NetworkPolicy, so the policy is a silent no-op'],
    answer: 1,
    explanation:
      'kubectl apply succeeds and the object is stored, but nothing programs it. Use Calico, Cilium or Canal (Flannel + Calico policy) when policy matters — and test that a denied flow actually fails.',
    link: lab('flannel-vxlan', tcp('client', 'web-1:8080')),
  }),
  choice({
    id: 'sec-not-self-enforcing',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    seedQuestion: 's004-check-3',
    prompt: 'Why is a NetworkPolicy not self-enforcing?',
    choices: [
      'It needs an admission webhook first',
      "It is only a declaration in the API; something in the datapath — the CNI's agent on every node — must translate it into filters, and that agent must be installed and healthy",
      'It only applies after the pods restart',
      'It must be signed',
    ],
    answer: 1,
    explanation:
      'Even with a capable CNI, an unhealthy agent (Felix, cilium-agent) on a node means stale or missing rules there. Check the agent DaemonSet on every node.',
    link: lab('cilium-policy', tcp('intruder', 'web-1:8080')),
  }),
  choice({
    id: 'sec-default-deny-shape',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'Which spec is a namespace-wide default-deny for both directions?',
    choices: [
      'podSelector: {} with policyTypes [Ingress, Egress] and no rules',
      'podSelector: {} with ingress: [{}]',
      'No podSelector at all',
      'podSelector: {} with egress: [{}] only',
    ],
    answer: 0,
    explanation:
      'An empty podSelector selects every pod in the namespace; listing a type with no rules denies it. `ingress: [{}]` is the opposite: one rule that matches everything, allow-all.',
    link: lab('calico-policy', tcp('other', 'web-1:8080')),
  }),
  choice({
    id: 'sec-additive',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'Policy A allows app=web from app=client on 8080; policy B (same pods) allows from app=monitor on 9090. What is allowed?',
    choices: [
      'Only what B allows — the newer policy wins',
      'Only what A allows',
      'Both flows: policies are additive, the allowed set is the union; there is no deny rule in the core API',
      'Nothing, the two conflict',
    ],
    answer: 2,
    explanation:
      'Order does not matter. Isolation comes from being selected at all; each policy only adds allowed traffic. Denying needs the default-deny (or Calico/Cilium deny rules).',
    link: lab('calico-policy'),
  }),
  choice({
    id: 'sec-and-or-peers',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'A `from` list holds ONE element with both namespaceSelector {team: a} and podSelector {app: api}. Which sources match?',
    choices: [
      'Pods labelled app=api in namespaces labelled team=a (AND)',
      "All pods in team=a namespaces, plus all app=api pods in the policy's namespace (OR)",
      "Only pods in the policy's own namespace",
      'Any pod with either label',
    ],
    answer: 0,
    explanation:
      'Selectors in the same element intersect; separate elements (`- namespaceSelector…` and `- podSelector…`) unite. One dash of YAML indentation changes the meaning — the upstream e2e tests check both forms.',
    link: lab('calico-policy'),
  }),
  choice({
    id: 'sec-podselector-own-ns',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'A policy in namespace x allows ingress `from: [{podSelector: {matchLabels: {app: b}}}]`. Does an app=b pod in namespace y get in?',
    choices: ['Yes, labels are global', "No: a podSelector alone means pods in the policy's own namespace", 'Only if y has the same labels', 'Only over UDP'],
    answer: 1,
    explanation:
      'To admit pods from other namespaces add a namespaceSelector (in the same element for AND). The automatic label kubernetes.io/metadata.name selects a namespace by name.',
    link: lab('calico-policy'),
  }),
  choice({
    id: 'sec-forgot-dns',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'After adding a default-deny Egress policy, the pods cannot reach anything by name, even allowed destinations. What was forgotten?',
    choices: ['An ingress rule', 'An egress rule to the cluster DNS (kube-dns pods in kube-system) on UDP and TCP 53', 'A Service for CoreDNS', 'hostNetwork'],
    answer: 1,
    explanation:
      'Every lookup is egress traffic to CoreDNS. Allow port 53 over both UDP and TCP (large answers and retries use TCP) to the kube-dns pods, then the application flows.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'sec-policytypes-default',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'A policy has only an `egress:` section and no policyTypes. What types does it get?',
    choices: [
      'Egress only',
      'Ingress and Egress — Ingress is always implied, so its (empty) ingress denies all inbound traffic',
      'Ingress only',
      'None: it is invalid',
    ],
    answer: 1,
    explanation:
      'policyTypes defaults to Ingress, plus Egress when egress rules exist. An egress-only intent must say `policyTypes: [Egress]` or it also isolates ingress.',
    link: lab('calico-policy'),
  }),
  choice({
    id: 'sec-ports-and-peer',
    domain: 'cks-microservices',
    topic: 'policy',
    prompt: 'A rule allows from app=client with ports [TCP 8080]. The client pings the pod. Allowed?',
    choices: [
      'Yes, the peer matches',
      'No: a rule needs both a peer and a port match; ICMP matches no port entry',
      'Only from the same node',
      'Yes, ICMP is always allowed',
    ],
    answer: 1,
    explanation:
      'Omitting `ports` would allow all ports and protocols from that peer. ICMP handling is implementation-specific, but with a ports list it is not in it.',
    link: lab('calico-policy', icmp('client', 'web-1')),
  }),
];
