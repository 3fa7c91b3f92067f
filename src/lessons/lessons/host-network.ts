/**
 * hostNetwork pods: the node's namespace, the node's address, the DNS policy that falls back to
 * the node's resolv.conf, and what NetworkPolicy makes of them. Facts: seed 000 "hostNetwork
 * and Node Locality", 003 (hostNetwork: true); REFERENCE.md §4.2 (dnsPolicy values; kubelet
 * pkg/kubelet/network/dns: ClusterFirst on a hostNetwork pod falls back to Default), §5
 * (hostNetwork pods and NetworkPolicy: undefined, mostly node traffic).
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

const scenario = {
  apiVersion: 'podpath/v1',
  kind: 'Scenario',
  metadata: { name: 'lesson-host-network', description: 'A node agent in the host network namespace next to ordinary pods.' },
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
      { name: 'agent', node: 'node2', hostNetwork: true, labels: { app: 'agent' }, ports: [9100] },
      { name: 'agent-dns', node: 'node2', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', labels: { app: 'agent-dns' }, ports: [9101] },
    ],
    services: [{ name: 'web', selector: { app: 'web' }, clusterIP: '10.96.100.10', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }],
  },
};

export const hostNetwork: Lesson = {
  id: 'host-network',
  title: 'hostNetwork: a pod without its own network',
  summary:
    "A pod that shares the node's namespace gets the node's address, the node's DNS and the node's ports — and changes what policy and source addresses mean.",
  topic: 'hostnetwork',
  domains: ['cka-networking', 'cks-system-hardening'],
  minutes: 12,
  scenario: { inline: scenario },
  steps: [
    {
      id: 'what',
      kind: 'explain',
      title: 'No sandbox namespace',
      body: paras(
        "With `hostNetwork: true` the CNI plugin is not asked for an interface at all: the pod's containers run in the node's root network namespace. Node agents (CNI daemons, kube-proxy, monitoring exporters) use it to program or watch the node itself.",
        "Everything that follows from \"its own namespace\" changes: the pod's address is the node's, its ports are the node's ports (two such pods on one node cannot both bind 9100), its DNS defaults differ, and policy engines mostly see it as the node.",
      ),
      seeds: [seedRef('000', 'hostNetwork and Node Locality'), seedRef('003', 'Ingress and NodePort')],
    },
    {
      id: 'address',
      kind: 'investigate',
      title: "The node's address, the node's devices",
      body: "List the pods: agent's IP is node2's 192.168.1.11. Then run `ip addr` in agent: you see node2's eth0, cni0, flannel.1 and the other pods' veths — not a pod `eth0`.",
      hint: '`kubectl get pods -o wide` on node1, `ip addr` in agent.',
      goal: {
        kind: 'all',
        text: "See agent's address and interfaces",
        goals: [
          { kind: 'ran', pattern: '^kubectl get pods? .*-o wide', text: 'kubectl get pods -o wide' },
          { kind: 'ran', pattern: '^ip (-\\S+ )*a(ddr)?( show)?', where: 'agent', text: 'ip addr in agent' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'kubectl get pods -o wide' },
        { do: 'command', where: 'agent', line: 'ip addr' },
      ],
      seeds: [seedRef('000', 'hostNetwork and Node Locality')],
    },
    {
      id: 'dns',
      kind: 'predict',
      title: 'A Service name from the host network',
      body: 'agent has the default `dnsPolicy` (ClusterFirst). It curls `web.default.svc.cluster.local:80`. What happens?',
      probe: { from: 'agent', to: 'web.default.svc.cluster.local:80', protocol: 'http' },
      atChoices: ['node2', 'pod:default/web-0', 'router', 'node1'],
      reasonChoices: ['NXDOMAIN', 'DNS_TIMEOUT', 'CONNECTION_REFUSED', 'FILTERED'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'node2', reason: 'NXDOMAIN' } }],
      seeds: [seedRef('001', 'Pod DNS Configuration')],
    },
    {
      id: 'resolv',
      kind: 'investigate',
      title: "The node's resolver",
      body: paras(
        "For a hostNetwork pod the kubelet turns ClusterFirst into Default: the pod inherits the node's resolv.conf, which points at the network's resolver and knows nothing about `cluster.local`. Read it in agent.",
        '`dnsPolicy: ClusterFirstWithHostNet` is the setting for a hostNetwork pod that needs cluster names — `agent-dns` has it.',
      ),
      hint: 'In agent: `cat /etc/resolv.conf`; then compare with agent-dns.',
      goal: { kind: 'ran', pattern: '^cat /etc/resolv\\.conf', where: 'agent', text: 'cat /etc/resolv.conf in agent' },
      solution: [
        { do: 'command', where: 'agent', line: 'cat /etc/resolv.conf' },
        { do: 'command', where: 'agent-dns', line: 'cat /etc/resolv.conf' },
      ],
      seeds: [seedRef('001', 'Pod DNS Configuration'), seedRef('003', 'DNS Troubleshooting')],
    },
    {
      id: 'with-host-net',
      kind: 'send',
      title: 'ClusterFirstWithHostNet',
      body: "Curl the same name from agent-dns. Its resolv.conf points at 10.96.0.10 with the cluster search list, so the name resolves and the request reaches web-0. Its source is not a pod address but one of node2's own — the one the route to the pod network picks (`flannel.1`'s 10.244.2.0).",
      hint: 'Send an HTTP probe from agent-dns to `web.default.svc.cluster.local:80`.',
      goal: {
        kind: 'sent',
        probe: { from: 'agent-dns', to: 'web.default.svc.cluster.local' },
        fate: { verdict: 'delivered' },
        text: 'agent-dns reaches web by name',
      },
      solution: [{ do: 'probe', probe: { from: 'agent-dns', to: 'web.default.svc.cluster.local:80', protocol: 'http' } }],
      seeds: [seedRef('001', 'Pod DNS Configuration')],
    },
    {
      id: 'inbound',
      kind: 'predict',
      title: 'Calling the agent',
      body: "The client on node1 connects to agent on port 9100. Its destination is node2's address, 192.168.1.11 — a node, not a pod. What happens?",
      probe: { from: 'client', to: 'agent:9100', protocol: 'tcp' },
      atChoices: ['pod:default/client', 'node1', 'node2', 'router'],
      reasonChoices: ['CONNECTION_REFUSED', 'FILTERED', 'TIMEOUT', 'NO_ROUTE'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('000', 'hostNetwork and Node Locality')],
    },
    {
      id: 'policy',
      kind: 'explain',
      title: 'Policy and source addresses',
      body: paras(
        "The trace of that connection shows node1 masquerading the client to 192.168.1.10 on its way to another node's address: Flannel only skips the rewrite inside the pod network. A receiver that allow-lists pod addresses would see a node.",
        "NetworkPolicy leaves hostNetwork pods undefined; most CNIs treat their traffic as the node's. A policy selecting `app: agent` does not isolate it, and a peer `podSelector` does not match it. Run as few pods in the host network as you can — it is also a privilege (CKS: minimize host namespaces).",
      ),
      seeds: [seedRef('000', 'hostNetwork and Node Locality')],
    },
  ],
};
