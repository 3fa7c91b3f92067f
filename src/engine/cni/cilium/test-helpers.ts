/** Small Cilium labs for the tests beside this folder. */
import { labFromText, type Lab } from '../../lab';

export interface CiliumLabOpts {
  readonly mode?: 'vxlan' | 'geneve' | 'native';
  readonly kubeProxy?: 'iptables' | 'ebpf' | 'none';
  /** extra YAML under `cluster:` (services, networkPolicies, namespaces …), indented two spaces */
  readonly extra?: string;
  /** replaces the default pods */
  readonly pods?: string;
  readonly faults?: string;
}

export const DEFAULT_PODS = `
    - { name: client, node: node1, labels: { app: client } }
    - { name: web-0, node: node1, labels: { app: web }, ports: [8080] }
    - { name: web-1, node: node2, labels: { app: web }, ports: [8080] }`;

export function ciliumLab(o: CiliumLabOpts = {}): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: cilium-test }
cluster:
  cni: cilium
  mode: ${o.mode ?? 'vxlan'}
  kubeProxy: ${o.kubeProxy ?? 'iptables'}
  nodes:
    - { name: node1, ip: 192.168.1.10 }
    - { name: node2, ip: 192.168.1.11 }
  pods:${o.pods ?? DEFAULT_PODS}
  externalHosts:
    - { name: outside, ip: 203.0.113.10 }
${o.extra ?? ''}
faults: ${o.faults ?? '[]'}
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}
