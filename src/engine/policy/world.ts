/**
 * The PolicyWorld of a built Cluster: what the CNI shapes hand the evaluators when they
 * program policy (pods with their named container ports, namespaces, nodes).
 */
import type { Cluster } from '../model/datapath';
import type { PolicyWorld } from './types';

/** The pods, namespaces and nodes of a built cluster, as the evaluators read them. */
export function policyWorldOf(cluster: Cluster): PolicyWorld {
  return {
    pods: cluster.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      labels: p.labels,
      ip: p.ip,
      node: p.node,
      hostNetwork: p.hostNetwork,
      ports: p.ports.filter((c) => c.name !== undefined).map((c) => ({ name: c.name!, port: c.containerPort, protocol: c.protocol })),
    })),
    namespaces: cluster.api.namespaces,
    nodes: cluster.nodes.map((n) => ({ name: n.name, ip: n.ip })),
  };
}
