import { memo } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { Hop } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { legPath, restPoint, type PacketPlan } from '../playback/packet-path';
import { isFailure, tunnelName } from '../playback/hop-format';
import { hopDurationAt } from '../playback/usePlayback';
import { partAt } from '../playback/flatten';

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
        <circle r={13} />
        <path d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
      </g>
    );
  }
  return (
    <g className={`packet packet--${hop.dir}`}>
      {tunnel && (
        <>
          <rect className="packet__wrap" x={-30} y={-15} width={60} height={30} rx={8} />
          <text className="packet__wrap-label" y={-19} textAnchor="middle">
            {tunnel}
          </text>
        </>
      )}
      <circle className="packet__core" r={9} />
      {dns && !tunnel && (
        <text className="packet__dns-label" y={-14} textAnchor="middle">
          DNS
        </text>
      )}
    </g>
  );
}

/**
 * The packet: an SVG glyph in the flow's viewport that moves along the leg of the
 * polyline leading to the current hop (`animateMotion`), re-mounted for every hop.
 */
function PacketMarkerView({ plan }: { plan: PacketPlan }) {
  const hop = useLabStore((s) => s.playback?.hops[s.cursor]);
  // the last hop of a failed trace carries the trace's reason code in its callout
  const reason = useLabStore((s) =>
    s.trace && s.playback && s.trace.verdict !== 'delivered' && s.cursor === s.playback.hops.length - 1 ? s.trace.reason : null,
  );
  const cursor = useLabStore((s) => s.cursor);
  const playId = useLabStore((s) => s.playId);
  const speed = useLabStore((s) => s.speed);
  const dns = useLabStore((s) => (s.playback ? partAt(s.playback, s.cursor)?.kind === 'query' : false));
  if (!hop) return null;
  const rest = restPoint(plan, cursor);
  if (!rest) return null;
  const path = legPath(plan, cursor);
  const moving = !reducedMotion && path.includes('L');
  const failed = isFailure(hop);
  return (
    <ViewportPortal>
      <svg key={`${playId}:${cursor}`} className="packet-layer" width={1} height={1} aria-hidden="true">
        <g transform={moving ? undefined : `translate(${rest.x} ${rest.y})`}>
          {moving && <animateMotion dur={`${(hopDurationAt(speed, dns) * 0.8) / 1000}s`} fill="freeze" path={path} calcMode="paced" />}
          <Glyph hop={hop} dns={dns} />
        </g>
        {failed && (
          <text className="packet-callout" x={rest.x} y={rest.y + 34} textAnchor="middle">
            {wrapWords(reason ? `${reason}: ${hop.note}` : hop.note, 46, 3).map((l, i, all) => (
              <tspan key={i} x={rest.x} dy={i === 0 ? 0 : 15}>
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
