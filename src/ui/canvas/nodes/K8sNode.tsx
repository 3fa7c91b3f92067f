import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { K8sFlowNode } from '../layout-types';

/** A Kubernetes node: the group box holding its pods and devices. */
function K8sNodeView({ data, selected }: NodeProps<K8sFlowNode>) {
  return (
    <div className={`k8s-node${selected ? ' is-selected' : ''}${data.flipped ? ' is-flipped' : ''}`}>
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
