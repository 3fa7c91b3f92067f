/**
 * A Kubernetes NetworkPolicy record (policy/types.ts, what the scenario holds once parsed) back
 * as the manifest it means, every default written out as the API server returns it. Types
 * only, so the page's share links can use it through the engine's face (a link must carry what
 * the schema reads).
 */
import type { PolicyObject } from './objects';
import type { CiliumPeerRule, CiliumPolicy, CiliumRule } from './crd-types';
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRecord, NetworkPolicyRule } from './types';

const selector = (s: LabelSelector) => ({
  ...(Object.keys(s.matchLabels).length ? { matchLabels: { ...s.matchLabels } } : {}),
  ...(s.matchExpressions.length
    ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values.length ? { values: [...e.values] } : {}) })) }
    : {}),
});

const peer = (p: NetworkPolicyPeer) =>
  p.kind === 'ipBlock'
    ? { ipBlock: { cidr: p.cidr, ...(p.except.length ? { except: [...p.except] } : {}) } }
    : {
        ...(p.podSelector ? { podSelector: selector(p.podSelector) } : {}),
        ...(p.namespaceSelector ? { namespaceSelector: selector(p.namespaceSelector) } : {}),
      };

const port = (p: NetworkPolicyPort) => ({
  protocol: p.protocol,
  ...(p.port !== null ? { port: p.port } : {}),
  ...(p.endPort !== null ? { endPort: p.endPort } : {}),
});

const rule = (r: NetworkPolicyRule, peers: 'from' | 'to') => ({
  ...(r.peers.length ? { [peers]: r.peers.map(peer) } : {}),
  ...(r.ports.length ? { ports: r.ports.map(port) } : {}),
});

/** A Kubernetes NetworkPolicy record back as the manifest it means (defaults written out, as the API server returns it). */
export function networkPolicyManifest(p: NetworkPolicyRecord): unknown {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace },
    spec: {
      podSelector: selector(p.podSelector),
      policyTypes: [...p.policyTypes],
      ...(p.ingress.length ? { ingress: p.ingress.map((r) => rule(r, 'from')) } : {}),
      ...(p.egress.length ? { egress: p.egress.map((r) => rule(r, 'to')) } : {}),
    },
  };
}

/** One Cilium rule list entry back as written: `fromEndpoints` / `toCIDRSet` / `toEntities`, `toPorts` (pkg/policy/api). */
function ciliumPeer(r: CiliumPeerRule, dir: 'from' | 'to') {
  return {
    ...(r.endpoints ? { [`${dir}Endpoints`]: r.endpoints.map(selector) } : {}),
    ...(r.cidrs ? { [`${dir}CIDRSet`]: r.cidrs.map((c) => ({ cidr: c.cidr, ...(c.except.length ? { except: [...c.except] } : {}) })) } : {}),
    ...(r.entities ? { [`${dir}Entities`]: [...r.entities] } : {}),
    ...(r.toPorts.length
      ? {
          toPorts: r.toPorts.map((t) => ({
            ports: t.ports.map((x) => ({ port: String(x.port), protocol: x.protocol, ...(x.endPort !== null ? { endPort: x.endPort } : {}) })),
            ...(t.http
              ? { rules: { http: t.http.map((h) => ({ ...(h.method !== null ? { method: h.method } : {}), ...(h.path !== null ? { path: h.path } : {}) })) } }
              : {}),
          })),
        }
      : {}),
  };
}

function ciliumSpec(r: CiliumRule) {
  const d = r.enableDefaultDeny;
  return {
    endpointSelector: selector(r.endpointSelector),
    ...(r.ingress.length ? { ingress: r.ingress.map((x) => ciliumPeer(x, 'from')) } : {}),
    ...(r.ingressDeny.length ? { ingressDeny: r.ingressDeny.map((x) => ciliumPeer(x, 'from')) } : {}),
    ...(r.egress.length ? { egress: r.egress.map((x) => ciliumPeer(x, 'to')) } : {}),
    ...(r.egressDeny.length ? { egressDeny: r.egressDeny.map((x) => ciliumPeer(x, 'to')) } : {}),
    ...(d.ingress && d.egress ? {} : { enableDefaultDeny: { ingress: d.ingress, egress: d.egress } }),
  };
}

/** A CiliumNetworkPolicy record back as its cilium.io/v2 manifest. */
export function ciliumPolicyManifest(p: CiliumPolicy): unknown {
  const specs = p.rules.map(ciliumSpec);
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace },
    ...(p.multi ? { specs } : { spec: specs[0] }),
  };
}

/**
 * A policy as a scenario file holds it: a Kubernetes or Cilium record as its manifest; a Calico
 * record as it is (simplified: its selectors are held parsed, and there is no way back here).
 */
export function policyManifest(p: PolicyObject): unknown {
  if (p.kind === 'NetworkPolicy') return networkPolicyManifest(p);
  if (p.kind === 'CiliumNetworkPolicy') return ciliumPolicyManifest(p);
  return p;
}
