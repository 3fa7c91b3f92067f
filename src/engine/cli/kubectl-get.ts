/**
 * `kubectl get TYPE[,TYPE…] [NAME…] [-o wide] [-n NS | -A]` from the lab's API objects.
 *
 * Columns: kubernetes pkg/printers/internalversion/printers.go (podColumnDefinitions,
 * serviceColumnDefinitions, endpointColumnDefinitions, endpointSliceColumnDefinitions,
 * namespaceColumnDefinitions, nodeColumnDefinitions, configMapColumnDefinitions); -o wide
 * adds the priority-1 columns. Several kinds (kubectl get.go Run): one table per kind,
 * separated by an empty line, names prefixed `kind/` when more than one kind has objects;
 * NotFound errors come after the tables; nothing listed and no error: `No resources
 * found in NS namespace.` (stderr). Requests for v1 Endpoints carry the API server's
 * deprecation warning (UNVERIFIED source: seen in captured ≥v1.33 output).
 * Not modelled: kubelet/OS/runtime versions (nodes print `<unknown>`), node roles.
 */
import type { PodInfo } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import { type CommandResult, done, type Shell } from './context';
import { formatLabels, humanDuration, listWithMore, tabwrite } from './kubectl-format';
import { byNamespaceAndName, clusterIPs, corednsConfigMap, endpointsObjects, type EndpointsObject, objectAgeMs, podReady } from './kubectl-objects';
import { type Kind, KINDS, type ObjectRef } from './kubectl-resources';

export interface GetOptions {
  readonly namespace: string;
  readonly all: boolean;
  readonly wide: boolean;
}

export const ENDPOINTS_DEPRECATION = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';

interface Table {
  readonly head: readonly string[];
  readonly wideHead: readonly string[];
  /** [namespace, name, …cells, …wide cells] */
  readonly rows: readonly (readonly string[])[];
}

function podTable(pods: readonly PodInfo[], age: string): Table {
  return {
    head: ['READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHead: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    rows: pods.map((p) => [p.namespace, p.name, podReady(p), p.status, '0', age, p.ip ?? '<none>', p.node || '<none>', '<none>', '<none>']),
  };
}

/** printers.go makePortString: `port/PROTO`, `port:nodePort/PROTO`, comma-joined. */
export function portsText(s: ServiceInfo): string {
  return s.ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',') || '<none>';
}

/** printers.go getServiceExternalIP (a single load-balancer IP never needs the 16-character cut). */
export function externalIpText(s: ServiceInfo): string {
  switch (s.type) {
    case 'ClusterIP':
    case 'NodePort':
      return s.externalIPs.length ? s.externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...(s.loadBalancerIP ? [s.loadBalancerIP] : []), ...s.externalIPs];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return s.externalName ?? '';
  }
}

function serviceTable(services: readonly ServiceInfo[], age: string): Table {
  return {
    head: ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHead: ['SELECTOR'],
    rows: services.map((s) => [s.namespace, s.name, s.type, clusterIPs(s)[0] ?? '<none>', externalIpText(s), portsText(s), age, formatLabels(s.selector)]),
  };
}

/**
 * printers.go formatEndpoints(ep, nil): `ip:port` for every subset × port × ready address,
 * at most 3 then ` + N more...`; `<none>` with no subsets, an empty cell when only
 * not-ready addresses exist.
 */
export function endpointsText(ep: EndpointsObject): string {
  if (ep.subsets.length === 0) return '<none>';
  const all = ep.subsets.flatMap((ss) => (ss.ports.length ? ss.ports.flatMap((p) => ss.addresses.map((a) => `${a}:${p.port}`)) : [...ss.addresses]));
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
}

function endpointsTable(eps: readonly EndpointsObject[], age: string): Table {
  return { head: ['ENDPOINTS', 'AGE'], wideHead: [], rows: eps.map((e) => [e.namespace, e.name, endpointsText(e), age]) };
}

/** printers.go formatDiscoveryPorts / formatDiscoveryEndpoints: every address, ready or not, no ports. */
function sliceTable(slices: readonly EndpointSliceInfo[], age: string): Table {
  return {
    head: ['ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wideHead: [],
    rows: slices.map((e) => [
      e.namespace,
      e.name,
      e.addressType,
      listWithMore(e.ports.map((p) => String(p.port))),
      listWithMore(e.endpoints.flatMap((x) => x.addresses)),
      age,
    ]),
  };
}

type Named = { readonly namespace: string; readonly name: string };

/** The objects of a kind in the API, sorted as the API server lists them. */
function objectsOf(shell: Shell, kind: Kind): Named[] {
  const c = shell.lab.cluster;
  const sorted = <T extends Named>(xs: readonly T[]) => [...xs].sort(byNamespaceAndName);
  switch (kind) {
    case 'pods':
      return sorted(c.pods);
    case 'services':
      return sorted(c.api.services);
    case 'endpoints':
      return endpointsObjects(shell.lab);
    case 'endpointslices':
      return sorted(c.api.endpointSlices);
    case 'namespaces':
      return c.api.namespaces.map((n) => ({ namespace: '', name: n.name })).sort(byNamespaceAndName);
    case 'nodes':
      return c.nodes.map((n) => ({ namespace: '', name: n.name })).sort(byNamespaceAndName);
    case 'configmaps':
      return [corednsConfigMap(shell.lab)];
  }
}

function tableOf(shell: Shell, kind: Kind, objects: readonly Named[]): Table {
  const age = humanDuration(objectAgeMs(shell.lab));
  switch (kind) {
    case 'pods':
      return podTable(objects as PodInfo[], age);
    case 'services':
      return serviceTable(objects as ServiceInfo[], age);
    case 'endpoints':
      return endpointsTable(objects as EndpointsObject[], age);
    case 'endpointslices':
      return sliceTable(objects as EndpointSliceInfo[], age);
    case 'namespaces':
      return { head: ['STATUS', 'AGE'], wideHead: [], rows: objects.map((n) => ['', n.name, 'Active', age]) };
    case 'nodes': {
      const nodes = objects.map((o) => shell.lab.cluster.nodes.find((n) => n.name === o.name)!);
      return {
        head: ['STATUS', 'ROLES', 'AGE', 'VERSION'],
        wideHead: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
        rows: nodes.map((n) => ['', n.name, 'Ready', '<none>', age, '<unknown>', n.ip, '<none>', '<unknown>', '<unknown>', '<unknown>']),
      };
    }
    case 'configmaps':
      return {
        head: ['DATA', 'AGE'],
        wideHead: [],
        rows: objects.map((m) => [m.namespace, m.name, String(Object.keys(corednsConfigMap(shell.lab).data).length), age]),
      };
  }
}

/** One kind's objects as kubectl would fetch them: a list (filtered by namespace) or named gets. */
function fetch(shell: Shell, kind: Kind, names: readonly (string | undefined)[], o: GetOptions): { found: Named[]; errors: string[] } {
  const namespaced = KINDS[kind].namespaced;
  const inScope = objectsOf(shell, kind).filter((x) => !namespaced || o.all || x.namespace === o.namespace);
  if (names.includes(undefined)) return { found: inScope, errors: [] };
  const found: Named[] = [];
  const errors: string[] = [];
  // a named get is in one namespace (-A with a name still means the current one)
  const scope = namespaced ? objectsOf(shell, kind).filter((x) => x.namespace === o.namespace) : inScope;
  for (const name of names as string[]) {
    const hit = scope.find((x) => x.name === name);
    if (hit) found.push(hit);
    else errors.push(`Error from server (NotFound): ${KINDS[kind].resource} "${name}" not found`);
  }
  return { found, errors };
}

/**
 * kube-system/coredns is the one ConfigMap the lab holds. A cluster has others (kube-proxy,
 * kube-root-ca.crt in every namespace…), so a list or another name is not modelled.
 */
export function unmodelledConfigMap(refs: readonly ObjectRef[]): ObjectRef | undefined {
  return refs.find((r) => r.info.kind === 'configmaps' && r.name !== 'coredns');
}

/** Runs `kubectl get` for resolved refs. */
export function kubectlGetRefs(shell: Shell, refs: readonly ObjectRef[], o: GetOptions): CommandResult {
  const order: Kind[] = [];
  const names = new Map<Kind, (string | undefined)[]>();
  for (const r of refs) {
    if (!names.has(r.info.kind)) order.push(r.info.kind);
    names.set(r.info.kind, [...(names.get(r.info.kind) ?? []), r.name]);
  }
  const fetched = order.map((kind) => ({ kind, ...fetch(shell, kind, names.get(kind)!, o) }));
  const withKind = fetched.filter((f) => f.found.length > 0).length > 1;
  const out: string[] = order.includes('endpoints') ? [ENDPOINTS_DEPRECATION] : [];
  let written = false;
  for (const f of fetched) {
    if (f.found.length === 0) continue;
    const info = KINDS[f.kind];
    const t = tableOf(shell, f.kind, f.found);
    const withNs = o.all && info.namespaced;
    const head = [...(withNs ? ['NAMESPACE'] : []), 'NAME', ...t.head, ...(o.wide ? t.wideHead : [])];
    const rows = t.rows.map(([ns, name, ...cells]) => [
      ...(withNs ? [ns] : []),
      withKind ? `${info.prefix}/${name}` : name,
      ...cells.slice(0, t.head.length),
      ...(o.wide ? cells.slice(t.head.length) : []),
    ]);
    if (written) out.push('');
    out.push(...tabwrite([head, ...rows]));
    written = true;
  }
  const errors = fetched.flatMap((f) => f.errors);
  if (!written && errors.length === 0) out.push(o.all ? 'No resources found' : `No resources found in ${o.namespace} namespace.`);
  out.push(...errors);
  return done(shell, out, errors.length ? 1 : 0);
}
