import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { HostPodFlowNode } from '../layout-types';
import { CentreHandles } from './CentreHandles';
import { EndpointHandle } from './EndpointHandles';

/** A hostNetwork pod: a label inside its node — it has no network namespace, veth or eth0 of its own. */
function HostPodNodeView({ data }: NodeProps<HostPodFlowNode>) {
  return (
    <div
      className={`hostpod-node${data.system ? ' is-system' : ''}`}
      title={`${data.namespace}/${data.name}: hostNetwork, shares the node's network namespace`}
    >
      <CentreHandles />
      <EndpointHandle />
      <span className="hostpod-node__name">{data.name}</span>
      {data.ports && <span className="hostpod-node__ports">{data.ports}</span>}
      <span className="hostpod-node__tag">hostNetwork</span>
    </div>
  );
}

export const HostPodNode = memo(HostPodNodeView);
