import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ServiceFlowNode } from '../layout-types';
import { useServiceLit } from '../canvas-store';
import { ServiceHandle } from './EndpointHandles';

/** A Service: its ClusterIP and ports, and how many of its endpoints are ready. Lit while kube-proxy translates it. */
function ServiceNodeView({ id, data }: NodeProps<ServiceFlowNode>) {
  const lit = useServiceLit(id);
  const none = data.total === 0;
  return (
    <div className={`service-node${data.system ? ' is-system' : ''}${lit ? ' is-lit' : ''}${none || data.ready === 0 ? ' is-empty' : ''}`}>
      <ServiceHandle />
      <div className="service-node__row">
        <span className="service-node__name" title={`Service ${data.namespace}/${data.name}`}>
          {data.name}
          <span className="service-node__ns">.{data.namespace}</span>
        </span>
        {data.type !== 'ClusterIP' && <span className="service-node__type">{data.type}</span>}
      </div>
      <div className="service-node__ip">{data.clusterIP ?? 'no ClusterIP'}</div>
      <div className="service-node__ports" title={data.ports.join(', ')}>
        {data.ports.join(' · ')}
      </div>
      <div className="service-node__eps">{none ? 'no endpoints' : `${data.ready}/${data.total} endpoint${data.total === 1 ? '' : 's'} ready`}</div>
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
