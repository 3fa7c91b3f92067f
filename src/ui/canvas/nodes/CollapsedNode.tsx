import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { CollapsedFlowNode } from '../layout-types';
import { CentreHandles } from './CentreHandles';
import { count } from './count';
import './collapsed-node.css';

/**
 * The nodes of a large cluster that the packet does not cross, folded into one card
 * (layout-collapse.ts). It says what it stands for and how to draw one of them; it plugs into
 * the underlay, where their NICs are.
 */
function CollapsedNodeView({ data }: NodeProps<CollapsedFlowNode>) {
  return (
    <div className="k8s-node collapsed-node">
      <CentreHandles />
      <div className="k8s-node__header">
        <span className="k8s-node__name">{count(data.nodes, 'more node')}</span>
      </div>
      <div className="collapsed-node__body">
        <p className="collapsed-node__range">
          {data.first}
          {data.nodes > 1 ? ` … ${data.last}` : ''} · {count(data.pods, 'pod')}
        </p>
        <p className="collapsed-node__why">Folded: the packet does not cross them. Pick one of their pods or nodes in Details → Inspect to draw its node.</p>
      </div>
    </div>
  );
}

export const CollapsedNode = memo(CollapsedNodeView);
