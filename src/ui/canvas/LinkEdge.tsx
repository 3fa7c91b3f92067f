import { memo } from 'react';
import { BaseEdge, getStraightPath, type EdgeProps } from '@xyflow/react';
import type { TopologyEdge } from './layout-types';
import { useEdgeCrossed } from './canvas-store';

/** A link drawn straight between centres; lit while the packet crosses it. */
function LinkEdgeView({ id, sourceX, sourceY, targetX, targetY, data }: EdgeProps<TopologyEdge>) {
  const crossed = useEdgeCrossed(id);
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  return (
    <BaseEdge id={id} path={path} className={`link link--${data?.kind ?? 'veth'}${data?.notReady ? ' is-not-ready' : ''}${crossed ? ' is-crossed' : ''}`} />
  );
}

export const LinkEdge = memo(LinkEdgeView);
