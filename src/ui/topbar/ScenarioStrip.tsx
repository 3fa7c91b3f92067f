import { lazy, Suspense } from 'react';
import { useLabStore } from '../store/lab-store';

const SimplificationsDialog = lazy(() => import('../simplifications/SimplificationsDialog'));

/** Under the top bar: what the scenario on screen is about (its description), and what the lab simplifies. */
export function ScenarioStrip() {
  const name = useLabStore((s) => s.scenario.metadata.name);
  const description = useLabStore((s) => s.scenario.metadata.description);
  const open = useLabStore((s) => s.simplifications !== null);
  return (
    <div className="scenario-strip">
      {/* the page's heading: the lab and the scenario it shows (one h1 per page) */}
      <h1 className="scenario-strip__desc" title={description}>
        <span className="visually-hidden">podpath lab: </span>
        <strong>{name}</strong>
        {description ? <span className="scenario-strip__text"> — {description}</span> : null}
      </h1>
      <button type="button" className="btn btn--ghost btn--small" aria-haspopup="dialog" onClick={() => useLabStore.getState().showSimplifications()}>
        What the lab simplifies
      </button>
      {open && (
        <Suspense fallback={null}>
          <SimplificationsDialog />
        </Suspense>
      )}
    </div>
  );
}
