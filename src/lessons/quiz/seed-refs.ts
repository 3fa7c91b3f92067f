/**
 * Which seed sections a question draws on: the sections of its topic, plus the section its seed
 * question comes from. seedRef (src/lessons/seeds) throws on a heading that is not listed, so a
 * typo fails at import time.
 */
import { seedRef, type SeedId } from '../seeds';
import type { Question, SeedRef, TopicId } from '../types';

const TOPIC_SECTIONS: Readonly<Record<TopicId, readonly (readonly [SeedId, string])[]>> = {
  model: [
    ['000', 'Kubernetes Network Model'],
    ['002', 'Core concepts: the Kubernetes network model'],
  ],
  cni: [
    ['000', 'CNI Responsibilities'],
    ['002', 'How a Pod actually gets wired: kubelet \u2192 CRI \u2192 CNI'],
  ],
  'same-node': [['001', 'Step-by-Step Packet Flow']],
  'cross-node': [
    ['000', 'Pod Packet Paths'],
    ['001', 'Cross-Node Packet Flow (Overlay)'],
  ],
  mtu: [['000', 'MTU, Encapsulation, and Node Boundaries']],
  services: [
    ['001', 'How kube-proxy Works'],
    ['003', 'Service and ClusterIP Mechanics'],
  ],
  conntrack: [['001', 'Service Packet Flow']],
  dns: [
    ['001', 'Resolv.conf in Pods'],
    ['003', 'DNS Troubleshooting'],
  ],
  policy: [
    ['001', 'Network Policy Structure'],
    ['002', 'NetworkPolicy enforcement: where the firewall actually lives'],
  ],
  ipam: [['002', 'IPAM: who hands out the Pod IPs']],
  egress: [
    ['000', 'DNS and NAT Boundaries'],
    ['000', 'Hairpin and SNAT Checks'],
  ],
  hostnetwork: [['000', 'hostNetwork and Node Locality']],
  bgp: [['003', 'Case 1 \u2013 Calico BGP Neighbor Failure']],
  ebpf: [['002', 'kube-proxy versus the eBPF kube-proxy replacement']],
  troubleshooting: [['000', 'Troubleshooting Flow']],
};

/** seed question id prefix → the section the seed asks it in */
const QUESTION_SECTIONS: readonly (readonly [string, SeedId, string])[] = [
  ['s000-card-', '000', 'Study Cards'],
  ['s002-interview-', '002', 'Interview & exam questions'],
  ['s002-quick-', '002', 'Quick check'],
  ['s004-check-', '004', 'Check Yourself'],
];

export function withSeedRefs(q: Question): Question {
  const refs: SeedRef[] = [...(q.seeds ?? []), ...TOPIC_SECTIONS[q.topic].map(([s, h]) => seedRef(s, h))];
  const from = q.seedQuestion ? QUESTION_SECTIONS.find(([p]) => q.seedQuestion!.startsWith(p)) : undefined;
  if (from) refs.push(seedRef(from[1], from[2]));
  const seen = new Set<string>();
  return { ...q, seeds: refs.filter((r) => !seen.has(`${r.seed}:${r.section}`) && seen.add(`${r.seed}:${r.section}`)) };
}
