import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PodFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';
import { CentreHandles } from './CentreHandles';
import { EndpointHandle } from './EndpointHandles';

/** A pod: its name, IP and the MTU of its eth0 (the veth end inside the pod); a system pod says what it is. */
function PodNodeView({ id, data, selected }: NodeProps<PodFlowNode>) {
  const hl = useNodeHighlight(id);
  const cls = [
    'pod-node',
    selected && 'is-selected',
    hl && `is-${hl}`,
    data.status !== 'Running' && 'is-pending',
    data.system && 'is-system',
    !data.ready && data.status === 'Running' && 'is-not-ready',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} title={data.statusReason ? `${data.status}: ${data.statusReason}` : undefined}>
      <CentreHandles />
      <EndpointHandle />
      <div className="pod-node__name" title={`${data.namespace}/${data.name}`}>
        {data.name}
      </div>
      <div className="pod-node__ip">{data.ip ?? data.status}</div>
      {!data.ip && data.statusReason ? (
        <div className="pod-node__reason">{data.statusReason}</div>
      ) : (
        <div className="pod-node__meta">
          {data.app && <span className="pod-node__app">{data.app}</span>}
          {!data.app && data.namespace !== 'default' && <span className="pod-node__ns">{data.namespace}</span>}
          {!data.ready ? (
            <span className="pod-node__not-ready">not ready</span>
          ) : data.app ? (
            <span>mtu {data.mtu ?? '?'}</span>
          ) : (
            <span>eth0 · mtu {data.mtu ?? '?'}</span>
          )}
        </div>
      )}
    </div>
  );
}

export const PodNode = memo(PodNodeView);
