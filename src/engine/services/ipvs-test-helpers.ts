/**
 * Labs for the IPVS tests (services/ipvs.test.ts, trace/ipvs-hooks.test.ts,
 * cli/ipvs-commands.test.ts): the scenario of kube-proxy-nft-ipvs.md §0 — node-a 192.168.1.10
 * with podCIDR 10.244.1.0/24, prod/web with endpoints 10.244.1.5 (local), 10.244.2.7 and
 * 10.244.3.9, prod/empty without endpoints, NodePorts 30080 (eTP Cluster) and 30081 (eTP Local)
 * on 10.244.1.5 and 10.244.2.7 — in host-gw mode, so that node-a's addresses are exactly the
 * notes' (eth0 and cni0; vxlan would add flannel.1's 10.244.1.0).
 */
import { labFromText, type Lab } from '../lab';

export interface IpvsLabOptions {
  readonly mode?: 'host-gw' | 'vxlan';
  readonly scheduler?: 'rr' | 'lc' | 'sh';
  /** extra Service lines (YAML flow maps, indented as list items of `services`) */
  readonly services?: string;
  /** replaces the default pods */
  readonly pods?: string;
  readonly faults?: string;
}

export const NOTES_PODS = `    - { name: client, node: node-a }
    - { name: web-a, namespace: prod, node: node-a, ip: 10.244.1.5, labels: { app: web, np: "yes" }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: web-b, namespace: prod, node: node-b, ip: 10.244.2.7, labels: { app: web, np: "yes" }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: web-c, namespace: prod, node: node-c, ip: 10.244.3.9, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }`;

export const NOTES_SERVICES = `    - { name: web, namespace: prod, clusterIP: 10.96.45.12, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
    - { name: empty, namespace: prod, clusterIP: 10.96.100.20, selector: { app: none }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
    - { name: np-cluster, namespace: prod, type: NodePort, clusterIP: 10.96.200.30, selector: { np: "yes" }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }] }
    - { name: np-local, namespace: prod, type: NodePort, externalTrafficPolicy: Local, clusterIP: 10.96.200.31, selector: { np: "yes" }, ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30081 }] }`;

export function ipvsLab(o: IpvsLabOptions = {}): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: ipvs-notes }
cluster:
  cni: flannel
  mode: ${o.mode ?? 'host-gw'}
  kubeProxy: ipvs
  ipvs: { scheduler: ${o.scheduler ?? 'rr'} }
  nodes:
    - { name: node-a, ip: 192.168.1.10 }
    - { name: node-b, ip: 192.168.1.11 }
    - { name: node-c, ip: 192.168.1.12 }
  namespaces: [{ name: prod }]
  pods:
${o.pods ?? NOTES_PODS}
  services:
${NOTES_SERVICES}
${o.services ?? ''}
  externalHosts: [{ name: outside, ip: 203.0.113.10 }, { name: api.github.com, ip: 140.82.121.6 }]
faults: ${o.faults ?? '[]'}
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

/** `ipvsadm -Ln` lines without the cluster's own Services (default/kubernetes 10.96.0.1, kube-dns 10.96.0.10), as the notes leave them out. */
export function withoutSystemServices(lines: readonly string[]): string[] {
  const out: string[] = [];
  let skip = false;
  for (const l of lines) {
    if (/^(TCP|UDP) {2}/.test(l)) skip = /^(TCP|UDP) {2}10\.96\.0\.(1|10):/.test(l);
    if (!skip) out.push(l);
  }
  return out;
}
