/**
 * Resource names as kubectl resolves them against the API server's discovery (plural,
 * singular, short names, `kind.group`), for the kinds the lab models, and the other
 * built-in kinds of a kubeadm cluster (v1.33) so that `kubectl get deploy` says "not
 * modelled yet" while `kubectl get foo` gets kubectl's own
 * `error: the server doesn't have a resource type "foo"`.
 * The built-in list is from `kubectl api-resources` of a vanilla cluster, written from
 * memory (UNVERIFIED for the newest groups); it only decides which of the two answers an
 * unmodelled name gets.
 */

export type Kind = 'pods' | 'nodes' | 'services' | 'endpoints' | 'endpointslices' | 'namespaces' | 'configmaps';

export interface KindInfo {
  readonly kind: Kind;
  /** the resource as API errors name it (`endpointslices.discovery.k8s.io`) */
  readonly resource: string;
  /** lower-case Kind (and group) as kubectl prefixes names when several kinds are listed */
  readonly prefix: string;
  readonly namespaced: boolean;
}

export const KINDS: Readonly<Record<Kind, KindInfo>> = {
  pods: { kind: 'pods', resource: 'pods', prefix: 'pod', namespaced: true },
  nodes: { kind: 'nodes', resource: 'nodes', prefix: 'node', namespaced: false },
  services: { kind: 'services', resource: 'services', prefix: 'service', namespaced: true },
  endpoints: { kind: 'endpoints', resource: 'endpoints', prefix: 'endpoints', namespaced: true },
  endpointslices: { kind: 'endpointslices', resource: 'endpointslices.discovery.k8s.io', prefix: 'endpointslice.discovery.k8s.io', namespaced: true },
  namespaces: { kind: 'namespaces', resource: 'namespaces', prefix: 'namespace', namespaced: false },
  configmaps: { kind: 'configmaps', resource: 'configmaps', prefix: 'configmap', namespaced: true },
};

const NAMES: Readonly<Record<string, Kind>> = {
  pods: 'pods',
  pod: 'pods',
  po: 'pods',
  nodes: 'nodes',
  node: 'nodes',
  no: 'nodes',
  services: 'services',
  service: 'services',
  svc: 'services',
  // Endpoints is its own singular (the RESTMapper's guess for kind Endpoints)
  endpoints: 'endpoints',
  ep: 'endpoints',
  endpointslices: 'endpointslices',
  endpointslice: 'endpointslices',
  'endpointslices.discovery.k8s.io': 'endpointslices',
  'endpointslice.discovery.k8s.io': 'endpointslices',
  namespaces: 'namespaces',
  namespace: 'namespaces',
  ns: 'namespaces',
  configmaps: 'configmaps',
  configmap: 'configmaps',
  cm: 'configmaps',
};

/** plural [singular] [short names…] of the built-in kinds the lab does not model */
const OTHER_BUILTINS = `bindings binding; componentstatuses componentstatus cs; events event ev; limitranges limitrange limits;
persistentvolumeclaims persistentvolumeclaim pvc; persistentvolumes persistentvolume pv; podtemplates podtemplate;
replicationcontrollers replicationcontroller rc; resourcequotas resourcequota quota; secrets secret; serviceaccounts serviceaccount sa;
mutatingwebhookconfigurations mutatingwebhookconfiguration; validatingwebhookconfigurations validatingwebhookconfiguration;
validatingadmissionpolicies validatingadmissionpolicy; validatingadmissionpolicybindings validatingadmissionpolicybinding;
customresourcedefinitions customresourcedefinition crd crds; apiservices apiservice; controllerrevisions controllerrevision;
daemonsets daemonset ds; deployments deployment deploy; replicasets replicaset rs; statefulsets statefulset sts;
selfsubjectreviews selfsubjectreview; tokenreviews tokenreview; localsubjectaccessreviews localsubjectaccessreview;
selfsubjectaccessreviews selfsubjectaccessreview; selfsubjectrulesreviews selfsubjectrulesreview; subjectaccessreviews subjectaccessreview;
horizontalpodautoscalers horizontalpodautoscaler hpa; cronjobs cronjob cj; jobs job; certificatesigningrequests certificatesigningrequest csr;
leases lease; flowschemas flowschema; prioritylevelconfigurations prioritylevelconfiguration; ingressclasses ingressclass;
ingresses ingress ing; networkpolicies networkpolicy netpol; ipaddresses ipaddress; servicecidrs servicecidr; runtimeclasses runtimeclass;
poddisruptionbudgets poddisruptionbudget pdb; clusterrolebindings clusterrolebinding; clusterroles clusterrole; rolebindings rolebinding;
roles role; priorityclasses priorityclass pc; csidrivers csidriver; csinodes csinode; csistoragecapacities csistoragecapacity;
storageclasses storageclass sc; volumeattachments volumeattachment; volumeattributesclasses volumeattributesclass vac;
deviceclasses deviceclass; resourceclaims resourceclaim; resourceclaimtemplates resourceclaimtemplate; resourceslices resourceslice; all`;

const BUILTIN = new Set(OTHER_BUILTINS.split(/[;\s]+/).filter(Boolean));

export type ResolvedKind = { readonly ok: true; readonly info: KindInfo } | { readonly ok: false; readonly known: boolean };

/** A resource word as typed (`svc`, `Pods`, `endpointslices.discovery.k8s.io`). */
export function resolveKind(word: string): ResolvedKind {
  const w = word.toLowerCase();
  const kind = NAMES[w];
  if (kind) return { ok: true, info: KINDS[kind] };
  return { ok: false, known: BUILTIN.has(w) || BUILTIN.has(w.split('.')[0]) };
}

export interface ObjectRef {
  readonly info: KindInfo;
  /** undefined: every object of the kind */
  readonly name?: string;
}

export type RefsResult =
  { readonly ok: true; readonly refs: readonly ObjectRef[] } | { readonly ok: false; readonly error: string; readonly notModelled?: string };

/**
 * kubectl's ResourceTypeOrNameArgs: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME …`.
 * Errors in kubectl's words; a real kind the lab does not model comes back as notModelled.
 */
export function parseRefs(args: readonly string[]): RefsResult {
  if (args.length === 0) return { ok: false, error: 'error: Required resource not specified.' };
  const kinds = (words: string): KindInfo[] | RefsResult => {
    const out: KindInfo[] = [];
    for (const w of words.split(',').filter(Boolean)) {
      const r = resolveKind(w);
      if (!r.ok) return r.known ? { ok: false, error: '', notModelled: w } : { ok: false, error: `error: the server doesn't have a resource type "${w}"` };
      out.push(r.info);
    }
    return out;
  };
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/')))
      return { ok: false, error: 'error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form' };
    const refs: ObjectRef[] = [];
    for (const a of args) {
      const [type, name] = a.split('/', 2);
      const k = kinds(type);
      if (!Array.isArray(k)) return k;
      refs.push(...k.map((info) => ({ info, name })));
    }
    return { ok: true, refs };
  }
  const [types, ...names] = args;
  const k = kinds(types);
  if (!Array.isArray(k)) return k;
  return { ok: true, refs: names.length ? k.flatMap((info) => names.map((name) => ({ info, name }))) : k.map((info) => ({ info })) };
}
