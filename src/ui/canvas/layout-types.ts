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
export type PodData = { name: string; namespace: string; ip: string | null; status: string; mtu: number | null; netnsId: string; hostNetwork: boolean };
export type DeviceData = { netnsId: string; ifname: string; ifkind: string; addr: string | null; mtu: number; up: boolean; detail: string | null };
export type SegmentData = { segment: string; cidr: string; vertical: boolean; ports: { id: string; x: number; y: number }[] };
export type HostData = { name: string; role: 'router' | 'external'; ips: string[]; netnsId: string };

export type K8sFlowNode = Node<K8sNodeData, 'k8sNode'>;
export type PodFlowNode = Node<PodData, 'pod'>;
export type DeviceFlowNode = Node<DeviceData, 'device'>;
export type SegmentFlowNode = Node<SegmentData, 'segment'>;
export type HostFlowNode = Node<HostData, 'host'>;
export type TopologyNode = K8sFlowNode | PodFlowNode | DeviceFlowNode | SegmentFlowNode | HostFlowNode;

export type LinkKind = 'veth' | 'port' | 'stack' | 'lower' | 'wire';
export type LinkData = { kind: LinkKind; label?: string };
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
}

export const nodeId = {
  k8s: (node: string) => `k8s:${node}`,
  ns: (netnsId: string) => `ns:${netnsId}`,
  dev: (netnsId: string, ifname: string) => `dev:${netnsId}/${ifname}`,
  seg: (segment: string) => `seg:${segment}`,
};
