/**
 * kube-proxy's sync is shared across nodes (services/endpoints.ts, iptables.ts portTables):
 * the tables a node gets must be exactly what a sync with nothing shared computes. Fresh copies
 * of the API lists defeat every identity cache, so they stand for "computed from scratch".
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labFromText } from '../lab';
import { syncNode } from './index';
import type { Cluster } from '../model/datapath';

function cluster(policies: readonly ('Cluster' | 'Local')[]): Cluster {
  const svcs = policies
    .map(
      (p, i) =>
        `    - { name: s${i}, type: NodePort, externalTrafficPolicy: ${p}, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`,
    )
    .join('\n');
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: shared }
cluster:
  cni: flannel
  mode: vxlan
  kubeProxy: iptables
  nodes:
    - { name: node1, ip: 192.168.1.10 }
    - { name: node2, ip: 192.168.1.11 }
    - { name: node3, ip: 192.168.1.12 }
  pods:
    - { name: client, node: node1 }
    - { name: web-0, node: node1, labels: { app: web }, ports: [8080] }
    - { name: web-1, node: node2, labels: { app: web }, ports: [8080] }
  services:
${svcs}
`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab.cluster;
}

const fresh = (c: Cluster): Cluster => ({
  ...c,
  api: { ...c.api, services: c.api.services.map((s) => ({ ...s, ports: s.ports.map((p) => ({ ...p })) })), endpointSlices: [...c.api.endpointSlices] },
});

describe('a shared kube-proxy sync', () => {
  it('property: every node’s tables equal a sync computed from scratch, whatever the traffic policies', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Cluster' as const, 'Local' as const), { minLength: 1, maxLength: 4 }), (policies) => {
        const c = cluster(policies);
        for (const n of ['node1', 'node2', 'node3']) {
          const shared = syncNode(c, n);
          syncNode(c, 'node1'); // a second node's sync must not disturb what the first borrowed
          expect(syncNode(fresh(c), n).netfilter).toEqual(shared.netfilter);
        }
      }),
      { numRuns: 12 },
    );
  });
});
