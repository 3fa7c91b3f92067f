/**
 * Cilium security identities: the labels an endpoint's identity is made of, the numeric ID, the
 * reserved identities, and matching an EndpointSelector against them.
 *
 * Labels (cilium/cilium pkg/k8s/apis/cilium.io/const.go, pkg/labels): every pod label as
 * `k8s:<key>=<value>`, plus `k8s:io.kubernetes.pod.namespace`, one
 * `k8s:io.cilium.k8s.namespace.labels.<key>` per namespace label,
 * `k8s:io.cilium.k8s.policy.cluster=default` and `k8s:io.cilium.k8s.policy.serviceaccount`
 * (podpath does not model service accounts: always `default`). Labels Cilium's default filter
 * drops from identities (pkg/labelsfilter: pod-template-hash, controller-revision-hash, …) are
 * dropped here too. Reserved identities (pkg/identity/numericidentity.go): host 1, world 2,
 * unmanaged 3, health 4, init 5, remote-node 6, kube-apiserver 7, ingress 8.
 * Simplified: Cilium allocates cluster identities (256-65535) from a counter in the kvstore or
 * CRDs; podpath derives a stable number from a hash of the label set (probing on collision).
 */
import type { Resolved } from './endpoints';
import { namespaceLabels } from './endpoints';
import type { LabelSelector, PolicyPod, PolicyWorld } from './types';

export const RESERVED_IDENTITIES = { host: 1, world: 2, unmanaged: 3, health: 4, init: 5, 'remote-node': 6, 'kube-apiserver': 7, ingress: 8 } as const;

export interface IdLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

export interface CiliumIdentity {
  readonly id: number;
  readonly kind: 'endpoint' | 'host' | 'remote-node' | 'world';
  /** carries reserved:kube-apiserver as well */
  readonly kubeApiserver: boolean;
  readonly labels: readonly IdLabel[];
  /** as hubble prints it: `(ID:12345)`, `(host)`, `(world)` */
  readonly text: string;
}

/** a subset of pkg/labelsfilter's default exclusions (`!pod-template-hash`, `!io\.kubernetes`, …) */
const FILTERED = [
  /^pod-template-hash$/,
  /^controller-revision-hash$/,
  /^pod-template-generation$/,
  /^controller-uid$/,
  /^job-name$/,
  /^io\.kubernetes\./,
  /^kubernetes\.io\//,
  /^statefulset\.kubernetes\.io\//,
  /^k8s\.io\//,
];

export function endpointLabels(world: PolicyWorld, pod: PolicyPod): IdLabel[] {
  const k8s = (key: string, value: string): IdLabel => ({ source: 'k8s', key, value });
  const labels = Object.entries(pod.labels)
    .filter(([k]) => !FILTERED.some((f) => f.test(k)))
    .map(([k, v]) => k8s(k, v));
  for (const [k, v] of Object.entries(namespaceLabels(world, pod.namespace))) labels.push(k8s(`io.cilium.k8s.namespace.labels.${k}`, v));
  labels.push(
    k8s('io.kubernetes.pod.namespace', pod.namespace),
    k8s('io.cilium.k8s.policy.cluster', 'default'),
    k8s('io.cilium.k8s.policy.serviceaccount', 'default'),
  );
  return labels.sort((a, b) => (labelString(a) < labelString(b) ? -1 : 1));
}

export const labelString = (l: IdLabel): string => `${l.source}:${l.key}${l.value === '' ? '' : `=${l.value}`}`;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** label-set key → numeric identity, for every endpoint of the world (stable under pod order). */
export function identityTable(world: PolicyWorld): Map<string, number> {
  const sets = [...new Set(world.pods.filter((p) => !p.hostNetwork).map((p) => endpointLabels(world, p).map(labelString).join(',')))].sort();
  const table = new Map<string, number>();
  const used = new Set<number>();
  const span = 65535 - 256 + 1;
  for (const s of sets) {
    let id = 256 + (fnv1a(s) % span);
    while (used.has(id)) id = 256 + ((id - 256 + 1) % span);
    used.add(id);
    table.set(s, id);
  }
  return table;
}

export function apiServerIps(world: PolicyWorld, explicit?: readonly string[]): readonly string[] {
  if (explicit) return explicit;
  return world.pods.filter((p) => p.hostNetwork && p.labels.component === 'kube-apiserver' && p.ip).map((p) => p.ip!);
}

/** The identity of one end of a connection as the datapath on `node` sees it. */
export function identityOf(world: PolicyWorld, table: Map<string, number>, end: Resolved, node: string, apiServers: readonly string[]): CiliumIdentity {
  if (end.kind === 'pod') {
    const labels = endpointLabels(world, end.pod);
    const id = table.get(labels.map(labelString).join(',')) ?? 0;
    return { id, kind: 'endpoint', kubeApiserver: false, labels, text: `(ID:${id})` };
  }
  const reserved = (name: string): IdLabel => ({ source: 'reserved', key: name, value: '' });
  if (end.kind === 'node') {
    const api = end.ip !== null && apiServers.includes(end.ip);
    const local = end.node === node;
    const kind = local ? 'host' : 'remote-node';
    const labels = [reserved(kind), ...(api ? [reserved('kube-apiserver')] : [])];
    // a remote node running the API server carries the kube-apiserver identity (7)
    const id = local ? RESERVED_IDENTITIES.host : api ? RESERVED_IDENTITIES['kube-apiserver'] : RESERVED_IDENTITIES['remote-node'];
    return { id, kind, kubeApiserver: api, labels, text: `(${local ? 'host' : api ? 'kube-apiserver' : 'remote-node'})` };
  }
  return { id: RESERVED_IDENTITIES.world, kind: 'world', kubeApiserver: false, labels: [reserved('world')], text: '(world)' };
}

/** `k8s:app` → (k8s, app); `app` and `any:app` → (any, app); `reserved:host` → (reserved, host) */
export function parseSelectorKey(key: string): { source: string; key: string } {
  const m = /^(k8s|any|reserved|cidr|container|unspec):(.*)$/.exec(key);
  return m ? { source: m[1], key: m[2] } : { source: 'any', key };
}

function lookup(labels: readonly IdLabel[], selectorKey: string): IdLabel | undefined {
  const k = parseSelectorKey(selectorKey);
  return labels.find((l) => l.key === k.key && (k.source === 'any' || l.source === k.source));
}

export function ciliumSelectorMatches(sel: LabelSelector, labels: readonly IdLabel[]): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (lookup(labels, k)?.value !== v) return false;
  return sel.matchExpressions.every((r) => {
    const l = lookup(labels, r.key);
    if (r.operator === 'In') return l !== undefined && r.values.includes(l.value);
    if (r.operator === 'NotIn') return l === undefined || !r.values.includes(l.value);
    return r.operator === 'Exists' ? l !== undefined : l === undefined;
  });
}

const NS_KEY = 'io.kubernetes.pod.namespace';

/**
 * getEndpointSelector (pkg/k8s/apis/cilium.io/utils/utils.go): a selector in a namespaced policy
 * that does not name the namespace label is limited to the policy's namespace; selectors on
 * reserved labels are left alone.
 */
export function scopeToNamespace(sel: LabelSelector, namespace: string): LabelSelector {
  const keys = [...Object.keys(sel.matchLabels), ...sel.matchExpressions.map((r) => r.key)].map(parseSelectorKey);
  if (keys.some((k) => k.source === 'reserved' || k.key === NS_KEY)) return sel;
  return { matchLabels: { ...sel.matchLabels, [`k8s:${NS_KEY}`]: namespace }, matchExpressions: sel.matchExpressions };
}
