/**
 * The API server's side of Services: ClusterIP and NodePort allocation, the built-in
 * `default/kubernetes` Service, and the EndpointSlice controller turning a Service's selector
 * into endpoints (K8S pkg/controller/endpointslice: ready pods matching the selector in the
 * Service's namespace; a named targetPort resolved per pod; endpoints grouped into slices by
 * their port list).
 *
 * Allocation: the API server picks a random free address from the service CIDR's upper band
 * (the first min(max(16, size/16), 256) addresses are kept for static picks such as kube-dns's
 * .10; K8S pkg/registry/core/service/ipallocator). The lab has no global randomness, so the
 * pick is a hash of the Service's name — stable for a scenario, spread like a random one.
 * NodePorts likewise from 30000–32767.
 */
import type { EndpointSliceSpec, ServiceSpec as ServiceSpecInput } from '../model/scenario-schema';
import type { NodeInfo, PodInfo } from '../model/datapath';
import type { ClusterApi, EndpointInfo, EndpointSliceInfo, EndpointSlicePort, NamespaceInfo, Protocol, ServiceInfo } from '../model/k8s';
import { cidrSize, intToIp, ipToInt, type Cidr, type Ipv4 } from '../wire/ipv4';
import type { PolicyObject } from '../policy/objects';

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** Lower-case letters and digits without vowels, as the API server's generateName suffixes (k8s.io/apimachinery rand.String). */
const SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

export function generatedSuffix(seed: string, n = 5): string {
  let h = fnv(seed);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += SUFFIX[h % SUFFIX.length];
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return out;
}

/** The static band at the start of a service CIDR (ipallocator: min(max(16, size/16), 256)). */
export function staticBand(c: Cidr): number {
  return Math.min(Math.max(16, Math.floor(cidrSize(c) / 16)), 256);
}

export class ServiceIpAllocator {
  private readonly used = new Set<Ipv4>();
  constructor(private readonly cidr: Cidr) {}

  reserve(ip: Ipv4): string | undefined {
    const n = ipToInt(ip) - ipToInt(this.cidr.net);
    if (n <= 0 || n >= cidrSize(this.cidr) - 1) return `${ip} is not in the service CIDR ${this.cidr.net}/${this.cidr.prefix}`;
    if (this.used.has(ip)) return `provided IP is already allocated: ${ip}`;
    this.used.add(ip);
    return undefined;
  }

  allocate(key: string): Ipv4 | undefined {
    const size = cidrSize(this.cidr);
    const band = staticBand(this.cidr);
    const span = size - band - 1;
    if (span <= 0) return undefined;
    const start = fnv(key) % span;
    for (let i = 0; i < span; i++) {
      const ip = intToIp(ipToInt(this.cidr.net) + band + ((start + i) % span));
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return undefined;
  }
}

const NODEPORT_MIN = 30000;
const NODEPORT_SPAN = 2768;

export class NodePortAllocator {
  private readonly used = new Set<number>();
  reserve(port: number): string | undefined {
    if (this.used.has(port)) return `provided port is already allocated: ${port}`;
    this.used.add(port);
    return undefined;
  }
  allocate(key: string): number {
    const start = fnv(key) % NODEPORT_SPAN;
    for (let i = 0; i < NODEPORT_SPAN; i++) {
      const port = NODEPORT_MIN + ((start + i) % NODEPORT_SPAN);
      if (!this.used.has(port)) {
        this.used.add(port);
        return port;
      }
    }
    return NODEPORT_MIN;
  }
}

export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** podutil.FindPort: a numeric targetPort is itself; a name is the pod's container port of that name and protocol. */
export function resolveTargetPort(pod: PodInfo, target: number | string, protocol: Protocol): number | undefined {
  if (typeof target === 'number') return target;
  return pod.ports.find((p) => p.name === target && p.protocol === protocol)?.containerPort;
}

/** The EndpointSlices the controller writes for `svc` (none for ExternalName or selector-less Services). */
export function endpointSlicesFor(svc: ServiceInfo, pods: readonly PodInfo[], nodes: readonly NodeInfo[]): EndpointSliceInfo[] {
  if (svc.type === 'ExternalName' || !svc.selector) return [];
  const groups = new Map<string, { ports: EndpointSlicePort[]; endpoints: EndpointInfo[] }>();
  for (const pod of pods) {
    if (pod.namespace !== svc.namespace || !pod.ip || !selectorMatches(svc.selector, pod.labels)) continue;
    const ports: EndpointSlicePort[] = [];
    for (const sp of svc.ports) {
      const port = resolveTargetPort(pod, sp.targetPort, sp.protocol);
      if (port !== undefined) ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol });
    }
    const key = JSON.stringify(ports);
    const g = groups.get(key) ?? { ports, endpoints: [] };
    const running = pod.status === 'Running';
    const ready = running && pod.ready;
    g.endpoints.push({
      addresses: [pod.ip],
      conditions: { ready, serving: ready, terminating: false },
      nodeName: nodes.some((n) => n.name === pod.node) ? pod.node : undefined,
      ...(pod.hostname && pod.subdomain === svc.name ? { hostname: pod.hostname } : {}),
      targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    });
    groups.set(key, g);
  }
  const slices = [...groups.values()].map((g, i) => ({
    name: `${svc.name}-${generatedSuffix(`${svc.namespace}/${svc.name}/${i}`)}`,
    namespace: svc.namespace,
    service: svc.name,
    addressType: 'IPv4' as const,
    ports: g.ports,
    endpoints: g.endpoints,
    managedBy: 'endpointslice-controller.k8s.io',
  }));
  // A selector that matches nothing still gets one slice, with no endpoints (the controller keeps a placeholder).
  if (slices.length === 0)
    return [
      {
        name: `${svc.name}-${generatedSuffix(`${svc.namespace}/${svc.name}/0`)}`,
        namespace: svc.namespace,
        service: svc.name,
        addressType: 'IPv4',
        ports: [],
        endpoints: [],
        managedBy: 'endpointslice-controller.k8s.io',
      },
    ];
  return slices;
}

export interface ApiInput {
  readonly serviceCidr: Cidr;
  readonly services: readonly ServiceSpecInput[];
  readonly namespaces: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>> }[];
  readonly pods: readonly PodInfo[];
  readonly nodes: readonly NodeInfo[];
  /** kube-dns's ClusterIP (kubelet --cluster-dns) */
  readonly dnsIP: Ipv4;
  /** the API server's address and port: the `kubernetes` Service's endpoint */
  readonly apiServer: { readonly ip: Ipv4; readonly port: number; readonly node?: string };
  /** kube-dns is created only when CoreDNS is deployed */
  readonly coredns: boolean;
  /** where the cloud's load balancers get their addresses (none: no cloud, EXTERNAL-IP stays <pending>) */
  readonly lbPool?: { readonly net: Ipv4; readonly first: number };
  /** the scenario's policy objects; their namespaces exist like those of its pods and Services */
  readonly networkPolicies?: readonly PolicyObject[];
  /** hand-written EndpointSlices (scenario endpointSlices, manifests): kept as written, not managed by the controller */
  readonly endpointSlices?: readonly EndpointSliceSpec[];
}

/** A hand-written slice as the API holds it. */
export function userSlice(e: EndpointSliceSpec): EndpointSliceInfo {
  return {
    name: e.name,
    namespace: e.namespace,
    service: e.service,
    addressType: 'IPv4',
    managedBy: e.managedBy,
    ports: e.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
    endpoints: e.endpoints.map((x) => ({
      addresses: x.addresses,
      conditions: { ready: x.ready, serving: x.serving ?? x.ready, terminating: x.terminating },
      ...(x.nodeName ? { nodeName: x.nodeName } : {}),
    })),
  };
}

export interface ApiError {
  readonly path: string;
  readonly message: string;
}

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** The API objects of a new cluster: namespaces, the built-in Services, the scenario's Services, and their EndpointSlices. */
export function buildApi(input: ApiInput): { api: ClusterApi; errors: ApiError[] } {
  const errors: ApiError[] = [];
  const alloc = new ServiceIpAllocator(input.serviceCidr);
  const ports = new NodePortAllocator();
  const kubernetesIP = intToIp(ipToInt(input.serviceCidr.net) + 1);
  alloc.reserve(kubernetesIP);
  if (input.coredns) {
    const err = alloc.reserve(input.dnsIP);
    if (err) errors.push({ path: 'cluster.dns.serviceIP', message: err });
  }
  input.services.forEach((s, i) => {
    if (s.clusterIP && s.clusterIP !== 'None') {
      const err = alloc.reserve(s.clusterIP);
      if (err) errors.push({ path: `cluster.services[${i}].clusterIP`, message: `${s.namespace}/${s.name}: ${err}` });
    }
    s.ports.forEach((p, j) => {
      if (p.nodePort !== undefined) {
        const err = ports.reserve(p.nodePort);
        if (err) errors.push({ path: `cluster.services[${i}].ports[${j}].nodePort`, message: err });
      }
    });
  });
  const services: ServiceInfo[] = [
    {
      name: 'kubernetes',
      namespace: 'default',
      type: 'ClusterIP',
      clusterIP: kubernetesIP,
      ports: [{ name: 'https', port: 443, targetPort: input.apiServer.port, protocol: 'TCP' }],
      labels: { component: 'apiserver', provider: 'kubernetes' },
      sessionAffinity: 'None',
      sessionAffinityTimeout: 10800,
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      externalIPs: [],
      publishNotReadyAddresses: false,
    },
  ];
  if (input.coredns)
    services.push({
      name: 'kube-dns',
      namespace: 'kube-system',
      type: 'ClusterIP',
      clusterIP: input.dnsIP,
      selector: { 'k8s-app': 'kube-dns' },
      // kubeadm's kube-dns Service (cmd/kubeadm/app/phases/addons/dns/manifests.go)
      ports: [
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
      ],
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      sessionAffinity: 'None',
      sessionAffinityTimeout: 10800,
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      externalIPs: [],
      publishNotReadyAddresses: false,
    });
  let nextLb = 0;
  const lbIp = (s: ServiceSpecInput): Ipv4 | undefined => {
    if (s.type !== 'LoadBalancer') return undefined;
    if (s.loadBalancerIP) return s.loadBalancerIP;
    return input.lbPool ? intToIp(ipToInt(input.lbPool.net) + input.lbPool.first + nextLb++) : undefined;
  };
  for (const s of input.services) {
    const key = `${s.namespace}/${s.name}`;
    const lb = lbIp(s);
    const clusterIP = s.type === 'ExternalName' ? null : s.clusterIP === 'None' ? 'None' : (s.clusterIP ?? alloc.allocate(key) ?? null);
    services.push({
      name: s.name,
      namespace: s.namespace,
      type: s.type,
      clusterIP,
      ...(s.selector ? { selector: s.selector } : {}),
      ports: s.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        protocol: p.protocol,
        ...(s.type === 'NodePort' || s.type === 'LoadBalancer' ? { nodePort: p.nodePort ?? ports.allocate(`${key}:${p.name ?? p.port}`) } : {}),
      })),
      labels: s.labels,
      sessionAffinity: s.sessionAffinity,
      sessionAffinityTimeout: s.sessionAffinityTimeout,
      externalTrafficPolicy: s.externalTrafficPolicy,
      internalTrafficPolicy: s.internalTrafficPolicy,
      ...(s.externalName ? { externalName: s.externalName } : {}),
      externalIPs: s.externalIPs,
      ...(lb ? { loadBalancerIP: lb } : {}),
      publishNotReadyAddresses: s.publishNotReadyAddresses,
    });
  }
  const endpointSlices: EndpointSliceInfo[] = [
    {
      name: 'kubernetes',
      namespace: 'default',
      service: 'kubernetes',
      addressType: 'IPv4',
      ports: [{ name: 'https', port: input.apiServer.port, protocol: 'TCP' }],
      endpoints: [{ addresses: [input.apiServer.ip], conditions: { ready: true, serving: true, terminating: false } }],
      managedBy: 'endpointslice-controller.k8s.io',
    },
    ...services.slice(1).flatMap((s) => endpointSlicesFor(s, input.pods, input.nodes)),
    ...(input.endpointSlices ?? []).map(userSlice),
  ];
  const nsNames = new Set<string>([
    ...SYSTEM_NAMESPACES,
    ...input.namespaces.map((n) => n.name),
    ...input.pods.map((p) => p.namespace),
    ...services.map((s) => s.namespace),
    ...(input.networkPolicies ?? []).flatMap((p) => ('namespace' in p && p.namespace ? [p.namespace] : [])),
  ]);
  const declared = new Map(input.namespaces.map((n) => [n.name, n.labels]));
  const namespaces: NamespaceInfo[] = [...nsNames]
    .sort()
    .map((name) => ({ name, labels: { ...(declared.get(name) ?? {}), 'kubernetes.io/metadata.name': name } }));
  return { api: { namespaces, services, endpointSlices, networkPolicies: input.networkPolicies ?? [] }, errors };
}

/** Re-runs the EndpointSlice controller for every Service (after pods changed: scaled, not ready, relabelled). */
export function resyncEndpointSlices(api: ClusterApi, pods: readonly PodInfo[], nodes: readonly NodeInfo[]): ClusterApi {
  const keep = api.endpointSlices.filter((e) => e.managedBy !== 'endpointslice-controller.k8s.io' || e.service === 'kubernetes');
  return {
    ...api,
    endpointSlices: [...keep, ...api.services.flatMap((s) => (s.name === 'kubernetes' && s.namespace === 'default' ? [] : endpointSlicesFor(s, pods, nodes)))],
  };
}
