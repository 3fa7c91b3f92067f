/** Shared by engine tests: build a lab from a small YAML scenario, or fail loudly. */
import { labFromText, type Lab } from '../lab';

export function lab(yaml: string): Lab {
  const r = labFromText(yaml);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

export function twoNodes(opts: { mode?: string; podMTU?: number | 'auto'; mtu2?: number; faults?: string; extra?: string } = {}): Lab {
  return lab(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: t }
cluster:
  cni: flannel
  mode: ${opts.mode ?? 'vxlan'}
  podMTU: ${opts.podMTU ?? 'auto'}
  gateway: none
  ${opts.extra ?? ''}
  nodes:
    - { name: node1, ip: 192.168.50.1, podCIDR: 10.244.1.0/24 }
    - { name: node2, ip: 192.168.50.2, podCIDR: 10.244.2.0/24${opts.mtu2 ? `, mtu: ${opts.mtu2}` : ''} }
  pods:
    - { name: pod-a, node: node1 }
    - { name: pod-b, node: node1 }
    - { name: pod-c, node: node2, ports: [8080, { containerPort: 53, protocol: UDP }] }
faults: ${opts.faults ?? '[]'}
`);
}
