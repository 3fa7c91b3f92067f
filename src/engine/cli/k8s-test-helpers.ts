/**
 * Shared by the kubectl and conntrack tests: a small Services scenario (two nodes, a client
 * in default, two web pods in prod behind a ClusterIP and a NodePort Service, a headless and
 * an ExternalName Service, a LoadBalancer with its ingress IP) with faults to taste.
 */
import { labFromText, type Lab } from '../lab';

export function servicesLab(opts: { faults?: string; kubeProxy?: string; extraPods?: string; podCIDR?: string } = {}): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: k8s-cli }
cluster:
  kubeProxy: ${opts.kubeProxy ?? 'iptables'}
  nodes:
    - { name: node1, ip: 192.168.1.10${opts.podCIDR ? `, podCIDR: ${opts.podCIDR}` : ''} }
    - { name: node2, ip: 192.168.1.11 }
  namespaces: [{ name: prod, labels: { team: web } }]
  pods:
    - { name: client, node: node1 }
    - { name: web-1, namespace: prod, node: node1, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: web-2, namespace: prod, node: node2, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }
${opts.extraPods ?? ''}
  services:
    - { name: web, namespace: prod, labels: { app: web, tier: frontend }, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
    - { name: web-np, namespace: prod, type: NodePort, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: http, nodePort: 30080 }] }
    - { name: web-lb, namespace: prod, type: LoadBalancer, selector: { app: web }, loadBalancerIP: 203.0.113.10, ports: [{ port: 80, targetPort: 8080, nodePort: 30081 }] }
    - { name: web-headless, namespace: prod, clusterIP: None, selector: { app: web }, ports: [{ port: 8080 }] }
    - { name: db, namespace: prod, type: ExternalName, externalName: db.example.com }
faults: ${opts.faults ?? '[]'}
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}
