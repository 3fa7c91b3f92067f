import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { SegmentFlowNode } from '../layout-types';
import { useNodeHighlight } from '../canvas-store';

/** An L2 segment (the underlay wire, the internet side): one handle where each member plugs in. */
function SegmentNodeView({ id, data }: NodeProps<SegmentFlowNode>) {
  const hl = useNodeHighlight(id);
  return (
    <div className={`segment-node${data.vertical ? ' is-vertical' : ''}${hl ? ` is-${hl}` : ''}`}>
      {data.ports.map((p) => (
        <Handle
          key={p.id}
          id={`m:${p.id}`}
          type="target"
          position={Position.Top}
          isConnectable={false}
          className="centre-handle"
          style={{ left: p.x, top: p.y, transform: 'translate(-50%, -50%)' }}
        />
      ))}
      <span className="segment-node__label" title={`${data.segment} ${data.cidr}`}>
        {data.segment} {!data.vertical && <span className="segment-node__cidr">{data.cidr}</span>}
      </span>
    </div>
  );
}

export const SegmentNode = memo(SegmentNodeView);
