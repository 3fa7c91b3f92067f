import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DeviceFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';
import { CentreHandles } from './CentreHandles';

/**
 * A device in a node's root namespace: a pod's host veth (compact), the bridge, a tunnel device,
 * a NIC, kube-ipvs0 (dummy, DOWN, holding the Service addresses) or a host device such as
 * cilium_host, with the engine's few words on what it is.
 */
function DeviceNodeView({ id, data }: NodeProps<DeviceFlowNode>) {
  const hl = useNodeHighlight(id);
  // a pod's host end has no role (it is drawn under its pod); a veth end of the node itself does
  const compact = data.ifkind === 'veth' && !data.role;
  // a long name (cilium_vxlan, wireguard.cali) and the mtu do not share one line at the canvas's smallest legible face
  const long = data.ifname.length > 9;
  return (
    <div
      className={`device-node device-node--${data.ifkind}${data.role ? ` device-node--${data.role}` : ''}${hl ? ` is-${hl}` : ''}${data.up ? '' : ' is-down'}`}
      title={`${data.ifname} (${data.ifkind}${data.up ? '' : ', DOWN'}) mtu ${data.mtu}${data.detail ? ` · ${data.detail}` : ''}${data.addrs?.length ? `: ${data.addrs.join(', ')}` : ''}`}
    >
      <CentreHandles />
      {compact ? (
        <span className="device-node__name">{data.ifname}</span>
      ) : (
        <>
          <div className={`device-node__row${long ? ' is-long' : ''}`}>
            <span className="device-node__name">{data.ifname}</span>
            {!long && <span className="device-node__mtu">mtu {data.mtu}</span>}
          </div>
          <div className="device-node__meta">{[long && `mtu ${data.mtu}`, data.addr, data.detail].filter(Boolean).join(' · ')}</div>
        </>
      )}
    </div>
  );
}

export const DeviceNode = memo(DeviceNodeView);
