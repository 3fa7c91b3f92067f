/**
 * The cluster's own pods, as kubeadm deploys them: CoreDNS (a Deployment of 2 in kube-system,
 * spread over the nodes by its preferred anti-affinity, dnsPolicy Default so it forwards to
 * the node's resolver) and the API server (a static hostNetwork pod on the first node, which
 * the lab treats as the control plane; the `kubernetes` Service points at it).
 */
import type { ClusterSpec, PodSpec } from '../model/scenario-schema';
import { generatedSuffix } from '../services/api';
import type { PodPlan } from './pods';

export const API_SERVER_PORT = 6443;

/** The pod-template-hash of the CoreDNS ReplicaSet: a stable 10-character name as kube-controller-manager derives one. */
export function corednsReplicaSet(): string {
  return `coredns-${generatedSuffix('kube-system/coredns/template', 10)}`;
}

function base(spec: Partial<PodSpec> & Pick<PodSpec, 'name' | 'node'>): PodSpec {
  return { namespace: 'kube-system', labels: {}, ports: [], hostNetwork: false, libc: 'glibc', ready: true, ...spec };
}

export function systemPods(spec: ClusterSpec): PodPlan[] {
  const nodes = spec.nodes.map((n) => n.name);
  const plans: PodPlan[] = [];
  plans.push({
    spec: base({
      name: `kube-apiserver-${nodes[0]}`,
      node: nodes[0],
      hostNetwork: true,
      labels: { component: 'kube-apiserver', tier: 'control-plane' },
      ports: [{ name: 'https', containerPort: API_SERVER_PORT, protocol: 'TCP' }],
    }),
    apps: { [`${API_SERVER_PORT}/TCP`]: 'tcp' },
    owner: `Node/${nodes[0]}`,
  });
  const replicas = spec.dns?.replicas ?? 2;
  const rs = corednsReplicaSet();
  for (let i = 0; i < replicas; i++) {
    plans.push({
      spec: base({
        name: `${rs}-${generatedSuffix(`${rs}/${i}`)}`,
        node: nodes[i % nodes.length],
        labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': rs.slice('coredns-'.length) },
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ],
        dnsPolicy: 'Default',
      }),
      apps: { '53/UDP': 'coredns', '53/TCP': 'coredns', '9153/TCP': 'http' },
      owner: `ReplicaSet/${rs}`,
    });
  }
  return plans;
}
