/**
 * Reading `kubectl apply -f -` input: YAML documents (or a `kind: List`) into the lab's
 * records. A Service becomes the scenario's Service spec (SCENARIOS.md `services`), a policy
 * object the normalised record the scenario holds (policy/objects.ts parsePolicyObject), an
 * EndpointSlice the API record kube-proxy reads (model/k8s.ts EndpointSliceInfo).
 * Validation errors use the API server's field-path wording
 * (`The Service "web" is invalid: spec.ports: Required value`, k8s.io/apimachinery field errors).
 */
import { parseAllDocuments } from 'yaml';
import type { EndpointSliceInfo, Protocol } from '../../model/k8s';
import type { ServiceSpec } from '../../model/scenario-schema';
import { parsePolicyObject, type PolicyObject } from '../../policy/objects';
import { isIpv4 } from '../../wire/ipv4';

export type Manifest =
  | { readonly kind: 'Service'; readonly name: string; readonly namespace: string; readonly spec: ServiceSpec }
  | { readonly kind: 'EndpointSlice'; readonly name: string; readonly namespace: string; readonly slice: EndpointSliceInfo }
  | {
      readonly kind: 'Policy';
      readonly name: string;
      readonly namespace: string | null;
      readonly apiVersion: string;
      readonly objKind: string;
      readonly record: PolicyObject;
    };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const DNS1123 = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function readDocuments(text: string): { docs: Obj[] } | { error: string } {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Obj[] = [];
  for (const d of list) {
    if (d.errors.length) return { error: `error: error parsing STDIN: error converting YAML to JSON: ${d.errors[0].message.split('\n')[0]}` };
    let v: unknown;
    try {
      // the yaml library throws on an alias bomb ("billion laughs") instead of expanding it
      v = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { error: `error: error parsing STDIN: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (v === null || v === undefined) continue;
    if (!isObj(v)) return { error: 'error: error validating data: the object is not a mapping' };
    if (v.kind === 'List' && Array.isArray(v.items)) out.push(...v.items.filter(isObj));
    else out.push(v);
  }
  if (out.length === 0) return { error: 'error: no objects passed to apply' };
  return { docs: out };
}

const invalid = (kind: string, name: string, what: string) => `The ${kind} "${name}" is invalid: ${what}`;

function serviceSpec(o: Obj, name: string, namespace: string): ServiceSpec | { error: string } {
  const spec = isObj(o.spec) ? o.spec : {};
  const meta = isObj(o.metadata) ? o.metadata : {};
  const type = (spec.type ?? 'ClusterIP') as ServiceSpec['type'];
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
    return {
      error: invalid(
        'Service',
        name,
        `spec.type: Unsupported value: "${String(type)}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
      ),
    };
  const rawPorts = Array.isArray(spec.ports) ? spec.ports.filter(isObj) : [];
  const ports: ServiceSpec['ports'][number][] = [];
  for (const [i, p] of rawPorts.entries()) {
    const port = Number(p.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return { error: invalid('Service', name, `spec.ports[${i}].port: Invalid value: ${String(p.port)}: must be between 1 and 65535, inclusive`) };
    const protocol = (p.protocol ?? 'TCP') as Protocol;
    if (!PROTOCOLS.includes(protocol))
      return { error: invalid('Service', name, `spec.ports[${i}].protocol: Unsupported value: "${String(protocol)}": supported values: "SCTP", "TCP", "UDP"`) };
    const target = p.targetPort;
    ports.push({
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      port,
      ...(typeof target === 'number' || (typeof target === 'string' && target !== '') ? { targetPort: target } : {}),
      protocol,
      ...(typeof p.nodePort === 'number' ? { nodePort: p.nodePort } : {}),
    });
  }
  const clusterIP = spec.clusterIP;
  if (type !== 'ExternalName' && clusterIP !== 'None' && ports.length === 0) return { error: invalid('Service', name, 'spec.ports: Required value') };
  if (clusterIP !== undefined && clusterIP !== 'None' && clusterIP !== '' && !(typeof clusterIP === 'string' && isIpv4(clusterIP)))
    return { error: invalid('Service', name, `spec.clusterIPs[0]: Invalid value: "${String(clusterIP)}": must be a valid IP address`) };
  if (type === 'ExternalName' && typeof spec.externalName !== 'string') return { error: invalid('Service', name, 'spec.externalName: Required value') };
  if (ports.length > 1 && ports.some((p) => !p.name)) return { error: invalid('Service', name, 'spec.ports[1].name: Required value') };
  const strMap = (v: unknown): Record<string, string> | undefined =>
    isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined;
  const affinity =
    isObj(spec.sessionAffinityConfig) && isObj(spec.sessionAffinityConfig.clientIP) ? spec.sessionAffinityConfig.clientIP.timeoutSeconds : undefined;
  return {
    name,
    namespace,
    labels: strMap(meta.labels) ?? {},
    ...(strMap(spec.selector) ? { selector: strMap(spec.selector) } : {}),
    ports,
    type,
    ...(typeof clusterIP === 'string' && clusterIP !== '' ? { clusterIP } : {}),
    ...(typeof spec.externalName === 'string' ? { externalName: spec.externalName } : {}),
    sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeout: typeof affinity === 'number' ? affinity : 10800,
    externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    internalTrafficPolicy: spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    externalIPs: Array.isArray(spec.externalIPs) ? spec.externalIPs.map(String).filter(isIpv4) : [],
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
  } as ServiceSpec;
}

function endpointSlice(o: Obj, name: string, namespace: string): EndpointSliceInfo | { error: string } {
  const meta = isObj(o.metadata) ? o.metadata : {};
  const labels = isObj(meta.labels) ? meta.labels : {};
  if (o.addressType !== 'IPv4')
    return {
      error: invalid(
        'EndpointSlice',
        name,
        `addressType: ${o.addressType === undefined ? 'Required value' : `Unsupported value: "${String(o.addressType)}" (the lab is IPv4-only)`}`,
      ),
    };
  const ports = (Array.isArray(o.ports) ? o.ports.filter(isObj) : []).map((p) => ({
    ...(typeof p.name === 'string' ? { name: p.name } : {}),
    port: Number(p.port),
    protocol: ((p.protocol as Protocol) ?? 'TCP') as Protocol,
  }));
  const endpoints: EndpointSliceInfo['endpoints'][number][] = [];
  for (const [i, e] of (Array.isArray(o.endpoints) ? o.endpoints.filter(isObj) : []).entries()) {
    const addresses = Array.isArray(e.addresses) ? e.addresses.map(String) : [];
    const bad = addresses.find((a) => !isIpv4(a));
    if (addresses.length === 0) return { error: invalid('EndpointSlice', name, `endpoints[${i}].addresses: Required value`) };
    if (bad) return { error: invalid('EndpointSlice', name, `endpoints[${i}].addresses[0]: Invalid value: "${bad}": must be a valid IPv4 address`) };
    const c = isObj(e.conditions) ? e.conditions : {};
    // discovery/v1: a nil ready condition means ready
    const ready = c.ready !== false;
    endpoints.push({
      addresses,
      conditions: { ready, serving: c.serving === undefined ? ready : c.serving === true, terminating: c.terminating === true },
      ...(typeof e.nodeName === 'string' ? { nodeName: e.nodeName } : {}),
      ...(typeof e.hostname === 'string' ? { hostname: e.hostname } : {}),
    });
  }
  const service = labels['kubernetes.io/service-name'];
  return {
    name,
    namespace,
    service: typeof service === 'string' ? service : '',
    addressType: 'IPv4',
    ports,
    endpoints,
    managedBy: typeof labels['endpointslice.kubernetes.io/managed-by'] === 'string' ? (labels['endpointslice.kubernetes.io/managed-by'] as string) : '',
  };
}

/** One document as a lab object; `namespace` is -n (the document's own wins, as kubectl does when they agree). */
export function readManifest(o: Obj, namespace: string): Manifest | { error: string } {
  const meta = isObj(o.metadata) ? o.metadata : {};
  const name = meta.name;
  const apiVersion = String(o.apiVersion ?? '');
  const kind = String(o.kind ?? '');
  if (!kind || !apiVersion)
    return {
      error: `error: error validating data: [${!apiVersion ? 'apiVersion not set' : ''}${!apiVersion && !kind ? ', ' : ''}${!kind ? 'kind not set' : ''}]`,
    };
  if (typeof name !== 'string' || name === '') return { error: 'error: error when retrieving current configuration: resource name may not be empty' };
  const ns = typeof meta.namespace === 'string' ? meta.namespace : namespace;
  if (ns !== namespace && typeof meta.namespace === 'string' && namespace !== 'default' && namespace !== ns)
    return {
      error: `error: the namespace from the provided object "${ns}" does not match the namespace "${namespace}". You must pass '--namespace=${ns}' to perform this operation.`,
    };
  if (!DNS1123.test(name))
    return {
      error: invalid(
        kind,
        name,
        `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      ),
    };
  if (apiVersion === 'v1' && kind === 'Service') {
    const spec = serviceSpec(o, name, ns);
    return 'error' in spec ? spec : { kind: 'Service', name, namespace: ns, spec };
  }
  if (apiVersion === 'discovery.k8s.io/v1' && kind === 'EndpointSlice') {
    const slice = endpointSlice(o, name, ns);
    return 'error' in slice ? slice : { kind: 'EndpointSlice', name, namespace: ns, slice };
  }
  const policyKinds = [
    'networking.k8s.io/v1 NetworkPolicy',
    'projectcalico.org/v3 NetworkPolicy',
    'projectcalico.org/v3 GlobalNetworkPolicy',
    'cilium.io/v2 CiliumNetworkPolicy',
  ];
  if (policyKinds.includes(`${apiVersion} ${kind}`)) {
    const global = kind === 'GlobalNetworkPolicy';
    const withNs = global ? o : { ...o, metadata: { ...meta, namespace: ns } };
    const r = parsePolicyObject(withNs);
    if (!r.ok) return { error: invalid(kind, name, r.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join(', ')) };
    return { kind: 'Policy', name, namespace: global ? null : ns, apiVersion, objKind: kind, record: r.record };
  }
  return { error: `notModelled:${apiVersion} ${kind}` };
}
