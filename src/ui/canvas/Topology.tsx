import { useCallback, useEffect, useMemo } from 'react';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, type NodeChange, type NodeMouseHandler } from '@xyflow/react';
import { useLabStore } from '../store/lab-store';
import { layoutCluster } from './layout';
import type { TopologyNode } from './layout-types';
import { planPacketPath } from '../playback/packet-path';
import { isFailure } from '../playback/hop-format';
import { useCanvasStore } from './canvas-store';
import { K8sNode } from './nodes/K8sNode';
import { PodNode } from './nodes/PodNode';
import { DeviceNode } from './nodes/DeviceNode';
import { SegmentNode } from './nodes/SegmentNode';
import { HostNode } from './nodes/HostNode';
import { LinkEdge } from './LinkEdge';
import { PacketMarker } from './PacketMarker';

// Module scope: React Flow re-creates every node when these objects change identity.
const nodeTypes = { k8sNode: K8sNode, pod: PodNode, device: DeviceNode, segment: SegmentNode, host: HostNode };
const edgeTypes = { link: LinkEdge };
const FIT = { padding: 0.08, maxZoom: 1.2 };
const ARIA = { 'node.a11yDescription.default': 'Press Enter to inspect this pod or node. Arrow keys pan the canvas.' };

/** The netns a canvas node stands for (selection shows its interfaces, routes and neighbours). */
function netnsOfNode(n: TopologyNode | undefined): string | null {
  if (!n) return null;
  if (n.type === 'device') return n.data.netnsId;
  if (n.type === 'segment') return null;
  return n.data.netnsId;
}

const minimapColor = (n: { type?: string }) => (n.type === 'pod' ? '#3b82f6' : n.type === 'k8sNode' ? '#1e293b' : n.type === 'host' ? '#f59e0b' : '#64748b');

export function Topology() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const trace = useLabStore((s) => s.trace);
  const cursor = useLabStore((s) => s.cursor);
  const selected = useLabStore((s) => s.selected);
  const layout = useMemo(() => layoutCluster(cluster), [cluster]);
  const plan = useMemo(() => (trace ? planPacketPath(layout, trace.hops) : null), [layout, trace]);
  // Selection lives in the lab store (the Details picker selects too); the canvas mirrors it.
  const nodes = useMemo(() => layout.nodes.map((n) => ({ ...n, selected: n.type !== 'device' && n.type !== 'segment' && netnsOfNode(n) === selected })), [layout, selected]);
  const { fitView } = useReactFlow();

  // A new cluster (shape switch, scenario load) is a new drawing: refit it.
  useEffect(() => {
    const t = requestAnimationFrame(() => void fitView(FIT));
    return () => cancelAnimationFrame(t);
  }, [layout, fitView]);

  // Highlight the hop under the cursor (canvas and hop list stay in step).
  useEffect(() => {
    const set = useCanvasStore.getState().set;
    if (!plan || !trace) return set({ current: null, crossed: [], visited: [], failedAt: null });
    const upto = plan.anchors.slice(0, cursor + 1).filter((a): a is string => !!a);
    const hop = trace.hops[cursor];
    set({ current: plan.anchors[cursor] ?? null, crossed: plan.edges[cursor] ?? [], visited: upto, failedAt: hop && isFailure(hop) ? (plan.anchors[cursor] ?? null) : null });
  }, [plan, trace, cursor]);

  const onNodesChange = useCallback(
    (changes: NodeChange<TopologyNode>[]) => {
      for (const c of changes) {
        if (c.type === 'select' && c.selected) {
          const id = netnsOfNode(layout.nodes.find((n) => n.id === c.id));
          if (id) useLabStore.getState().select(id);
        }
      }
    },
    [layout],
  );
  const onNodeClick: NodeMouseHandler<TopologyNode> = useCallback((_e, n) => {
    const id = netnsOfNode(n);
    if (id) useLabStore.getState().select(id);
  }, []);
  const onPaneClick = useCallback(() => useLabStore.getState().select(null), []);

  return (
    <ReactFlow<TopologyNode>
      nodes={nodes}
      edges={layout.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onPaneClick={onPaneClick}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      fitView
      fitViewOptions={FIT}
      minZoom={0.15}
      maxZoom={2.5}
      colorMode="dark"
      ariaLabelConfig={ARIA}
      aria-label="Cluster topology"
    >
      <Background variant={BackgroundVariant.Dots} gap={24} size={1} />
      <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Minimap" />
      <Controls showInteractive={false} />
      {plan && <PacketMarker plan={plan} />}
    </ReactFlow>
  );
}
