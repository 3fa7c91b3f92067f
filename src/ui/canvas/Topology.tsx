import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type FitViewOptions,
  type NodeChange,
  type NodeMouseHandler,
} from '@xyflow/react';
import { useLabStore } from '../store/lab-store';
import { layoutCluster } from './layout';
import type { TopologyNode } from './layout-types';
import { planPacketPath } from '../playback/packet-path';
import { partStarts } from '../playback/flatten';
import { CursorSync } from './CursorSync';
import { K8sNode } from './nodes/K8sNode';
import { PodNode } from './nodes/PodNode';
import { DeviceNode } from './nodes/DeviceNode';
import { SegmentNode } from './nodes/SegmentNode';
import { HostNode } from './nodes/HostNode';
import { HostPodNode } from './nodes/HostPodNode';
import { ServiceNode } from './nodes/ServiceNode';
import { HubNode } from './nodes/HubNode';
import { LinkEdge } from './LinkEdge';
import { PacketMarker } from './PacketMarker';

// Module scope: React Flow re-creates every node when these objects change identity.
const nodeTypes = {
  k8sNode: K8sNode,
  pod: PodNode,
  device: DeviceNode,
  segment: SegmentNode,
  host: HostNode,
  hostpod: HostPodNode,
  service: ServiceNode,
  hub: HubNode,
};
const edgeTypes = { link: LinkEdge };
const MINIMAP_SIZE = { width: 150, height: 100 };
const FIT: FitViewOptions = { padding: { top: '24px', right: '24px', bottom: '24px', left: '60px' }, maxZoom: 1.2 };
const ARIA = { 'node.a11yDescription.default': 'Press Enter to inspect this pod or node. Arrow keys pan the canvas.' };

/** The netns a canvas node stands for (selection shows its interfaces, routes and neighbours). */
function netnsOfNode(n: TopologyNode | undefined): string | null {
  if (!n) return null;
  if (n.type === 'segment' || n.type === 'service' || n.type === 'hub') return null;
  return n.data.netnsId;
}

const MINIMAP: Record<string, string> = { pod: '#3b82f6', k8sNode: '#1e293b', host: '#f59e0b', service: '#14b8a6' };
const minimapColor = (n: { type?: string }) => MINIMAP[n.type ?? ''] ?? '#64748b';

export function Topology() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const playback = useLabStore((s) => s.playback);
  const selected = useLabStore((s) => s.selected);
  const layout = useMemo(() => layoutCluster(cluster), [cluster]);
  const plan = useMemo(() => (playback ? planPacketPath(layout, playback.hops, partStarts(playback)) : null), [layout, playback]);
  // Selection lives in the lab store (the Details picker selects too); the canvas mirrors it.
  const nodes = useMemo(
    () => layout.nodes.map((n) => ({ ...n, selected: (n.type === 'pod' || n.type === 'k8sNode' || n.type === 'host') && netnsOfNode(n) === selected })),
    [layout, selected],
  );
  const { fitView } = useReactFlow();
  // The minimap earns its corner on big clusters; on small ones it would cover the drawing.
  const [minimap, setMinimap] = useState<boolean | null>(null);
  const showMinimap = minimap ?? cluster.nodes.length > 3;
  const toggleMinimap = useCallback(() => setMinimap((m) => !(m ?? cluster.nodes.length > 3)), [cluster.nodes.length]);
  // Following the packet keeps big clusters readable: the view pans to each hop at a legible zoom.
  const [follow, setFollow] = useState<boolean | null>(null);
  const following = follow ?? cluster.nodes.length > 4;
  const toggleFollow = useCallback(() => setFollow((f) => !(f ?? cluster.nodes.length > 4)), [cluster.nodes.length]);

  // A new drawing (another scenario or shape) is refitted; a fault or MTU edit keeps the view.
  const drawing = useMemo(() => layout.nodes.map((n) => n.id).join('|'), [layout]);
  useEffect(() => {
    const t = requestAnimationFrame(() => void fitView(FIT));
    return () => cancelAnimationFrame(t);
  }, [drawing, fitView]);

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
      {showMinimap && <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Minimap" style={MINIMAP_SIZE} />}
      <Controls showInteractive={false}>
        <ControlButton
          onClick={toggleFollow}
          aria-label="Follow the packet"
          title="Follow the packet"
          aria-pressed={following}
          className={following ? 'is-on' : undefined}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="8" cy="8" r="2.5" fill="currentColor" />
            <path d="M8 1v3M8 12v3M1 8h3M12 8h3" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </ControlButton>
        <ControlButton
          onClick={toggleMinimap}
          aria-label={showMinimap ? 'Hide minimap' : 'Show minimap'}
          title={showMinimap ? 'Hide minimap' : 'Show minimap'}
          aria-pressed={showMinimap}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <rect x="1.5" y="3" width="13" height="10" rx="1" fill="none" stroke="currentColor" />
            <rect x="8" y="8" width="5" height="3.5" fill="currentColor" />
          </svg>
        </ControlButton>
      </Controls>
      {plan && playback && <CursorSync plan={plan} playback={playback} layout={layout} follow={following} />}
      {plan && <PacketMarker plan={plan} />}
    </ReactFlow>
  );
}
