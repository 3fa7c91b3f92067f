import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PodFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';
import { CentreHandles } from './CentreHandles';

/** A pod: its name, IP and the MTU of its eth0 (the veth end inside the pod). */
function PodNodeView({ id, data, selected }: NodeProps<PodFlowNode>) {
  const hl = useNodeHighlight(id);
  return (
    <div className={`pod-node${selected ? ' is-selected' : ''}${hl ? ` is-${hl}` : ''}${data.status !== 'Running' ? ' is-pending' : ''}`}>
      <CentreHandles />
      <div className="pod-node__name" title={`${data.namespace}/${data.name}`}>
        {data.name}
      </div>
      <div className="pod-node__ip">{data.ip ?? data.status}</div>
      <div className="pod-node__meta">{data.hostNetwork ? 'hostNetwork' : `eth0 · mtu ${data.mtu ?? '?'}`}</div>
    </div>
  );
}

export const PodNode = memo(PodNodeView);
