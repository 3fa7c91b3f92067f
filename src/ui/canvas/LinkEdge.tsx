import { memo } from 'react';
import { BaseEdge, getStraightPath, type EdgeProps } from '@xyflow/react';
import type { TopologyEdge } from './layout-types';
import { useEdgeCrossed } from './canvas-store';

const TUNNEL_LABEL = { fill: '#b3a6f0', fontSize: 13, fontFamily: 'var(--mono)' } as const;
const PEERING_LABEL = { fill: '#5eead4', fontSize: 13, fontFamily: 'var(--mono)' } as const;
const LABEL_BG = { fill: '#0b1220', fillOpacity: 0.9 } as const;

/** A quadratic arc from source to target whose control point sits `bend` below (above, if negative) the midpoint. */
function arcPath(sx: number, sy: number, tx: number, ty: number, bend: number): { path: string; labelX: number; labelY: number } {
  const mx = (sx + tx) / 2;
  const cy = Math.max(sy, ty) * (bend > 0 ? 1 : 0) + Math.min(sy, ty) * (bend > 0 ? 0 : 1) + bend;
  // the curve's midpoint (t = ½) is halfway between the chord's midpoint and the control point
  return { path: `M ${sx} ${sy} Q ${mx} ${cy} ${tx} ${ty}`, labelX: mx, labelY: ((sy + ty) / 2 + cy) / 2 };
}

/**
 * A link drawn straight between centres; lit while the packet crosses it. Tunnels and
 * peerings between nodes are arcs (they are not travelled), with their label at the top of the arc.
 */
function LinkEdgeView({ id, sourceX, sourceY, targetX, targetY, data }: EdgeProps<TopologyEdge>) {
  const crossed = useEdgeCrossed(id);
  const kind = data?.kind ?? 'veth';
  const cls = `link link--${kind}${data?.notReady ? ' is-not-ready' : ''}${data?.down ? ' is-down' : ''}${crossed ? ' is-crossed' : ''}`;
  if (data?.bend) {
    const { path, labelX, labelY } = arcPath(sourceX, sourceY, targetX, targetY, data.bend);
    return (
      <BaseEdge
        id={id}
        path={path}
        className={cls}
        label={data.label}
        labelX={labelX}
        labelY={labelY}
        labelShowBg
        labelBgPadding={[4, 2]}
        labelBgBorderRadius={3}
        labelStyle={kind === 'peering' ? PEERING_LABEL : TUNNEL_LABEL}
        labelBgStyle={LABEL_BG}
      />
    );
  }
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  return <BaseEdge id={id} path={path} className={cls} />;
}

export const LinkEdge = memo(LinkEdgeView);
