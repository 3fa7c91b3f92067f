import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { FoldedPodsFlowNode } from '../layout-types';
import { foldedPodsText } from '../layout-collapse';
import { count } from './count';
import './collapsed-node.css';

/**
 * A drawn node's pods that the packet does not cross, folded into one card where their cards
 * would be (layout-collapse.ts, large clusters only). It says how many and how to draw one.
 */
function FoldedPodsView({ data }: NodeProps<FoldedPodsFlowNode>) {
  return (
    <div className="pod-node folded-pods" title={`${foldedPodsText(data)}: pick one in Details → Inspect to draw it`}>
      <div className="folded-pods__count">+{count(data.pods, 'pod')}</div>
      <div className="folded-pods__why">folded: off the path</div>
    </div>
  );
}

export const FoldedPodsNode = memo(FoldedPodsView);
