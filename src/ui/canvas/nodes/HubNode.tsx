import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { HubFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';
import { CentreHandles } from './CentreHandles';

/**
 * Where a node's routed pods meet when there is no bridge: each pod's host veth is a /32
 * route, so the node's routing (or the eBPF programs) is the hub. The label is the shape's own
 * word for it, from the engine's topology.
 */
function HubNodeView({ id, data }: NodeProps<HubFlowNode>) {
  const hl = useNodeHighlight(id);
  return (
    <div className={`hub-node${hl ? ` is-${hl}` : ''}`} title={`${data.label}: each pod is a route to its host veth, no bridge`}>
      <CentreHandles />
      <span className="hub-node__label">{data.label}</span>
      <span className="hub-node__meta">no bridge · a route per pod</span>
    </div>
  );
}

export const HubNode = memo(HubNodeView);
