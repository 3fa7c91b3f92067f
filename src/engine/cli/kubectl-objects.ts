/**
 * The API objects kubectl reads, derived from the lab's cluster: pods (PodInfo), Services,
 * EndpointSlices, Namespaces (model/k8s.ts), the v1 Endpoints the endpoints controller
 * writes from the same pods, the pods' Events and CoreDNS's ConfigMap.
 *
 * Time: the cluster is created when the scenario starts, so every object's
 * creationTimestamp is lab time 0 and its AGE is the lab clock (KernelState.now).
 * List order is the API server's: etcd key order, by namespace then name.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Lab } from '../lab';
import type { PodInfo } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import { ipToInt } from '../wire/ipv4';

/** How long ago the cluster's objects were created (all at scenario start). */
export function objectAgeMs(lab: Lab): number {
  return lab.kernel.now;
}

export function byNamespaceAndName<T extends { readonly namespace: string; readonly name: string }>(a: T, b: T): number {
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

// Pods ------------------------------------------------------------------------------------

/** READY `ready/containers`: every lab pod runs one container. */
export function podReady(p: PodInfo): string {
  return p.ready && p.status === 'Running' ? '1/1' : '0/1';
}

/** status.phase: a pod whose sandbox could not be set up is still Pending (its container is Waiting: ContainerCreating). */
export function podPhase(p: PodInfo): 'Running' | 'Pending' {
  return p.status === 'Running' ? 'Running' : 'Pending';
}

/** A static pod's mirror (the API server): controlled by its Node, never scheduled. */
export function isStaticPod(p: PodInfo): boolean {
  return p.owner?.startsWith('Node/') ?? false;
}

/** Priority and class as the Priority admission plugin resolves them (kubeadm's manifests name the system classes). */
export function podPriority(p: PodInfo): { priority: number; className?: string } {
  if (isStaticPod(p)) return { priority: 2000001000, className: 'system-node-critical' };
  if (p.owner?.startsWith('ReplicaSet/coredns-')) return { priority: 2000000000, className: 'system-cluster-critical' };
  return { priority: 0 };
}

/** spec.serviceAccountName: `default` unless the manifest names one (kubeadm's CoreDNS: coredns); mirror pods get none. */
export function podServiceAccount(p: PodInfo): string | undefined {
  if (isStaticPod(p)) return undefined;
  return p.owner?.startsWith('ReplicaSet/coredns-') ? 'coredns' : 'default';
}

// Services --------------------------------------------------------------------------------

/** Annotations the lab's system objects carry (kubeadm cmd/kubeadm/app/phases/addons/dns/manifests.go CoreDNSService). */
export function serviceAnnotations(s: ServiceInfo): Readonly<Record<string, string>> {
  return s.namespace === 'kube-system' && s.name === 'kube-dns' ? { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } : {};
}

/** spec.clusterIPs as the API server stores them (ExternalName has none). */
export function clusterIPs(s: ServiceInfo): string[] {
  return s.clusterIP ? [s.clusterIP] : [];
}

/**
 * spec.ipFamilyPolicy as the API server defaults it on a single-stack IPv4 cluster:
 * SingleStack, except a headless Service without selector, which defaults to
 * RequireDualStack (Kubernetes docs, "IPv4/IPv6 dual-stack": headless Services without
 * selectors); ExternalName has none.
 */
export function ipFamilyPolicy(s: ServiceInfo): string | undefined {
  if (s.type === 'ExternalName') return undefined;
  if (s.clusterIP === 'None' && !s.selector) return 'RequireDualStack';
  return 'SingleStack';
}

export function slicesOf(lab: Lab, s: { readonly namespace: string; readonly name: string }): EndpointSliceInfo[] {
  return lab.cluster.api.endpointSlices.filter((e) => e.namespace === s.namespace && e.service === s.name);
}

// Endpoints (core/v1) ----------------------------------------------------------------------

export interface EndpointsSubset {
  readonly addresses: readonly string[];
  readonly notReadyAddresses: readonly string[];
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: string }[];
}

export interface EndpointsObject {
  readonly namespace: string;
  readonly name: string;
  readonly subsets: readonly EndpointsSubset[];
}

function byIp(a: string, b: string): number {
  return ipToInt(a) - ipToInt(b);
}

/**
 * The Endpoints object of a Service, as the endpoints controller writes it from the same
 * pods as its EndpointSlices (pkg/controller/endpoint): one subset per distinct port list,
 * ready addresses and notReadyAddresses sorted by IP (endpoints.RepackSubsets). Services
 * without selector (and ExternalName) get none; the API server keeps `kubernetes` itself.
 * Simplified: ports stay in the Service's order (RepackSubsets sorts them by a hash).
 */
export function endpointsObjects(lab: Lab): EndpointsObject[] {
  const out: EndpointsObject[] = [];
  for (const s of lab.cluster.api.services) {
    const slices = slicesOf(lab, s);
    if (s.type === 'ExternalName' || (!s.selector && !(s.namespace === 'default' && s.name === 'kubernetes')) || slices.length === 0) continue;
    const subsets = slices
      .filter((e) => e.endpoints.length > 0)
      .map((e) => ({
        addresses: e.endpoints
          .filter((x) => x.conditions.ready)
          .flatMap((x) => x.addresses)
          .sort(byIp),
        notReadyAddresses: e.endpoints
          .filter((x) => !x.conditions.ready)
          .flatMap((x) => x.addresses)
          .sort(byIp),
        ports: e.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })),
      }));
    out.push({ namespace: s.namespace, name: s.name, subsets });
  }
  return out.sort(byNamespaceAndName);
}

// Events ----------------------------------------------------------------------------------

export interface PodEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  /** lab time (ms) the event was first seen */
  readonly at: number;
  readonly from: string;
  readonly message: string;
}

/** kube-apiserver --event-ttl default (1h): older events are gone from the API. */
export const EVENT_TTL_MS = 3600_000;

/** containerd's sandbox id: 64 hex digits; the lab derives a stable one from the pod's name. */
export function sandboxId(p: PodInfo): string {
  return bytesToHex(sha256(new TextEncoder().encode(`sandbox:${p.namespace}/${p.name}`)));
}

/**
 * The CNI ADD failure as the kubelet reports it (kuberuntime_manager.go: "Failed to create pod
 * sandbox: %v"), through containerd's RunPodSandbox ("failed to setup network for sandbox
 * %q: %w") around libcni's error, which the CNI program wrote as pod.statusReason (`plugin
 * type="flannel" failed (add): …`). The gRPC code `Unknown` is as seen in captured outputs.
 */
export function sandboxFailure(p: PodInfo): string {
  return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId(p)}": ${p.statusReason ?? ''}`;
}

/**
 * What the scheduler and kubelet reported about a pod that the lab models: Scheduled
 * ("Successfully assigned %v/%v to %v", default-scheduler; static pods are not scheduled)
 * and, for a pod stuck in ContainerCreating, the first FailedCreatePodSandBox.
 * Simplified: the kubelet's retries (the event's count and `(xN over …)`) and its container
 * events (Pulled, Created, Started) are not modelled.
 */
export function podEvents(lab: Lab, p: PodInfo): PodEvent[] {
  const events: PodEvent[] = [];
  const now = lab.kernel.now;
  if (!isStaticPod(p) && now < EVENT_TTL_MS)
    events.push({
      type: 'Normal',
      reason: 'Scheduled',
      at: 0,
      from: 'default-scheduler',
      message: `Successfully assigned ${p.namespace}/${p.name} to ${p.node}`,
    });
  if (p.status === 'ContainerCreating' && p.statusReason)
    events.push({ type: 'Warning', reason: 'FailedCreatePodSandBox', at: 0, from: 'kubelet', message: sandboxFailure(p) });
  return events;
}

// ConfigMaps ------------------------------------------------------------------------------

/**
 * kube-system/coredns as kubeadm creates it (manifests.go CoreDNSConfigMap: no labels or
 * annotations, data.Corefile a YAML literal block, so it ends in a newline). Its text is
 * the lab's cluster.dns.corefile.
 */
export function corednsConfigMap(lab: Lab): { namespace: string; name: string; data: Record<string, string> } {
  return { namespace: 'kube-system', name: 'coredns', data: { Corefile: `${lab.cluster.dns.corefile.replace(/\n$/, '')}\n` } };
}
