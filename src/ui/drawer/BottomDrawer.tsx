import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLabStore, type DrawerTab } from '../store/lab-store';
import { ErrorBoundary } from '../ErrorBoundary';
import { afterFirstDraw } from './after-first-draw';

// Heavy parts load on first use, split out of the first load: xterm, d3, and the engine's CLI
// (Details prints `ip addr`/`ip route` with it; it is the open tab, so it loads right after the
// canvas has drawn: after-first-draw.ts).
const DetailsPanel = lazy(() => afterFirstDraw().then(() => import('../panels/DetailsPanel')));
const TerminalPanel = lazy(() => import('../terminal/TerminalPanel'));
// a closed tab at startup: out of the first load (issue 9)
const FlowLog = lazy(() => import('../flowlog/FlowLog'));
const ComparePanel = lazy(() => import('../compare/ComparePanel'));
// the YAML parser and the policy schemas come with it
const PoliciesPanel = lazy(() => import('../policies/PoliciesPanel'));
// the scenario editor brings the YAML parser and the validator with it
const ScenarioPanel = lazy(() => import('../scenario-editor/ScenarioPanel'));

const TABS: { id: DrawerTab; label: string }[] = [
  { id: 'details', label: 'Details' },
  { id: 'terminal', label: 'Terminal' },
  { id: 'compare', label: 'Compare' },
  { id: 'flows', label: 'Flow log' },
  { id: 'policies', label: 'Policies' },
  { id: 'scenario', label: 'Edit scenario' },
];

function body(tab: DrawerTab) {
  switch (tab) {
    case 'details':
      return <DetailsPanel />;
    case 'terminal':
      return <TerminalPanel />;
    case 'policies':
      return <PoliciesPanel />;
    case 'compare':
      return <ComparePanel />;
    case 'flows':
      return <FlowLog />;
    case 'scenario':
      return <ScenarioPanel />;
  }
}

/** The bottom drawer: Details / Terminal / Compare / Flow log / Policies tabs (WAI-ARIA tabs pattern). */
export function BottomDrawer() {
  const tab = useLabStore((s) => s.drawerTab);
  const open = useLabStore((s) => s.drawerOpen);
  const tall = useLabStore((s) => s.drawerTall);
  const flowCount = useLabStore((s) => s.flows.length);
  const policyCount = useLabStore((s) => s.scenario.cluster.networkPolicies.length);
  // panels stay mounted once opened (the terminal keeps its scrollback and history)
  const [mounted, setMounted] = useState<ReadonlySet<DrawerTab>>(new Set([tab]));
  if (!mounted.has(tab)) setMounted(new Set([...mounted, tab]));
  const refs = useRef<Partial<Record<DrawerTab, HTMLButtonElement | null>>>({});
  const id = useId();
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    useLabStore.getState().openDrawer(TABS[next].id);
    refs.current[TABS[next].id]?.focus();
  };
  return (
    <section className={`drawer${open ? '' : ' is-closed'}`} aria-label="Tools">
      <div className="drawer__tabs">
        <div role="tablist" aria-label="Tools" onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`${id}-panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              className="drawer__tab"
              onClick={() => useLabStore.getState().openDrawer(t.id)}
            >
              {t.label}
              {t.id === 'flows' && flowCount > 0 && (
                <span className="drawer__count" aria-hidden="true">
                  {flowCount}
                </span>
              )}
              {t.id === 'policies' && policyCount > 0 && (
                <span className="drawer__count" aria-hidden="true">
                  {policyCount}
                </span>
              )}
            </button>
          ))}
        </div>
        <div className="drawer__actions">
          {open && (
            <button type="button" className="btn btn--ghost btn--small" aria-pressed={tall} onClick={() => useLabStore.getState().toggleDrawerTall()}>
              Taller
            </button>
          )}
          <button type="button" className="btn btn--ghost btn--small" aria-expanded={open} onClick={() => useLabStore.getState().toggleDrawer()}>
            {open ? 'Hide tools' : 'Show tools'}
          </button>
        </div>
      </div>
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${id}-panel-${t.id}`}
          aria-labelledby={`${id}-tab-${t.id}`}
          hidden={!open || tab !== t.id}
          className="drawer__panel"
          tabIndex={0}
        >
          {mounted.has(t.id) && (
            // one failing tab (a chunk that did not load, a render that threw) shows what failed;
            // the other tabs, the canvas and the forms keep working (e2e/error-boundary.spec.ts)
            <ErrorBoundary area={`The ${t.label.toLowerCase()} tab`}>
              <Suspense fallback={<p className="hint">Loading {t.label.toLowerCase()}…</p>}>{body(t.id)}</Suspense>
            </ErrorBoundary>
          )}
        </div>
      ))}
    </section>
  );
}
