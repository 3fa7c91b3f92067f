/**
 * A large Flannel VXLAN scenario for issue 9 ("Large clusters stay responsive"): `nodes` nodes on
 * one /24 underlay, `pods` pods spread evenly (a client on the first node, web pods elsewhere),
 * a few ClusterIP Services in front of them, and the probes the bench times: a cross-node ping
 * (first node → last node) and a pod → Service curl. Plain data in the scenario file format
 * (docs/scenarios.md), so it can go through validateScenario, a share link or the editor.
 */
import { deflateRawSync } from 'node:zlib';

export interface LargeClusterOptions {
  readonly nodes?: number;
  readonly pods?: number;
  readonly services?: number;
}

export interface LargeScenario {
  apiVersion: 'podpath/v1';
  kind: 'Scenario';
  metadata: { name: string; description: string };
  cluster: Record<string, unknown>;
  probes: { id: string; from: string; to: string; protocol: 'icmp' | 'tcp' | 'http' }[];
}

/** The scenario object (not yet validated). Node names `node1…`, pods `client` and `web-<i>`. */
export function largeClusterScenario(opts: LargeClusterOptions = {}): LargeScenario {
  const nodeCount = opts.nodes ?? 200;
  const podCount = opts.pods ?? 2000;
  const serviceCount = opts.services ?? 5;
  if (nodeCount < 2 || nodeCount > 240) throw new Error('large-cluster: 2–240 nodes fit one /24 underlay');
  if (podCount < 2) throw new Error('large-cluster: at least a client and one web pod');
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node${i + 1}`, ip: `192.168.1.${i + 10}` }));
  const pods: Record<string, unknown>[] = [{ name: 'client', namespace: 'default', node: 'node1', labels: { app: 'client' } }];
  for (let i = 1; i < podCount; i++) {
    // round robin from the second node, so the last node holds web pods and node1 holds the client
    const node = nodes[i % nodeCount].name;
    pods.push({ name: `web-${i}`, namespace: 'default', node, labels: { app: `web${i % serviceCount}` }, ports: [8080] });
  }
  const services = Array.from({ length: serviceCount }, (_, s) => ({
    name: `web${s}`,
    namespace: 'default',
    selector: { app: `web${s}` },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
  }));
  return {
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: `large-${nodeCount}x${podCount}`, description: `Flannel VXLAN, ${nodeCount} nodes, ${podCount} pods, ${serviceCount} Services.` },
    cluster: { cni: 'flannel', mode: 'vxlan', kubeProxy: 'iptables', underlayMTU: 1500, nodes, pods, services },
    probes: [
      { id: 'cross-node', from: 'client', to: podOnLastNode(nodeCount, podCount) ?? 'web-1', protocol: 'icmp' },
      { id: 'service', from: 'client', to: 'web1.default.svc.cluster.local:80', protocol: 'http' },
      { id: 'clusterip', from: 'client', to: 'web1:80', protocol: 'tcp' },
    ],
  };
}

/**
 * The scenario as a v2 share link's hash (`#v=2&s=base64url(deflate-raw(JSON))`, as
 * src/ui/store/share-link.ts writes it): the v1 form of a large scenario is longer than a link may
 * be. Unvalidated on purpose: the page validates what a link brings.
 */
export function largeClusterHash(opts: LargeClusterOptions = {}): string {
  const json = JSON.stringify({ scenario: largeClusterScenario(opts) });
  return `#v=2&s=${deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url')}`;
}

/** The name of a web pod placed on the last node (pod i sits on node (i mod nodes) + 1). */
function podOnLastNode(nodeCount: number, podCount: number): string | null {
  for (let i = podCount - 1; i >= 1; i--) if (i % nodeCount === nodeCount - 1) return `web-${i}`;
  return null;
}
