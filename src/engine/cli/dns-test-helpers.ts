/**
 * Shared by the DNS command tests: a small cluster with Services of every kind (ClusterIP,
 * headless with a hostname+subdomain pod, ExternalName), a glibc and a musl client in
 * `default`, and an outside host the nodes' resolver knows. kube-proxy in iptables mode, so
 * queries to 10.96.0.10 are DNATed to a CoreDNS pod — or REJECTed when CoreDNS is scaled to 0.
 */
import { labFromText, type Lab } from '../lab';
import { runCommand } from './dispatch';
import type { CommandResult } from './context';

export const DNS_LAB = (faults = '[]', extraPods = '') => `
apiVersion: podpath/v1
kind: Scenario
metadata: { name: dns-cli }
cluster:
  nodes:
    - { name: node1, ip: 192.168.1.10 }
    - { name: node2, ip: 192.168.1.11 }
  namespaces: [{ name: prod }]
  pods:
    - { name: client, node: node1 }
    - { name: alpine, node: node1, libc: musl }
    - { name: web-0, namespace: prod, node: node1, labels: { app: web }, ports: [{ name: http, containerPort: 8080, protocol: TCP }], hostname: web-0, subdomain: web-hl }
    - { name: web-1, namespace: prod, node: node2, labels: { app: web }, ports: [{ name: http, containerPort: 8080, protocol: TCP }] }
    - { name: idle, namespace: prod, node: node2, labels: { app: idle }, ready: false, ports: [8080] }
${extraPods}
  services:
    - { name: web, namespace: prod, clusterIP: 10.96.100.10, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
    - { name: web-hl, namespace: prod, clusterIP: None, selector: { app: web }, ports: [{ name: http, port: 8080 }] }
    - { name: idle-hl, namespace: prod, clusterIP: None, selector: { app: idle }, ports: [{ name: http, port: 8080 }] }
    - { name: ext, namespace: default, type: ExternalName, externalName: example.com }
    - { name: alias, namespace: default, type: ExternalName, externalName: web.prod.svc.cluster.local }
    - { name: ghost, namespace: default, type: ExternalName, externalName: nosuch.prod.svc.cluster.local }
  externalHosts:
    - { name: example.com, ip: 203.0.113.10 }
faults: ${faults}
`;

export function dnsLab(faults = '[]', extraPods = ''): Lab {
  const r = labFromText(DNS_LAB(faults, extraPods));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

/** Runs lines in order on one evolving lab; returns every result. */
export function session(lab: Lab, steps: readonly (readonly [string, string])[]): CommandResult[] {
  let cur = lab;
  return steps.map(([where, line]) => {
    const r = runCommand(cur, where, line);
    cur = r.lab;
    return r;
  });
}

/** dig's random parts (message ID, client cookie) replaced, to compare whole outputs. */
export function stable(output: string): string {
  return output.replace(/id: \d+$/m, 'id: ID').replace(/COOKIE: [0-9a-f]{16}/, 'COOKIE: COOKIE');
}
