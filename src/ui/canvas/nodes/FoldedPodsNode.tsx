import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { FoldedPodsFlowNode } from '../layout-types';
import './collapsed-node.css';

/**
 * A drawn node's pods that the packet does not cross, folded into one card where their cards
 * would be (layout-collapse.ts, large clusters only). It says how many and how to draw one.
 */
function FoldedPodsView({ data }: NodeProps<FoldedPodsFlowNode>) {
  const own = data.system ? ` (${data.system} of them kube-system)` : '';
  return (
    <div className="pod-node folded-pods" title={`${data.pods} more pods on ${data.node}${own}: pick one in Details → Inspect to draw it`}>
      <div className="folded-pods__count">
        +{data.pods} {data.pods === 1 ? 'pod' : 'pods'}
      </div>
      <div className="folded-pods__why">folded: off the path</div>
    </div>
  );
}

export const FoldedPodsNode = memo(FoldedPodsView);
