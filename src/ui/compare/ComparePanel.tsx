import { useId, useMemo, useState } from 'react';
import type { ProbeSpec } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { allShapes, compareShapes, defaultShapes, MAX_SHAPES, MIN_SHAPES, shapeKey, toggleShape, type Shape, type ShapeRun } from './compare';
import { OverheadChart } from './OverheadChart';
import { hopWhere, verdictSummary } from '../playback/hop-format';

const MODE_TITLE: Record<string, string> = { vxlan: 'VXLAN', geneve: 'Geneve', ipip: 'IP-in-IP', wireguard: 'WireGuard', bgp: 'BGP', eni: 'ENI' };

/** Which shapes to compare: 2 to 4 of the modelled ones (a box that would leave fewer or more is disabled). */
function ShapePicker({ selected, onChange }: { selected: readonly Shape[]; onChange: (s: Shape[]) => void }) {
  const keys = new Set(selected.map(shapeKey));
  return (
    <fieldset className="compare__picker">
      <legend>
        Shapes ({MIN_SHAPES}–{MAX_SHAPES})
      </legend>
      {allShapes().map((s) => {
        const on = keys.has(shapeKey(s));
        const locked = on ? selected.length <= MIN_SHAPES : selected.length >= MAX_SHAPES;
        return (
          <label key={shapeKey(s)} className={locked ? 'is-locked' : undefined}>
            <input type="checkbox" checked={on} disabled={locked} onChange={() => onChange(toggleShape(selected, s))} />
            {s.cni} {MODE_TITLE[s.mode] ?? s.mode}
          </label>
        );
      })}
    </fieldset>
  );
}

function ShapeColumn({ run }: { run: ShapeRun }) {
  const title = `${run.cni} ${MODE_TITLE[run.mode] ?? run.mode}`;
  const v = run.trace ? verdictSummary(run.trace) : null;
  return (
    <article className="compare__col" aria-label={title}>
      <h3 className="compare__title">{title}</h3>
      <dl className="compare__facts">
        <dt>Outcome</dt>
        <dd className={v ? `is-${v.verdict}` : 'is-error'}>{v ? `${v.verdict} · ${v.reason}` : run.error}</dd>
        <dt>Hop count</dt>
        <dd>{run.trace?.hops.length ?? '—'}</dd>
        <dt>Overhead</dt>
        <dd>{run.overhead === null ? '—' : `${run.overhead} bytes`}</dd>
        <dt>Max DF payload</dt>
        <dd>{run.maxDfPayload === null ? 'none gets through' : `${run.maxDfPayload} bytes`}</dd>
      </dl>
      {run.trace && (
        <ol className="compare__path" aria-label={`Path under ${title}`}>
          {run.trace.hops.map((h, i) => (
            <li key={i}>
              <span className="hop__kind">{h.kind}</span> <span className="compare__where">{hopWhere(h)}</span>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

/** The same probe under 2–4 CNI shapes/modes, side by side (lazy-loaded with d3). */
export default function ComparePanel() {
  const scenario = useLabStore((s) => s.scenario);
  const cni = useLabStore((s) => s.lab.cluster.cni);
  const mode = useLabStore((s) => s.lab.cluster.mode);
  const [picked, setPicked] = useState<Shape[] | null>(null);
  const shapes = useMemo(() => picked ?? defaultShapes({ cni, mode }), [picked, cni, mode]);
  const probe = useLabStore((s) => s.probe);
  const pods = useLabStore((s) => s.lab.cluster.pods);
  const [runFor, setRunFor] = useState<ProbeSpec | null>(null);
  const fallback = useMemo<ProbeSpec | null>(() => {
    const a = pods.find((p) => p.ip);
    const b = pods.find((p) => p.ip && a && p.node !== a.node);
    return a && b ? { from: a.name, to: b.name, protocol: 'icmp', size: 56 } : null;
  }, [pods]);
  const target = runFor ?? probe ?? fallback;
  // hidden, the panel stays mounted (drawer tabs keep state) but does not re-run the engine
  const visible = useLabStore((s) => s.drawerOpen && s.drawerTab === 'compare');
  const runs = useMemo(() => (visible && target ? compareShapes(scenario, target, shapes) : []), [visible, scenario, target, shapes]);
  const id = useId();
  if (!target) return <p className="hint">Send a probe first: the comparison runs it under every modelled shape.</p>;
  return (
    <div className="compare">
      <div className="compare__bar">
        <p id={`${id}-what`}>
          <strong>
            {target.from} → {target.to}
          </strong>{' '}
          {target.protocol} {target.size ?? ''} B under {shapes.length} shapes, each on a fresh lab built from this scenario. Max DF payload: binary search with
          the engine.
        </p>
        {probe && probe !== target && (
          <button type="button" className="btn btn--small" onClick={() => setRunFor(probe)}>
            Compare the last probe
          </button>
        )}
      </div>
      <ShapePicker selected={shapes} onChange={setPicked} />
      <div className="compare__grid">
        {runs.map((r) => (
          <ShapeColumn key={`${r.cni}/${r.mode}`} run={r} />
        ))}
        <OverheadChart runs={runs} />
      </div>
    </div>
  );
}
