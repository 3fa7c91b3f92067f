/**
 * IPAM: who hands out pod addresses, a node whose range is full, and the AWS VPC CNI's ENI
 * limits. Facts: seed 002 "IPAM: who hands out the Pod IPs" and "Common mistakes"; REFERENCE.md
 * §7 (maxPods = ENIs × (IPs per ENI − 1) + 2; t3.nano 2×2, t3.small 3×4); the host-local and
 * aws-cni errors the lab prints come from the plugins (cni/ipam/host-local.ts, cni/vpc).
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

const exhausted = {
  apiVersion: 'podpath/v1',
  kind: 'Scenario',
  metadata: { name: 'lesson-ipam-exhausted', description: "node2's /24 is full: web-1 cannot get an address." },
  cluster: {
    cni: 'flannel',
    mode: 'vxlan',
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
  faults: [{ type: 'ipam-exhaust', node: 'node2', pod: 'web-1' }],
};

// public/scenarios/vpc-eni.yaml with node2 a t3.nano: 2 ENIs × 2 addresses, one of each the ENI's own
const eniLimit = {
  apiVersion: 'podpath/v1',
  kind: 'Scenario',
  metadata: { name: 'lesson-eni-limit', description: 'Four web pods on a t3.nano that has room for two.' },
  cluster: {
    cni: 'vpc',
    mode: 'eni',
    underlayMTU: 9001,
    nodes: [
      { name: 'node1', ip: '10.0.1.10', subnet: '10.0.0.0/20', instanceType: 't3.small' },
      { name: 'node2', ip: '10.0.2.30', subnet: '10.0.0.0/20', instanceType: 't3.nano' },
    ],
    pods: [
      { name: 'client', node: 'node1', labels: { app: 'client' } },
      { name: 'web-1', node: 'node2', labels: { app: 'web' }, ports: [8080] },
      { name: 'web-2', node: 'node2', labels: { app: 'web' }, ports: [8080] },
      { name: 'web-3', node: 'node2', labels: { app: 'web' }, ports: [8080] },
      { name: 'web-4', node: 'node2', labels: { app: 'web' }, ports: [8080] },
    ],
  },
};

export const ipam: Lesson = {
  id: 'ipam',
  title: 'IPAM exhaustion and ENI limits',
  summary: 'Where pod addresses come from, what a full range looks like, and why a small cloud instance runs out of pod addresses before it runs out of CPU.',
  topic: 'ipam',
  domains: ['cka-troubleshooting', 'cka-networking'],
  minutes: 14,
  scenario: { sample: 'flannel-vxlan' },
  steps: [
    {
      id: 'models',
      kind: 'explain',
      title: 'Three ways to hand out addresses',
      body: paras(
        'IPAM runs inside CNI ADD (allocate) and DEL (release). host-local, which Flannel uses, gives each node a fixed slice of the pod CIDR — a /24, so about 254 pods per node, full or not — and records each allocation in a file under `/var/lib/cni/networks/<network>/` on that node. A node that crashes without running DEL can leave stale files behind that keep addresses taken.',
        "Cluster-wide allocators (Calico's IPAM blocks, Cilium's cluster pool) hand out blocks on demand and can borrow across nodes, at the price of depending on the CNI's datastore. Cloud-native CNIs give pods real VPC addresses and inherit the cloud's limits.",
      ),
      simplification: 'The allocation files under /var/lib/cni/networks are not modelled; the lab fills a range by fault.',
      seeds: [seedRef('002', 'IPAM: who hands out the Pod IPs'), seedRef('002', '5. Watch IPAM allocate and release'), seedRef('001', 'Best Practices')],
    },
    {
      id: 'slices',
      kind: 'investigate',
      title: 'One slice per node',
      body: "List the pods with their addresses: node1's pods are in 10.244.1.0/24 and node2's in 10.244.2.0/24 — the slices Flannel leased to each node. The CoreDNS pods take addresses from the same slices.",
      hint: 'On node1: `kubectl get pods -A -o wide`.',
      goal: { kind: 'ran', pattern: '^kubectl get pods? .*-o wide', text: 'kubectl get pods -o wide' },
      solution: [{ do: 'command', where: 'node1', line: 'kubectl get pods -A -o wide' }],
      seeds: [seedRef('002', '3. Deploy Pods and inspect IPs, namespaces and veths')],
    },
    {
      id: 'full',
      kind: 'investigate',
      title: 'ContainerCreating, forever',
      scenario: { inline: exhausted },
      body: paras(
        "On this cluster every address of node2's range is taken. web-1 was scheduled there and sits in `ContainerCreating` with no IP. The reason is not in the pod's status line but in its events: the sandbox failed because the CNI plugin's IPAM had nothing left to give.",
        "Find web-1's state, then read its events.",
      ),
      hint: '`kubectl get pods -o wide`, then `kubectl describe pod web-1`.',
      goal: {
        kind: 'all',
        text: 'Find the stuck pod and the IPAM error',
        goals: [
          { kind: 'ran', pattern: '^kubectl get pods?\\b', text: 'kubectl get pods' },
          { kind: 'ran', pattern: '^kubectl describe pods? web-1', text: 'kubectl describe pod web-1' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'kubectl get pods -o wide' },
        { do: 'command', where: 'node1', line: 'kubectl describe pod web-1' },
      ],
      seeds: [seedRef('002', 'Common mistakes & troubleshooting'), seedRef('001', 'Common Issues & Solutions'), seedRef('004', 'Why It Matters Here')],
    },
    {
      id: 'eni',
      kind: 'explain',
      title: 'ENIs cap the pods per node',
      body: paras(
        "On the AWS VPC CNI a pod address is a secondary address of one of the node's ENIs. Each instance type allows so many ENIs and so many addresses per ENI, and each ENI's primary address is the node's own. So max pods = ENIs × (addresses per ENI − 1) + 2, the 2 being host-network pods (aws-node, kube-proxy).",
        't3.small: 3 × (4 − 1) + 2 = 11. t3.nano: 2 × (2 − 1) + 2 = 4 — which leaves room for just two pods with VPC addresses.',
      ),
      seeds: [seedRef('001', 'Approach 3: Cloud Provider Native'), seedRef('000', 'CNI Responsibilities')],
    },
    {
      id: 'eni-full',
      kind: 'investigate',
      title: 'Four pods on a t3.nano',
      scenario: { inline: eniLimit },
      body: 'Four web pods were scheduled onto node2, a t3.nano. List the pods and read the events of one that has no address.',
      hint: '`kubectl get pods -o wide`, then `kubectl describe pod web-3`.',
      goal: {
        kind: 'all',
        text: 'See which pods got VPC addresses and why the others did not',
        goals: [
          { kind: 'ran', pattern: '^kubectl get pods?\\b', text: 'kubectl get pods' },
          { kind: 'ran', pattern: '^kubectl describe pods? web-[34]', text: 'kubectl describe a pod without an address' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'kubectl get pods -o wide' },
        { do: 'command', where: 'node1', line: 'kubectl describe pod web-3' },
      ],
      seeds: [seedRef('002', 'IPAM: who hands out the Pod IPs')],
    },
    {
      id: 'second-eni',
      kind: 'predict',
      title: 'A pod on the second ENI',
      scenario: { sample: 'vpc-eni' },
      body: "On the t3.small cluster, web-4 is node2's fourth pod, so its address lives on a secondary ENI (eth1), and node2 sends its traffic out of eth1 by an `ip rule`. The client pings web-4. What happens?",
      probe: { from: 'client', to: 'web-4', protocol: 'icmp' },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-4'],
      reasonChoices: ['RP_FILTER', 'SECURITY_GROUP', 'NO_ROUTE', 'TIMEOUT'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('001', 'Approach 3: Cloud Provider Native')],
    },
    {
      id: 'remedies',
      kind: 'explain',
      title: 'Getting addresses back',
      body: paras(
        'For host-local: size the per-node slice for the pods you plan (`--node-cidr-mask-size`), lower `maxPods`, or clean leaked allocation files. For cluster-wide IPAM: add a pool or smaller blocks. For the VPC CNI: a larger instance type, prefix delegation (a /28 per slot instead of one address), or a bigger subnet — the VPC itself can run out too.',
        'Whatever the plugin, the symptom is the same: pods stuck in `ContainerCreating`, the error in `kubectl describe pod`.',
      ),
      seeds: [seedRef('002', 'Common mistakes & troubleshooting'), seedRef('002', 'Exercise')],
    },
  ],
};
