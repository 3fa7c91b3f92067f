/** Small Calico clusters for the tests beside this code. */
import { buildCluster } from '../build';
import { clusterSchema } from '../../model/scenario-schema';
import { runProbe, type Lab } from '../../lab-core';
import { labFromText } from '../../io';
import type { Cluster } from '../../model/datapath';
import type { Trace } from '../../model/trace';

export const TWO_NODES = [
  { name: 'node1', ip: '192.168.1.10' },
  { name: 'node2', ip: '192.168.1.11' },
];
export const PODS = [
  { name: 'a', node: 'node1', labels: { app: 'a' } },
  { name: 'b', node: 'node1', labels: { app: 'b' } },
  { name: 'c', node: 'node2', labels: { app: 'c' }, ports: [80] },
];

export function calicoCluster(extra: Record<string, unknown> = {}): Cluster {
  const spec = clusterSchema.parse({ cni: 'calico', mode: 'bgp', nodes: TWO_NODES, pods: PODS, dns: { replicas: 0 }, ...extra });
  const b = buildCluster(spec);
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return b.cluster;
}

export function calicoLab(cluster: Record<string, unknown> = {}, faults: unknown[] = []): Lab {
  const r = labFromText(
    JSON.stringify({
      apiVersion: 'podpath/v1',
      kind: 'Scenario',
      metadata: { name: 'calico-test' },
      cluster: { cni: 'calico', mode: 'bgp', nodes: TWO_NODES, pods: PODS, dns: { replicas: 0 }, ...cluster },
      faults,
      probes: [],
    }),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

export function ping(lab: Lab, from: string, to: string, extra: Record<string, unknown> = {}): Trace {
  return runProbe(lab, { from, to, protocol: 'icmp', timeout: 1, ...extra } as never).trace;
}
