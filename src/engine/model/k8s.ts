/**
 * The Kubernetes API objects the lab's agents read (as plain readonly records): Namespaces,
 * Services, EndpointSlices, and the cluster's DNS and kube-proxy settings. Pods are PodInfo
 * (datapath.ts). kube-proxy programs node tables from Services and EndpointSlices, CoreDNS
 * answers from them, and faults and terminal commands edit them (then the running agents
 * re-sync), as in a real cluster. Field names follow the Kubernetes API (k8s.io/api core/v1,
 * discovery/v1).
 */
import type { Ipv4 } from '../wire/ipv4';
import type { PolicyObject } from '../policy/objects';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface NamespaceInfo {
  readonly name: string;
  /** includes `kubernetes.io/metadata.name: <name>` (set by the API server, immutable) */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ServicePortInfo {
  readonly name?: string;
  readonly port: number;
  /** a number, or a container port name resolved per pod */
  readonly targetPort: number | string;
  readonly protocol: Protocol;
  readonly nodePort?: number;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServiceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly type: ServiceType;
  /** `None` for a headless Service; null for ExternalName */
  readonly clusterIP: Ipv4 | 'None' | null;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortInfo[];
  readonly labels: Readonly<Record<string, string>>;
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds (default 10800) */
  readonly sessionAffinityTimeout: number;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly externalName?: string;
  readonly externalIPs: readonly Ipv4[];
  /** status.loadBalancer.ingress[0].ip: the address the outside load balancer answers on */
  readonly loadBalancerIP?: Ipv4;
  readonly publishNotReadyAddresses: boolean;
}

export interface EndpointInfo {
  readonly addresses: readonly Ipv4[];
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean };
  readonly nodeName?: string;
  readonly hostname?: string;
  readonly targetRef?: { readonly kind: 'Pod'; readonly namespace: string; readonly name: string };
}

export interface EndpointSlicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface EndpointSliceInfo {
  readonly name: string;
  readonly namespace: string;
  /** the Service it belongs to (label kubernetes.io/service-name) */
  readonly service: string;
  readonly addressType: 'IPv4';
  readonly ports: readonly EndpointSlicePort[];
  readonly endpoints: readonly EndpointInfo[];
  /** label endpointslice.kubernetes.io/managed-by */
  readonly managedBy: string;
}

export interface ClusterDnsConfig {
  /** kubelet --cluster-domain */
  readonly domain: string;
  /** kubelet --cluster-dns: the kube-dns Service's ClusterIP */
  readonly serviceIP: Ipv4;
  /** the resolver in the nodes' /etc/resolv.conf (CoreDNS forwards to it); null: none reachable */
  readonly upstream: Ipv4 | null;
  /** search domains of the nodes' /etc/resolv.conf (appended to a pod's ClusterFirst search list) */
  readonly hostSearch: readonly string[];
  readonly corefile: string;
}

export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'ebpf' | 'none';

export interface KubeProxyConfig {
  readonly mode: KubeProxyMode;
  /** kube-proxy --cluster-cidr (kubeadm: the pod subnet): sources outside it are masqueraded */
  readonly clusterCIDR: string;
  /** nodes whose kube-proxy is stopped: their rules stay as they were at that moment */
  readonly stopped: readonly string[];
  /** IPVS scheduler (kube-proxy --ipvs-scheduler, default rr) */
  readonly ipvsScheduler: 'rr' | 'lc' | 'sh';
}

/** The API objects of a cluster: what `kubectl get` lists and what the agents watch. */
export interface ClusterApi {
  readonly namespaces: readonly NamespaceInfo[];
  readonly services: readonly ServiceInfo[];
  readonly endpointSlices: readonly EndpointSliceInfo[];
  /** NetworkPolicies and the policy CRDs of the shape (Calico, Cilium), normalised (policy/types.ts) */
  readonly networkPolicies: readonly PolicyObject[];
}

export function serviceKey(s: { readonly namespace: string; readonly name: string }): string {
  return `${s.namespace}/${s.name}`;
}
