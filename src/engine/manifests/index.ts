/**
 * Kubernetes manifests into the lab (SCENARIOS.md `manifests:`, the Import dialog, and the
 * terminal's `kubectl apply`): multi-document YAML or a List; Namespace, Pod, Deployment,
 * ReplicaSet, StatefulSet, DaemonSet (expanded to pods and scheduled), Service (every type),
 * EndpointSlice, NetworkPolicy and the Calico and Cilium policy CRDs. Other kinds are listed
 * as ignored — never dropped silently — and every error names the document, field and line.
 */
import type { EndpointSliceSpec, PodSpec, ServiceSpec } from '../model/scenario-schema';
import { endpointSliceSchema, podSchema, serviceSchema } from '../model/scenario-schema';
import { parsePolicyObject, type PolicyObject } from '../policy/objects';
import { isObj, readDocuments, type ManifestError, type Obj, type SourceObject } from './documents';
import { Fields, meta } from './fields';
import { endpointSliceFieldPath, endpointSliceInput, serviceFieldPath, serviceInput } from './kinds';
import { feasible, schedule, unschedulable, type SchedNode } from './schedule';
import { expandWorkload, nameSuffix, type PodDraft } from './workloads';

export { formatManifestError, type ManifestError } from './documents';

export interface ManifestObjects {
  readonly namespaces: readonly { name: string; labels: Record<string, string> }[];
  readonly pods: readonly PodSpec[];
  readonly services: readonly ServiceSpec[];
  readonly endpointSlices: readonly EndpointSliceSpec[];
  readonly networkPolicies: readonly PolicyObject[];
}

export interface IgnoredObject {
  readonly doc: number;
  readonly kind: string;
  readonly name: string;
  readonly why: string;
}

export type ManifestImport =
  | { readonly ok: true; readonly objects: ManifestObjects; readonly ignored: readonly IgnoredObject[] }
  | { readonly ok: false; readonly errors: readonly ManifestError[] };

export interface ImportContext {
  readonly nodes: readonly { name: string; labels?: Record<string, string>; taints?: SchedNode['taints'] }[];
  /** pods already in the scenario: the scheduler counts them */
  readonly pods: readonly { node: string; name?: string; namespace?: string }[];
}

/**
 * The pods one import may ask for. Past what the nodes hold (kubelet maxPods, schedule.ts) every
 * pod stays Pending, but each still costs its expansion: a 1 MB paste of 1000-replica
 * Deployments would hold the page for a minute. 2000 is above what 14 nodes (the most the
 * canvas draws) of 110 pods hold, so no import a lab can run is refused (issue 10 size checks).
 */
export const MAX_IMPORT_PODS = 2000;

const WORKLOADS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const APPS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
/** kinds the lab reads past on purpose: they change nothing on the datapath it models */
const NO_DATAPATH: Record<string, string> = {
  ConfigMap: 'configuration data: no datapath effect in the lab',
  Secret: 'no datapath effect in the lab',
  ServiceAccount: 'no datapath effect in the lab',
  Role: 'RBAC: no datapath effect',
  RoleBinding: 'RBAC: no datapath effect',
  ClusterRole: 'RBAC: no datapath effect',
  ClusterRoleBinding: 'RBAC: no datapath effect',
  Ingress: 'the lab models no Ingress controller',
  HorizontalPodAutoscaler: 'the lab does not autoscale',
  PodDisruptionBudget: 'no datapath effect in the lab',
  PersistentVolumeClaim: 'the lab models no storage',
  Job: 'the lab does not run Jobs',
  CronJob: 'the lab does not run CronJobs',
};

/** A manifest's policy, without the fields the server writes (the policy parsers read metadata and spec only). */
function policyValue(v: Obj): Obj {
  const m = isObj(v.metadata) ? v.metadata : {};
  const metadata: Obj = {};
  for (const k of ['name', 'namespace', 'labels', 'annotations']) if (m[k] !== undefined) metadata[k] = m[k];
  const out: Obj = { ...v, metadata };
  delete out.status;
  return out;
}

function schemaErrors(
  f: Fields,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  map: (p: readonly PropertyKey[]) => (string | number)[],
): void {
  for (const i of issues) f.fail(map(i.path), i.message);
}

export function importManifests(text: string, ctx: ImportContext): ManifestImport {
  const read = readDocuments(text);
  if (!read.ok) return read;
  const errors: ManifestError[] = [];
  const ignored: IgnoredObject[] = [];
  const namespaces: { name: string; labels: Record<string, string> }[] = [];
  const services: ServiceSpec[] = [];
  const endpointSlices: EndpointSliceSpec[] = [];
  const networkPolicies: PolicyObject[] = [];
  const drafts: { draft: PodDraft; f: Fields; kind: string; owner: string }[] = [];
  const seen = new Set<string>();

  for (const src of read.objects) {
    const f = new Fields(src);
    const kind = f.str(['kind'], true);
    const apiVersion = f.str(['apiVersion'], true);
    if (kind === undefined || apiVersion === undefined) {
      errors.push(...f.errors);
      continue;
    }
    const label = (n: string) => `${kind} ${n}`;
    if (APPS.has(kind) && apiVersion !== 'apps/v1') f.fail(['apiVersion'], `Unsupported value: "${apiVersion}": ${kind} is served as apps/v1`);
    const isPolicy = kind === 'NetworkPolicy' || kind === 'GlobalNetworkPolicy' || kind === 'CiliumNetworkPolicy';
    const m = meta(f, kind !== 'Namespace' && kind !== 'GlobalNetworkPolicy');
    if (!m) {
      errors.push(...f.errors);
      continue;
    }
    const key = `${apiVersion} ${kind} ${m.namespace}/${m.name}`;
    if (seen.has(key)) f.fail(['metadata', 'name'], `Duplicate value: ${label(m.name)} appears twice`);
    seen.add(key);
    if (kind === 'Namespace') namespaces.push({ name: m.name, labels: f.labels(['metadata', 'labels']) });
    else if (WORKLOADS.has(kind)) {
      for (const draft of expandWorkload(f, kind, m.name, m.namespace)) drafts.push({ draft, f, kind, owner: m.name });
      if (drafts.length > MAX_IMPORT_PODS) {
        f.fail(
          kind === 'Pod' ? ['metadata', 'name'] : ['spec', 'replicas'],
          `Forbidden: the manifests ask for more than ${MAX_IMPORT_PODS} pods, more than the lab reads from one import`,
        );
        return { ok: false, errors: f.errors.slice(-1) };
      }
    } else if (kind === 'Service') {
      const r = serviceSchema.safeParse(serviceInput(f, m.name, m.namespace));
      if (r.success) services.push(r.data);
      else schemaErrors(f, r.error.issues, serviceFieldPath);
    } else if (kind === 'EndpointSlice') {
      const input = endpointSliceInput(f, m.name, m.namespace);
      if (input) {
        const r = endpointSliceSchema.safeParse(input);
        if (r.success) endpointSlices.push(r.data);
        else schemaErrors(f, r.error.issues, endpointSliceFieldPath);
      }
    } else if (isPolicy) {
      const r = parsePolicyObject(policyValue(src.value));
      if (r.ok) networkPolicies.push(r.record);
      else for (const i of r.issues) f.fail(i.path ? i.path.split('.') : [], i.message);
    } else ignored.push({ doc: src.doc, kind, name: m.name, why: NO_DATAPATH[kind] ?? `the lab does not model ${kind} objects` });
    errors.push(...f.errors);
  }

  const nodes: SchedNode[] = ctx.nodes.map((n) => ({ name: n.name, labels: n.labels ?? {}, taints: n.taints ?? [] }));
  const load = new Map<string, number>();
  for (const p of ctx.pods) load.set(p.node, (load.get(p.node) ?? 0) + 1);
  const pods: PodSpec[] = [];
  const taken = new Set(ctx.pods.map((p) => `${p.namespace ?? 'default'}/${p.name ?? ''}`));
  const place = (d: PodDraft, f: Fields, node: string, name = d.name) => {
    if (taken.has(`${d.namespace}/${name}`)) {
      f.fail(['metadata', 'name'], `AlreadyExists: pods "${name}" already exists in namespace "${d.namespace}"`);
      return;
    }
    taken.add(`${d.namespace}/${name}`);
    const r = podSchema.safeParse({ name, namespace: d.namespace, node, labels: d.labels, ...d.spec });
    if (r.success) pods.push(r.data);
    else for (const i of r.error.issues) f.fail(i.path[0] === 'node' ? [...d.at, 'nodeName'] : i.path[0] === 'name' ? ['metadata', 'name'] : d.at, i.message);
  };
  const pendingMore = new Map<IgnoredObject, { first: string; count: number }>();
  for (const { draft, f, kind } of drafts) {
    if (draft.daemon) {
      // the DaemonSet controller makes one pod per node that passes the same filters (DaemonSet scheduling via default scheduler)
      const fits = nodes.filter((n) => feasible(n, draft.placement));
      fits.forEach((n) => place(draft, f, n.name, `${draft.name}-${nameSuffix(`DaemonSet/${draft.name}`, nodes.indexOf(n))}`));
      if (!fits.length) ignored.push({ doc: f.src.doc, kind, name: draft.name, why: `no pod created: ${unschedulable(nodes, draft.placement)}` });
      continue;
    }
    if (draft.placement.nodeName && !nodes.some((n) => n.name === draft.placement.nodeName)) {
      f.fail([...draft.at, 'nodeName'], `Invalid value: "${draft.placement.nodeName}": no such node in this lab (${nodes.map((n) => n.name).join(', ')})`);
      continue;
    }
    const node = schedule(nodes, load, draft.placement);
    if (node) {
      place(draft, f, node);
      continue;
    }
    const why = `stays Pending: ${unschedulable(nodes, draft.placement, load)}`;
    // once the nodes are full, the rest of a workload waits for the same reason: one line for
    // all of them, so 1000 replicas are one notice and not a thousand (issue 10 size checks)
    const last = ignored.at(-1);
    const more = last && last.doc === f.src.doc && last.why === why && why.includes('Too many pods') ? pendingMore.get(last) : undefined;
    if (last && more) {
      more.count++;
      const entry = { ...last, name: `${more.first} and ${more.count} more` };
      ignored[ignored.length - 1] = entry;
      pendingMore.delete(last);
      pendingMore.set(entry, more);
    } else {
      const entry = { doc: f.src.doc, kind: 'Pod', name: draft.name, why };
      ignored.push(entry);
      if (why.includes('Too many pods')) pendingMore.set(entry, { first: draft.name, count: 0 });
    }
  }
  // the drafts of one workload share its Fields: each Fields once, each error once (a nested
  // loop over them took 40 s for ten 1000-replica Deployments; issue 10 size checks)
  const listed = new Set(errors);
  for (const f of new Set(drafts.map((d) => d.f)))
    for (const e of f.errors)
      if (!listed.has(e)) {
        listed.add(e);
        errors.push(e);
      }
  if (errors.length) return { ok: false, errors: dedupe(errors) };
  return { ok: true, objects: { namespaces, pods, services, endpointSlices, networkPolicies }, ignored };
}

function dedupe(errors: readonly ManifestError[]): ManifestError[] {
  const keys = new Set<string>();
  const sorted = [...errors].sort((a, b) => a.doc - b.doc || (a.line ?? 0) - (b.line ?? 0));
  return sorted.filter((e) => {
    const k = `${e.doc} ${e.line} ${e.path} ${e.message}`;
    if (keys.has(k)) return false;
    keys.add(k);
    return true;
  });
}

export type { SourceObject };
