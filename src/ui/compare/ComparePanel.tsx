import { useId, useMemo, useState } from 'react';
import type { ProbeSpec } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { compareShapes, modelledShapes, type ShapeRun } from './compare';
import { OverheadChart } from './OverheadChart';
import { hopWhere, verdictSummary } from '../playback/hop-format';

const MODE_TITLE: Record<string, string> = { vxlan: 'VXLAN', 'host-gw': 'host-gw' };

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

/** The same probe under each CNI shape/mode the engine models, side by side (lazy-loaded with d3). */
export default function ComparePanel() {
  const scenario = useLabStore((s) => s.scenario);
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
  const runs = useMemo(() => (visible && target ? compareShapes(scenario, target) : []), [visible, scenario, target]);
  const id = useId();
  if (!target) return <p className="hint">Send a probe first: the comparison runs it under every modelled shape.</p>;
  return (
    <div className="compare">
      <div className="compare__bar">
        <p id={`${id}-what`}>
          <strong>
            {target.from} → {target.to}
          </strong>{' '}
          {target.protocol} {target.size ?? ''} B under {modelledShapes().length} shapes, each on a fresh lab. Max DF payload: binary search with the engine.
        </p>
        {probe && probe !== target && (
          <button type="button" className="btn btn--small" onClick={() => setRunFor(probe)}>
            Compare the last probe
          </button>
        )}
      </div>
      <div className="compare__grid">
        {runs.map((r) => (
          <ShapeColumn key={`${r.cni}/${r.mode}`} run={r} />
        ))}
        <OverheadChart runs={runs} />
      </div>
    </div>
  );
}
