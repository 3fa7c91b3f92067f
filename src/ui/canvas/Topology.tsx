import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type FitViewOptions,
  type NodeChange,
  type NodeMouseHandler,
} from '@xyflow/react';
import { useLabStore } from '../store/lab-store';
import { layoutCluster } from './layout';
import { focusKey, focusOf, parseFocusKey } from './layout-collapse';
import type { TopologyEdge, TopologyNode } from './layout-types';
import { reuser } from './layout-reuse';
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
import { CollapsedNode } from './nodes/CollapsedNode';
import { FoldedPodsNode } from './nodes/FoldedPodsNode';
import { LinkEdge } from './LinkEdge';
import { LEGIBLE_ZOOM } from './geometry';
import { FIT_PADDING, MAX_FIT_ZOOM, legibleFit } from './fit';
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
  collapsed: CollapsedNode,
  foldedPods: FoldedPodsNode,
};
const edgeTypes = { link: LinkEdge };
const MINIMAP_SIZE = { width: 150, height: 100 };
/**
 * The canvas fits itself at a legible zoom (fit.ts): on a new drawing and whenever the canvas
 * changes size. FIT is React Flow's own first fit before that, never under the legible zoom
 * either; the Fit View button is the other way round — the whole drawing, however small.
 */
const px = (n: number) => `${n}px` as const;
const PADDING = { top: px(FIT_PADDING.top), right: px(FIT_PADDING.right), bottom: px(FIT_PADDING.bottom), left: px(FIT_PADDING.left) };
const FIT: FitViewOptions = { padding: PADDING, maxZoom: MAX_FIT_ZOOM, minZoom: LEGIBLE_ZOOM };
const OVERVIEW: FitViewOptions = { padding: PADDING, maxZoom: MAX_FIT_ZOOM, minZoom: 0.15 };
const ARIA = { 'node.a11yDescription.default': 'Press Enter to inspect this pod or node. Arrow keys pan the canvas.' };

/** The netns a canvas node stands for (selection shows its interfaces, routes and neighbours). */
function netnsOfNode(n: TopologyNode | undefined): string | null {
  if (!n) return null;
  if (n.type === 'segment' || n.type === 'service' || n.type === 'hub' || n.type === 'collapsed' || n.type === 'foldedPods') return null;
  return n.data.netnsId;
}

const MINIMAP: Record<string, string> = { pod: '#3b82f6', k8sNode: '#1e293b', host: '#f59e0b', service: '#14b8a6' };
const minimapColor = (n: { type?: string }) => MINIMAP[n.type ?? ''] ?? '#64748b';

export function Topology() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const playback = useLabStore((s) => s.playback);
  const selected = useLabStore((s) => s.selected);
  // A large cluster draws only the nodes the packet crosses and the picked one's, and in them the
  // pods it crosses (layout-collapse.ts): the layout is made once per cluster and drawn set, not per render or per hop.
  const drawn = focusOf(cluster, playback?.hops, selected);
  const focus = focusKey(drawn?.nodes ?? null, drawn?.pods);
  const layout = useMemo(() => {
    const f = parseFocusKey(focus);
    return layoutCluster(cluster, undefined, f?.nodes ?? null, f?.pods);
  }, [cluster, focus]);
  const plan = useMemo(() => (playback ? planPacketPath(layout, playback.hops, partStarts(playback)) : null), [layout, playback]);
  // Selection lives in the lab store (the Details picker selects too); the canvas mirrors it.
  // Cards outside the node groups (router, hosts, Services) sit one level up, like the cards in
  // a group: the travelling packet's layer (z-index 0, canvas.css) passes under them all.
  // a card drawn the same as before keeps its object, so React Flow skips it (layout-reuse.ts)
  const [reuseNodes] = useState(() => reuser<TopologyNode>());
  const [reuseEdges] = useState(() => reuser<TopologyEdge>());
  const nodes = useMemo(
    () =>
      reuseNodes(
        layout.nodes.map((n) => ({
          ...n,
          zIndex: !n.parentId && (n.type === 'host' || n.type === 'service') ? 1 : n.zIndex,
          selected: (n.type === 'pod' || n.type === 'k8sNode' || n.type === 'host') && netnsOfNode(n) === selected,
        })),
      ),
    [layout, selected, reuseNodes],
  );
  const edges = useMemo(() => reuseEdges(layout.edges), [layout, reuseEdges]);
  const { getNodesBounds, setViewport, fitView } = useReactFlow();
  // The minimap earns its corner on big clusters; on small ones it would cover the drawing.
  const [minimap, setMinimap] = useState<boolean | null>(null);
  // …and on any drawing that does not fit at a legible zoom, to show where the rest is
  const [overflows, setOverflows] = useState(false);
  // (a phone's canvas is too small to give a minimap a corner: off there unless asked for).
  // React Flow's own ResizeObserver on the canvas container reports its width and height.
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const minimapDefault = (cluster.nodes.length > 3 || overflows) && width > 600;
  const showMinimap = minimap ?? minimapDefault;
  const toggleMinimap = useCallback(() => setMinimap((m) => !(m ?? minimapDefault)), [minimapDefault]);
  // Following the packet keeps big clusters readable: the view pans to each hop at a legible zoom.
  const [follow, setFollow] = useState<boolean | null>(null);
  const following = follow ?? cluster.nodes.length > 4;
  const toggleFollow = useCallback(() => setFollow((f) => !(f ?? cluster.nodes.length > 4)), [cluster.nodes.length]);

  // A new drawing (another scenario or shape) is refitted; a fault or MTU edit keeps the view.
  // So is a canvas that changed size (the tools drawer opened, closed or grew, a phone sheet, the
  // window).
  const drawing = useMemo(() => layout.nodes.map((n) => n.id).join('|'), [layout]);
  // the bounds need React Flow's own copy of the nodes (a card's position is its group's plus its own)
  const ready = useStore((s) => s.nodeLookup.size) >= layout.nodes.length && layout.nodes.length > 0;
  const fit = useCallback(() => {
    if (width === 0 || height === 0 || !ready) return;
    const b = getNodesBounds(layout.nodes);
    if (![b.x, b.y, b.width, b.height].every(Number.isFinite)) return;
    const f = legibleFit(b, width, height);
    setOverflows(f.overflows);
    void setViewport({ x: f.x, y: f.y, zoom: f.zoom });
  }, [getNodesBounds, setViewport, layout, width, height, ready]);
  // once per drawing and size: React Flow re-initialises its nodes on a Fit View click, which must not undo that overview
  const fitted = useRef('');
  useEffect(() => {
    const key = `${drawing}|${width}|${height}`;
    if (!ready || fitted.current === key) return;
    const t = requestAnimationFrame(() => {
      fitted.current = key;
      fit();
    });
    return () => cancelAnimationFrame(t);
    // the drawing's identity, not a fault or MTU edit's new layout object, asks for a refit
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawing, width, height, ready]);

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
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onPaneClick={onPaneClick}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      fitViewOptions={FIT}
      minZoom={0.15}
      maxZoom={2.5}
      colorMode="dark"
      ariaLabelConfig={ARIA}
      aria-label="Cluster topology"
    >
      <Background variant={BackgroundVariant.Dots} gap={24} size={1} />
      {showMinimap && <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Minimap" style={MINIMAP_SIZE} />}
      <Controls showInteractive={false} showFitView={false}>
        <ControlButton onClick={() => void fitView(OVERVIEW)} aria-label="Fit View" title="The whole drawing, however small">
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </ControlButton>
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
      {plan && <PacketMarker plan={plan} layout={layout} />}
    </ReactFlow>
  );
}
