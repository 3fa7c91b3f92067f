import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { HostFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';
import { CentreHandles } from './CentreHandles';

/** The underlay's gateway router or a host outside the cluster. */
function HostNodeView({ id, data, selected }: NodeProps<HostFlowNode>) {
  const hl = useNodeHighlight(id);
  return (
    <div className={`host-node host-node--${data.role}${selected ? ' is-selected' : ''}${hl ? ` is-${hl}` : ''}`}>
      <CentreHandles />
      <div className="host-node__name">{data.name}</div>
      <div className="host-node__ip">{data.ips.join(' · ')}</div>
      <div className="host-node__meta">{data.role === 'router' ? 'gateway router' : 'outside the cluster'}</div>
    </div>
  );
}

export const HostNode = memo(HostNodeView);
