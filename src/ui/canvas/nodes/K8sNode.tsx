import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { K8sFlowNode } from '../layout-types';

// Where control-plane peerings (BGP sessions) leave the box: the middle of its top and bottom edges.
const TOP = { left: '50%', top: 0, transform: 'translate(-50%, -50%)' } as const;
const BOTTOM = { left: '50%', top: '100%', transform: 'translate(-50%, -50%)' } as const;

/** A Kubernetes node: the group box holding its pods and devices. */
function K8sNodeView({ data, selected }: NodeProps<K8sFlowNode>) {
  return (
    <div className={`k8s-node${selected ? ' is-selected' : ''}${data.flipped ? ' is-flipped' : ''}`}>
      {(['top', 'bottom'] as const).map((side) =>
        (['s', 't'] as const).map((kind) => (
          <Handle
            key={`${side}-${kind}`}
            id={`${side}-${kind}`}
            type={kind === 's' ? 'source' : 'target'}
            position={side === 'top' ? Position.Top : Position.Bottom}
            isConnectable={false}
            className="centre-handle"
            style={side === 'top' ? TOP : BOTTOM}
          />
        )),
      )}
      <div className="k8s-node__header">
        <span className="k8s-node__name">{data.name}</span>
        <span className="k8s-node__meta">
          {data.ip} · podCIDR {data.podCidr}
        </span>
      </div>
    </div>
  );
}

export const K8sNode = memo(K8sNodeView);
