/**
 * What the canvas draws, as plain records: React Flow nodes and edges plus the absolute
 * geometry the packet marker follows. Built from `lab.cluster` only (layout.ts).
 */
import type { Edge, Node } from '@xyflow/react';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type K8sNodeData = { name: string; ip: string; podCidr: string; netnsId: string; flipped: boolean };
export type PodData = {
  name: string;
  namespace: string;
  ip: string | null;
  status: string;
  /** why a pod that is not Running has no address (the CNI ADD error kubelet reports) */
  statusReason?: string | null;
  mtu: number | null;
  netnsId: string;
  hostNetwork: boolean;
  /** a cluster component (kube-system): CoreDNS, the API server */
  system: boolean;
  /** what the system pod is, for its card: `CoreDNS` */
  app: string | null;
  /** the Ready condition: a pod that is not ready is no Service endpoint */
  ready: boolean;
};
export type DeviceData = {
  netnsId: string;
  ifname: string;
  ifkind: string;
  /** the topology's role for it: bridge, tunnel, nic, dummy, host */
  role?: string;
  addr: string | null;
  mtu: number;
  up: boolean;
  detail: string | null;
  /** every address on the device (kube-ipvs0 holds one per Service address) */
  addrs?: string[];
};
/** A hostNetwork pod: no namespace of its own, drawn as a label inside its node. */
export type HostPodData = { name: string; namespace: string; ports: string; netnsId: string; system: boolean };
/** A Service: a virtual address that kube-proxy translates to its endpoints; no place a packet stops at. */
export type ServiceData = {
  name: string;
  namespace: string;
  type: string;
  clusterIP: string | null;
  ports: string[];
  system: boolean;
  ready: number;
  total: number;
};
/** Where a node's routed pods meet when there is no bridge: its routing, in the shape's words (`routing table`, `eBPF datapath`). */
export type HubData = { netnsId: string; label: string };
export type SegmentData = { segment: string; cidr: string; vertical: boolean; ports: { id: string; x: number; y: number }[] };
export type HostData = { name: string; role: 'router' | 'external'; ips: string[]; netnsId: string };
/** The nodes of a large cluster the packet does not cross, folded into one card (layout-collapse.ts). */
export type CollapsedData = { nodes: number; pods: number; first: string; last: string };
/** a drawn node's pods the packet does not cross, folded into one card in its pod band */
export type FoldedPodsData = { node: string; pods: number; system: number };

export type K8sFlowNode = Node<K8sNodeData, 'k8sNode'>;
export type PodFlowNode = Node<PodData, 'pod'>;
export type DeviceFlowNode = Node<DeviceData, 'device'>;
export type SegmentFlowNode = Node<SegmentData, 'segment'>;
export type HostFlowNode = Node<HostData, 'host'>;
export type HostPodFlowNode = Node<HostPodData, 'hostpod'>;
export type HubFlowNode = Node<HubData, 'hub'>;
export type ServiceFlowNode = Node<ServiceData, 'service'>;
export type CollapsedFlowNode = Node<CollapsedData, 'collapsed'>;
export type FoldedPodsFlowNode = Node<FoldedPodsData, 'foldedPods'>;
export type TopologyNode =
  | K8sFlowNode
  | PodFlowNode
  | DeviceFlowNode
  | SegmentFlowNode
  | HostFlowNode
  | HostPodFlowNode
  | ServiceFlowNode
  | HubFlowNode
  | CollapsedFlowNode
  | FoldedPodsFlowNode;

/**
 * `endpoint`: a Service to one of its endpoints; `tunnel`: a tunnel between two nodes' tunnel
 * devices; `peering`: a control-plane session between two nodes (BGP). These three are drawn
 * for reading, never travelled by the marker (the packet itself crosses the wire).
 */
export type LinkKind = 'veth' | 'port' | 'stack' | 'lower' | 'wire' | 'endpoint' | 'tunnel' | 'peering';
export type LinkData = {
  kind: LinkKind;
  label?: string;
  notReady?: boolean;
  /** drawn as an arc bulging this far (flow units; positive: downwards) instead of a straight line */
  bend?: number;
  /** a broken session (BGP not Established) */
  down?: boolean;
};
export type TopologyEdge = Edge<LinkData, 'link'>;

export interface TopologyLayout {
  readonly nodes: TopologyNode[];
  readonly edges: TopologyEdge[];
  /** absolute centre of every canvas node (groups included) */
  readonly centers: Readonly<Record<string, Point>>;
  /** segment canvas id → member canvas id → absolute point where the member plugs in */
  readonly ports: Readonly<Record<string, Readonly<Record<string, Point>>>>;
  /** `${netnsId}/${ifname}` → the canvas node that draws that interface */
  readonly devices: Readonly<Record<string, string>>;
  /** netns id → the canvas node standing for the namespace (pod card, router, host, node group) */
  readonly namespaces: Readonly<Record<string, string>>;
  /** segment id → canvas id */
  readonly segments: Readonly<Record<string, string>>;
  /** `ip:port` (and the bare ip) a Service answers on — ClusterIP, NodePorts, external IPs → its canvas id */
  readonly serviceAddrs: Readonly<Record<string, string>>;
  /** Service canvas id → endpoint address → the edge drawn to it */
  readonly endpointEdges: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const nodeId = {
  k8s: (node: string) => `k8s:${node}`,
  ns: (netnsId: string) => `ns:${netnsId}`,
  dev: (netnsId: string, ifname: string) => `dev:${netnsId}/${ifname}`,
  seg: (segment: string) => `seg:${segment}`,
  svc: (namespace: string, name: string) => `svc:${namespace}/${name}`,
  hostPod: (namespace: string, name: string) => `hostpod:${namespace}/${name}`,
  hub: (netnsId: string) => `hub:${netnsId}`,
};
