import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DeviceFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';
import { CentreHandles } from './CentreHandles';

/** A device in a node's root namespace: host veth, cni0, flannel.1, eth0, or kube-ipvs0 (dummy, DOWN, holding the Service addresses). */
function DeviceNodeView({ id, data }: NodeProps<DeviceFlowNode>) {
  const hl = useNodeHighlight(id);
  const compact = data.ifkind === 'veth';
  return (
    <div
      className={`device-node device-node--${data.ifkind}${hl ? ` is-${hl}` : ''}${data.up ? '' : ' is-down'}`}
      title={`${data.ifname} (${data.ifkind}${data.up ? '' : ', DOWN'}) mtu ${data.mtu}${data.ifkind === 'dummy' && data.addrs?.length ? `: ${data.addrs.join(', ')}` : ''}`}
    >
      <CentreHandles />
      {compact ? (
        <span className="device-node__name">{data.ifname}</span>
      ) : (
        <>
          <div className="device-node__row">
            <span className="device-node__name">{data.ifname}</span>
            <span className="device-node__mtu">mtu {data.mtu}</span>
          </div>
          <div className="device-node__meta">{[data.addr, data.detail].filter(Boolean).join(' · ')}</div>
        </>
      )}
    </div>
  );
}

export const DeviceNode = memo(DeviceNodeView);
