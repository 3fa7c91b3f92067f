/**
 * The curriculum's source documents (../shared/seeds/*.txt) as data: every section heading that
 * carries a concept, a failure case, a troubleshooting step or a command, and every study card,
 * interview question, quick check and check-yourself question the seeds ask (issue 8: 5 + 12 + 5 + 3).
 *
 * These lists are the source of truth for coverage (seeds/coverage.test.ts, `npm run content -- --stats`).
 * The seed files are not in the repository; seeds/seeds.test.ts checks each heading against them when
 * they are present. Headings are quoted exactly as the files spell them (some use U+2011 non-breaking
 * hyphens, en and em dashes and curly quotes — kept as escapes so they survive editors). Question
 * texts are OUR short paraphrases, never the seeds' sentences.
 *
 * Left out on purpose: titles, "References", empty headings whose lists did not survive extraction
 * ("Learning objectives", "Best practices" and "Security notes" in 002, "Read This Only If Stuck" in 004),
 * cleanup/cost notes, and the two "The Challenge" headings of 001 (motivation only, and the text repeats).
 */
import type { SeedRef } from '../types';

export type SeedId = SeedRef['seed'];
export type SeedQuestionKind = 'study-card' | 'interview' | 'quick-check' | 'check-yourself';

export interface SeedQuestion {
  readonly id: string;
  readonly seed: SeedId;
  readonly kind: SeedQuestionKind;
  /** a short paraphrase of what the seed asks (our words) */
  readonly text: string;
}

const NBH = '\u2011'; // non-breaking hyphen, as 003 writes "Cross‑Node", "Kube‑proxy", "eBPF‑Based"
const EM = '\u2014';
const EN = '\u2013';

const HEADINGS: Readonly<Record<SeedId, readonly string[]>> = {
  '000': [
    'Command Examples',
    'Kubernetes Network Model',
    'CNI Responsibilities',
    'Pod Packet Paths',
    'MTU, Encapsulation, and Node Boundaries',
    'hostNetwork and Node Locality',
    'DNS and NAT Boundaries',
    'Hairpin and SNAT Checks',
    'Troubleshooting Flow',
    'Study Cards',
  ],
  '001': [
    'The Kubernetes Networking Requirements',
    'Network Namespaces',
    'Virtual Ethernet (veth) Pairs',
    'Linux Bridge',
    'IP Tables & NAT',
    'Routing Tables',
    'How Docker Does It (Without Kubernetes)',
    'Why Kubernetes Needs More',
    'The Flat Network Model',
    'IP Address Allocation',
    'Network Components Overview',
    'What Happens When a Pod Starts',
    'The Pause Container',
    'Containers Within a Pod',
    'Step-by-Step Packet Flow',
    'Verification Commands',
    "Why It's Fast",
    'Solution Approaches',
    'Approach 1: Layer 3 Routing',
    'Approach 2: Overlay Network (VXLAN)',
    'Approach 3: Cloud Provider Native',
    'Cross-Node Packet Flow (Overlay)',
    'What is CNI?',
    'How CNI Works',
    'CNI Configuration',
    'CNI Plugin Location',
    'CNI Operations',
    'Popular CNI Plugins Comparison',
    'Flannel',
    'Calico',
    'Cilium',
    'What is an Overlay Network?',
    'VXLAN Deep Dive',
    'Geneve (Alternative to VXLAN)',
    'IPinIP Encapsulation',
    'Why Services?',
    'Service Types',
    'How kube-proxy Works',
    'iptables Mode (Default)',
    'IPVS Mode',
    'Service Packet Flow',
    'CoreDNS',
    'DNS Records',
    'Pod DNS Configuration',
    'Resolv.conf in Pods',
    'DNS Debugging',
    'What are Network Policies?',
    'Network Policy Structure',
    'Common Patterns',
    'CNI Support',
    'Essential Tools',
    'Inside the Pod',
    'On the Node',
    'Common Issues & Solutions',
    'Debug Checklist',
    'Best Practices',
    'Common Issues',
    'Example 1: Observe Same-Node Communication',
    'Example 2: Observe Cross-Node Communication',
    'Example 3: Service Load Balancing',
    'Example 4: Implement Network Policy',
    'Example 5: Debug DNS Issues',
    'Quick Reference',
  ],
  '002': [
    'Core concepts: the Kubernetes network model',
    'Why \u201cno NAT\u201d matters so much',
    'The three IP ranges you must keep straight',
    'The four communication paths',
    `What the CNI is ${EM} and is not`,
    'The CNI operations (the contract)',
    'Config: conflists and chained plugins',
    'How a Pod actually gets wired: kubelet \u2192 CRI \u2192 CNI',
    'IPAM: who hands out the Pod IPs',
    'The plugin families: overlay, L3/BGP, and eBPF',
    `Family 1 ${EM} Overlay (encapsulation): VXLAN / Geneve / IP-in-IP`,
    `Family 2 ${EM} L3 routing / BGP (no encapsulation)`,
    `Family 3 ${EM} eBPF (programmable kernel datapath)`,
    'The comparison that matters',
    'NetworkPolicy enforcement: where the firewall actually lives',
    'kube-proxy versus the eBPF kube-proxy replacement',
    'The eBPF replacement',
    'Intra-cluster DNS: CoreDNS on the flat network',
    'Hands-on lab',
    '1. A multi-node cluster',
    '2. See the CNI config and binaries on a node',
    '3. Deploy Pods and inspect IPs, namespaces and veths',
    '4. Prove the flat, NAT-free network',
    '5. Watch IPAM allocate and release',
    '6. NetworkPolicy enforcement (with a policy-capable CNI)',
    '7. See the Service VIP translation',
    'Validation',
    'Common mistakes & troubleshooting',
    'Interview & exam questions',
    'Quick check',
    'Exercise',
  ],
  '003': [
    'Kubernetes Network Model and CNI Role',
    'Popular CNI Plugins in 2026',
    'Flannel: Simple Overlay Network',
    'Calico: BGP Routing and NetworkPolicy',
    `Cilium: eBPF${NBH}Based Networking`,
    'Pod Network Communication Path',
    `Cross${NBH}Node Pod Communication Modes`,
    'Service and ClusterIP Mechanics',
    'ClusterIP DNS Resolution',
    'Ingress and NodePort',
    'NetworkPolicy Practice',
    'DNS Troubleshooting',
    `Cross${NBH}Node Communication Failure Cases`,
    `Case 1 ${EN} Calico BGP Neighbor Failure`,
    `Case 2 ${EN} Flannel VXLAN Packet Loss`,
    'Cilium eBPF Enhancements',
    `Kube${NBH}proxy Replacement`,
    'Hubble Observability',
  ],
  '004': [
    'Cluster Networking Model: Every Pod Gets an IP',
    'What This Concept Is',
    'Why It Matters Here',
    'Concrete Example',
    'Common Confusion / Misconception',
    'How To Use It',
    'CNI Plugins: What They Actually Do',
    'Check Yourself',
    'NetworkPolicy: a Default-Deny Pattern',
    'Mini Drill or Application',
    'Which CNI Should I Use?',
  ],
};

export const SEED_IDS: readonly SeedId[] = ['000', '001', '002', '003', '004'];

export const SEED_SECTIONS: readonly SeedRef[] = SEED_IDS.flatMap((seed) => HEADINGS[seed].map((section) => ({ seed, section })));

/** A SeedRef by seed and heading; throws on a typo so content cannot point at a section that is not listed. */
export function seedRef(seed: SeedId, section: string): SeedRef {
  const hit = SEED_SECTIONS.find((s) => s.seed === seed && s.section === section);
  if (!hit) throw new Error(`seed ${seed} has no listed section "${section}"`);
  return hit;
}

export function seedRefKey(ref: SeedRef): string {
  return `${ref.seed}:${ref.section}`;
}

function q(seed: SeedId, kind: SeedQuestionKind, prefix: string, texts: readonly string[]): SeedQuestion[] {
  return texts.map((text, i) => ({ id: `s${seed}-${prefix}-${i + 1}`, seed, kind, text }));
}

export const SEED_QUESTIONS: readonly SeedQuestion[] = [
  // 000 "Study Cards": five question/answer pairs
  ...q('000', 'study-card', 'card', [
    'What is Kubernetes responsible for in pod networking, and what is left to the CNI plugin?',
    'What does comparing same-node with cross-node pod traffic tell you?',
    'Why does the pod MTU matter on a tunnelled network?',
    'Why check which address a pod’s DNS answer gives before blaming egress routing?',
    'A pod answers on its own IP but not through its Service: what is left to suspect?',
  ]),
  // 002 "Interview & exam questions": twelve
  ...q('002', 'interview', 'interview', [
    'Trace who calls whom when a pod gets its IP address.',
    'List the rules of the Kubernetes network model.',
    'Is CNI a daemon? What is it concretely?',
    'Overlay or BGP routing: when would you choose each?',
    'What makes an eBPF datapath a different kind of CNI?',
    'Which component enforces NetworkPolicy?',
    'How do iptables and IPVS kube-proxy modes differ, and why does it matter at scale?',
    'What does IPAM do, and how does it fail?',
    'What is the pause container for?',
    'Pod IP works, Service name fails: where do you look next?',
    'Why does the model forbid NAT between pods?',
    'How does encapsulation change the MTU, and what bug follows?',
  ]),
  // 002 "Quick check": five
  ...q('002', 'quick-check', 'quick', [
    'Out of which range is a pod address taken, and by whom?',
    'Does the kubelet or the container runtime run the CNI plugin?',
    'Name the three families of CNI plugins and what defines each.',
    'True or false: a NetworkPolicy blocks traffic on a Flannel-only cluster.',
    'What happens to a packet sent to a ClusterIP, and is kube-proxy on its path?',
  ]),
  // 004 "Check Yourself": three
  ...q('004', 'check-yourself', 'check', [
    'What four guarantees does the Kubernetes network model make?',
    'What hands a pod its address, and from which pool?',
    'Why does a NetworkPolicy not enforce itself?',
  ]),
];

/** What the issue counts: 5 study cards + 12 interview + 5 quick checks + 3 check-yourself. */
export const SEED_QUESTION_COUNTS: Readonly<Record<SeedQuestionKind, number>> = {
  'study-card': 5,
  interview: 12,
  'quick-check': 5,
  'check-yourself': 3,
};
