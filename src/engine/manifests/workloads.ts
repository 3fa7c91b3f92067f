/**
 * Pods and the controllers that make them, expanded the way the controllers name their pods:
 * a Deployment's ReplicaSet `<deployment>-<pod-template-hash>` and its pods
 * `<replicaset>-<5 characters>` (names.SimpleNameGenerator), a StatefulSet's `<name>-<ordinal>`
 * with hostname and subdomain (its serviceName), a DaemonSet's one pod per node that admits it.
 * The lab cannot draw random suffixes: they are a hash of the owner and the index, in the
 * same alphabet (k8s.io/apimachinery/pkg/util/rand SafeEncodeString), so an import is stable.
 */
import { fnv1a } from '../wire/fnv';
import { Fields, type Path } from './fields';
import type { PodPlacement, Toleration } from './schedule';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString over the decimal hash, as pod-template-hash is written */
export function templateHash(template: unknown): string {
  return [...String(fnv1a(JSON.stringify(template ?? null)))].map((d) => SAFE[Number(d) % SAFE.length]).join('');
}

export function nameSuffix(owner: string, i: number): string {
  let out = '';
  for (let k = 0; k < 5; k++) out += SAFE[fnv1a(`${owner}/${i}/${k}`) % SAFE.length];
  return out;
}

/**
 * Another suffix for a name already taken. nameSuffix's five hashes of nearly equal strings
 * share their low bits: one owner gets only about a thousand different suffixes (measured), so
 * a large ReplicaSet meets taken names. Here one hash is mixed (MurmurHash3's fmix32) and read as
 * five base-27 digits (27^5 < 2^32). nameSuffix stays for the first try, so names do not change.
 */
function retrySuffix(owner: string, i: number, attempt: number): string {
  let h = fnv1a(`${owner}/${i}/retry/${attempt}`);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  let out = '';
  for (let k = 0; k < 5; k++, h = Math.floor(h / SAFE.length)) out += SAFE[h % SAFE.length];
  return out;
}

/** A pod as the scenario holds it, before the scheduler picks its node. */
export interface PodDraft {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly spec: Record<string, unknown>;
  readonly placement: PodPlacement;
  /** where its spec is in the manifest (for errors) */
  readonly at: Path;
  /** a DaemonSet pod is bound to its node */
  readonly daemon?: boolean;
}

/** The scenario pod fields read from a Pod spec at `at` (spec, or spec.template.spec). */
export function podSpecFields(f: Fields, at: Path): { spec: Record<string, unknown>; placement: PodPlacement } {
  const ports: unknown[] = [];
  f.list([...at, 'containers']).forEach((_, ci) => {
    const cAt = [...at, 'containers', ci];
    f.list([...cAt, 'ports']).forEach((__, pi) => {
      const pAt = [...cAt, 'ports', pi];
      const containerPort = f.num([...pAt, 'containerPort'], 1, 65535);
      if (containerPort === undefined) {
        if (f.get([...pAt, 'containerPort']) === undefined) f.fail([...pAt, 'containerPort'], 'Required value');
        return;
      }
      const name = f.str([...pAt, 'name']);
      const protocol = f.oneOf([...pAt, 'protocol'], ['TCP', 'UDP', 'SCTP'] as const) ?? 'TCP';
      ports.push({ ...(name ? { name } : {}), containerPort, protocol });
    });
  });
  const image = f.list([...at, 'containers']).map((_, ci) => f.str([...at, 'containers', ci, 'image']) ?? '');
  const spec: Record<string, unknown> = { ports };
  const hostNetwork = f.bool([...at, 'hostNetwork']);
  if (hostNetwork !== undefined) spec.hostNetwork = hostNetwork;
  const dnsPolicy = f.oneOf([...at, 'dnsPolicy'], ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const);
  if (dnsPolicy) spec.dnsPolicy = dnsPolicy;
  const dnsConfig = f.obj([...at, 'dnsConfig']);
  if (dnsConfig) spec.dnsConfig = dnsConfig;
  for (const k of ['hostname', 'subdomain'] as const) {
    const v = f.str([...at, k]);
    if (v) spec[k] = v;
  }
  // the image's C library decides the resolver's search behaviour (REFERENCE.md DNS): Alpine images
  // (`alpine`, `postgres:16-alpine`, `nginx:alpine3.20`) are musl; the lab reads the name, not the image
  if (image.length && image.every((i) => /(^|[/:-])alpine([\d.:-]|$)/.test(i))) spec.libc = 'musl';
  const tolerations: Toleration[] = f.list([...at, 'tolerations']).map((_, ti) => ({
    key: f.str([...at, 'tolerations', ti, 'key']),
    operator: f.oneOf([...at, 'tolerations', ti, 'operator'], ['Exists', 'Equal'] as const),
    value: f.str([...at, 'tolerations', ti, 'value']),
    effect: f.str([...at, 'tolerations', ti, 'effect']),
  }));
  return { spec, placement: { nodeName: f.str([...at, 'nodeName']), nodeSelector: f.labels([...at, 'nodeSelector']), tolerations } };
}

/** `spec.selector.matchLabels` must select the template's labels (apps/v1 validation). */
function checkSelector(f: Fields, labels: Record<string, string>): void {
  const sel = f.labels(['spec', 'selector', 'matchLabels']);
  if (!f.obj(['spec', 'selector'])) {
    f.fail(['spec', 'selector'], 'Required value');
    return;
  }
  if (Object.entries(sel).some(([k, v]) => labels[k] !== v))
    f.fail(['spec', 'template', 'metadata', 'labels'], `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
}

export function expandWorkload(f: Fields, kind: string, name: string, namespace: string): PodDraft[] {
  if (kind === 'Pod') {
    const { spec, placement } = podSpecFields(f, ['spec']);
    return [{ name, namespace, labels: f.labels(['metadata', 'labels']), spec, placement, at: ['spec'] }];
  }
  const at: Path = ['spec', 'template', 'spec'];
  if (!f.obj(['spec', 'template'])) {
    f.fail(['spec', 'template'], 'Required value');
    return [];
  }
  const labels = f.labels(['spec', 'template', 'metadata', 'labels']);
  checkSelector(f, labels);
  const { spec, placement } = podSpecFields(f, at);
  const replicas = kind === 'DaemonSet' ? 0 : (f.num(['spec', 'replicas'], 0, 1000) ?? 1);
  const draft = (podName: string, extra: Record<string, string>, more: Record<string, unknown> = {}): PodDraft => ({
    name: podName,
    namespace,
    labels: { ...labels, ...extra },
    spec: { ...spec, ...more },
    placement,
    at,
  });
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
    const hash = templateHash(f.get(['spec', 'template']));
    const rs = kind === 'Deployment' ? `${name}-${hash}` : name;
    const extra: Record<string, string> = kind === 'Deployment' ? { 'pod-template-hash': hash } : {};
    // the controller's random name can collide; the API server answers AlreadyExists and the
    // controller tries another name (replica_set.go manageReplicas). Here: the next candidate
    // suffix, so 1000 replicas get 1000 names (found by the size checks, issue 10)
    const used = new Set<string>();
    return Array.from({ length: replicas }, (_, i) => {
      let pod = `${rs}-${nameSuffix(`${kind}/${rs}`, i)}`;
      for (let attempt = 1; used.has(pod); attempt++) pod = `${rs}-${retrySuffix(`${kind}/${rs}`, i, attempt)}`;
      used.add(pod);
      return draft(pod, extra);
    });
  }
  if (kind === 'StatefulSet') {
    const svc = f.str(['spec', 'serviceName']);
    return Array.from({ length: replicas }, (_, i) =>
      draft(`${name}-${i}`, { 'statefulset.kubernetes.io/pod-name': `${name}-${i}` }, { hostname: `${name}-${i}`, ...(svc ? { subdomain: svc } : {}) }),
    );
  }
  return [{ ...draft(name, {}), daemon: true }]; // DaemonSet: a template, one pod per node later
}
