/**
 * What the layout parts (node groups, the outside, the Services row) write into while they
 * place things: React Flow nodes and edges, and the lookup tables the packet marker and the
 * highlights read (layout-types.ts TopologyLayout).
 */
import type { LinkData, LinkKind, Point, TopologyEdge, TopologyNode } from './layout-types';

export interface Sink {
  place: (n: TopologyNode, abs: Point, w: number, h: number) => void;
  edge: (
    source: string,
    target: string,
    kind: LinkKind,
    targetHandle?: string,
    label?: string,
    extra?: Omit<LinkData, 'kind' | 'label'>,
    sourceHandle?: string,
  ) => string;
  namespaces: Record<string, string>;
  devices: Record<string, string>;
  segments: Record<string, string>;
  ports: Record<string, Record<string, Point>>;
  centers: Record<string, Point>;
  serviceAddrs: Record<string, string>;
  endpointEdges: Record<string, Record<string, string>>;
  /** an address → the canvas node that holds it (pod card, hostNetwork label, node NIC, outside host) */
  owners: Record<string, string>;
}

export function newSink(): Sink & { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const centers: Record<string, Point> = {};
  return {
    nodes,
    edges,
    centers,
    namespaces: {},
    devices: {},
    segments: {},
    ports: {},
    serviceAddrs: {},
    endpointEdges: {},
    owners: {},
    place(n, abs, w, h) {
      nodes.push(n);
      centers[n.id] = { x: abs.x + w / 2, y: abs.y + h / 2 };
    },
    edge(source, target, kind, targetHandle = 't', label, extra, sourceHandle = 's') {
      const id = `${kind}:${source}~${target}`;
      edges.push({
        id,
        source,
        target,
        sourceHandle,
        targetHandle,
        type: 'link',
        data: { kind, label, ...extra },
        focusable: false,
        selectable: false,
      });
      return id;
    },
  };
}
