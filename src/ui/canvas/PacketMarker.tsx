import { memo, useMemo } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { Hop } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { legPath, restPoint, type PacketPlan } from '../playback/packet-path';
import { isFailure, tunnelName } from '../playback/hop-format';
import { hopDurationAt } from '../playback/usePlayback';
import { partAt } from '../playback/flatten';
import type { Point, TopologyLayout } from './layout-types';

/** Where the marker rests beside the card it reached, so the card's text stays readable. */
export function restBeside(layout: TopologyLayout, id: string | undefined, at: Point): Point {
  const n = id ? layout.nodes.find((x) => x.id === id) : undefined;
  const c = id ? layout.centers[id] : undefined;
  if (!n || !c || n.type === 'segment' || !n.width || !n.height) return at;
  // a node group: just over the middle of its top edge (its name and addresses are top-left)
  if (n.type === 'k8sNode') return { x: c.x, y: c.y - n.height / 2 - 8 };
  // a card: on its top-left corner, outside the padding its text starts after
  return { x: c.x - n.width / 2 - 10, y: c.y - n.height / 2 - 10 };
}

/** Splits a note into at most `max` lines of about `width` characters (SVG text does not wrap). */
function wrapWords(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  for (const w of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + w.length + 1 <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines.length > max
    ? [
        ...lines.slice(0, max - 1),
        `${lines
          .slice(max - 1)
          .join(' ')
          .slice(0, width - 1)}…`,
      ]
    : lines;
}

const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** `dns`: the packet is one of the lookup's queries (or its answer), labelled as such. */
function Glyph({ hop, dns }: { hop: Hop; dns: boolean }) {
  const tunnel = tunnelName(hop.headers);
  if (isFailure(hop)) {
    return (
      <g className="packet packet--dropped">
        <circle r={11} />
        <path d="M -5 -5 L 5 5 M 5 -5 L -5 5" />
      </g>
    );
  }
  // no words on the resting glyph: any text beside a card's corner lands on a neighbour's label.
  // The outer ring says "wrapped" (the hop list names the tunnel); a DNS query has its own colour.
  return (
    <g className={`packet packet--${hop.dir}${dns ? ' packet--dns' : ''}`}>
      {tunnel && (
        <circle className="packet__wrap" r={13}>
          <title>{tunnel}</title>
        </circle>
      )}
      <circle className="packet__core" r={7} />
    </g>
  );
}

/**
 * The packet: an SVG glyph in the flow's viewport that moves along the leg of the polyline
 * leading to the current hop (`animateMotion`), re-mounted for every hop. It travels under the
 * cards (its layer sits between the node groups and the cards, styles/canvas.css), so it is
 * seen on the links and never over a label; once there, it rests on the corner of the card it
 * reached (restBeside), clear of the card's text.
 */
function PacketMarkerView({ plan, layout }: { plan: PacketPlan; layout: TopologyLayout }) {
  const hop = useLabStore((s) => s.playback?.hops[s.cursor]);
  // the last hop of a failed trace carries the trace's reason code in its callout
  const reason = useLabStore((s) =>
    s.trace && s.playback && s.trace.verdict !== 'delivered' && s.cursor === s.playback.hops.length - 1 ? s.trace.reason : null,
  );
  const cursor = useLabStore((s) => s.cursor);
  const playId = useLabStore((s) => s.playId);
  const speed = useLabStore((s) => s.speed);
  const dns = useLabStore((s) => (s.playback ? partAt(s.playback, s.cursor)?.kind === 'query' : false));
  const anchor = plan.anchors[cursor];
  const centre = restPoint(plan, cursor);
  const rest = useMemo(() => (centre ? restBeside(layout, anchor, centre) : undefined), [layout, anchor, centre]);
  if (!hop || !centre || !rest) return null;
  const path = legPath(plan, cursor);
  const moving = !reducedMotion && path.includes('L');
  const failed = isFailure(hop);
  const dur = (hopDurationAt(speed, dns) * 0.8) / 1000;
  // the reason under the card it died at
  const box = anchor ? layout.nodes.find((n) => n.id === anchor) : undefined;
  const calloutY = centre.y + (box?.type !== 'segment' && box?.height ? box.height / 2 : 0) + 22;
  return (
    <ViewportPortal>
      {moving && (
        <svg key={`m${playId}:${cursor}`} className="packet-layer packet-layer--moving" width={1} height={1} aria-hidden="true">
          <g className="packet-travel" style={{ animationDuration: `${dur}s` }}>
            <animateMotion dur={`${dur}s`} fill="freeze" path={path} calcMode="paced" />
            <circle className="packet__core" r={7} />
          </g>
        </svg>
      )}
      <svg key={`${playId}:${cursor}`} className="packet-layer" width={1} height={1} aria-hidden="true">
        <g
          transform={`translate(${rest.x} ${rest.y})`}
          className={moving ? 'packet-arrive' : undefined}
          style={moving ? { animationDelay: `${dur}s` } : undefined}
        >
          <Glyph hop={hop} dns={dns} />
        </g>
        {failed && (
          <text className="packet-callout" x={centre.x} y={calloutY} textAnchor="middle">
            {wrapWords(reason ? `${reason}: ${hop.note}` : hop.note, 46, 3).map((l, i, all) => (
              <tspan key={i} x={centre.x} dy={i === 0 ? 0 : 17}>
                {i < all.length - 1 ? `${l} ` : l}
              </tspan>
            ))}
          </text>
        )}
      </svg>
    </ViewportPortal>
  );
}

export const PacketMarker = memo(PacketMarkerView);
