import { useEffect, useId, useMemo, useRef } from 'react';
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import type { ShapeRun } from './compare';

const W = 380;
const H = 210;
const M = { top: 14, right: 16, bottom: 40, left: 48 };
const MTUS = Array.from({ length: 33 }, (_, i) => 1000 + i * 250);
const COLORS = ['#a78bfa', '#34d399', '#fbbf24', '#60a5fa'];

/**
 * Encapsulation overhead as a share of each packet against the underlay MTU, one line per
 * shape. The overhead bytes are the ones measured from the engine's traces.
 */
export function OverheadChart({ runs }: { runs: readonly ShapeRun[] }) {
  const axes = useRef<SVGGElement>(null);
  const id = useId();
  const shown = runs.filter((r) => r.overhead !== null);
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([1000, 9000])
        .range([M.left, W - M.right]),
    [],
  );
  const maxPct = Math.max(6, ...shown.map((r) => ((r.overhead ?? 0) / 1000) * 100));
  const y = useMemo(
    () =>
      scaleLinear()
        .domain([0, maxPct])
        .nice()
        .range([H - M.bottom, M.top]),
    [maxPct],
  );
  useEffect(() => {
    const g = select(axes.current);
    g.selectAll('*').remove();
    g.append('g')
      .attr('transform', `translate(0,${H - M.bottom})`)
      .call(axisBottom(x).ticks(5));
    g.append('g')
      .attr('transform', `translate(${M.left},0)`)
      .call(
        axisLeft(y)
          .ticks(5)
          .tickFormat((d) => `${d}%`),
      );
  }, [x, y]);
  const pathOf = (overhead: number) =>
    line<number>()
      .x((m) => x(m))
      .y((m) => y((overhead / m) * 100))(MTUS) ?? '';
  const current = shown[0]?.underlayMtu ?? 1500;
  const summary = shown
    .map((r) => `${r.cni} ${r.mode}: ${r.overhead} bytes, ${(((r.overhead ?? 0) / current) * 100).toFixed(1)}% at MTU ${current}`)
    .join('; ');
  return (
    <figure className="compare__chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`}>
        <title id={`${id}-t`}>Encapsulation overhead against underlay MTU</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <g ref={axes} className="chart-axes" />
        <line className="chart-now" x1={x(current)} x2={x(current)} y1={M.top} y2={H - M.bottom} />
        <text className="chart-now-label" x={x(current) + 4} y={M.top + 10}>
          MTU {current}
        </text>
        {shown.map((r, i) => (
          <path key={`${r.cni}/${r.mode}`} className="chart-line" stroke={COLORS[i % COLORS.length]} d={pathOf(r.overhead ?? 0)} />
        ))}
        <text className="chart-axis-label" x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">
          underlay MTU (bytes)
        </text>
      </svg>
      <figcaption className="chart-legend">
        {shown.map((r, i) => (
          <span key={`${r.cni}/${r.mode}`}>
            <i style={{ background: COLORS[i % COLORS.length] }} /> {r.cni} {r.mode}: {r.overhead} B per packet
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
