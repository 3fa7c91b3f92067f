import { lazy, Suspense, type MouseEvent, type ReactNode } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
// Services and DNS styles (main.tsx imports the rest, in cascade order before these)
import './styles/services.css';
import './styles/lookup.css';
import './styles/strip-forms.css';
import './styles/canvas-shapes.css';
import { TopBar } from './topbar/TopBar';
import { ScenarioStrip } from './topbar/ScenarioStrip';
import { Banner } from './Banner';
import { ErrorBoundary } from './ErrorBoundary';
import { SendForm } from './panels/SendForm';
import { FaultsPanel } from './panels/FaultsPanel';
import { Topology } from './canvas/Topology';
import { VerdictPanel } from './panels/VerdictPanel';
import { PlaybackControls } from './playback/PlaybackControls';
import { HopList } from './panels/HopList';
import { afterFirstDraw } from './drawer/after-first-draw';
import { BottomDrawer } from './drawer/BottomDrawer';
import { usePlayback } from './playback/usePlayback';
import { useShareLinkSync } from './store/useShareLinkSync';
import { useLabStore } from './store/lab-store';
import { SheetBar } from './layout/SheetBar';
import { TraceSplit } from './layout/TraceSplit';
import { useSheets } from './layout/sheets';

// the keyboard shortcuts arrive just after the first paint; presenter mode's bar and stylesheet once a presenter turns it on
const KeyboardLayer = lazy(() => import('./keyboard/KeyboardLayer'));
const PresenterBar = lazy(() => import('./presenter/PresenterBar'));
// the hop inspector shows nothing before a send: out of the first load, fetched once the canvas has
// drawn (issue 9)
const HopInspector = lazy(() => afterFirstDraw().then(() => import('./panels/HopInspector').then((m) => ({ default: m.HopInspector }))));

/** A skip link moves focus itself: following `#…` would replace the share link in the address bar. */
function skipTo(e: MouseEvent<HTMLAnchorElement>, id: string) {
  e.preventDefault();
  document.getElementById(id)?.focus();
}

/**
 * The lab page: top bar, send form + faults, canvas, trace + inspector, tools drawer. On a lesson
 * step the lesson panel (nav/Shell.tsx) is docked at the top of the left column; the lesson owns
 * the scenario then, so the share link is not read or written.
 */
export function App({ lessonPanel }: { readonly lessonPanel?: ReactNode } = {}) {
  usePlayback();
  // a drill's lab neither shows its fault in the faults panel nor writes it into the share link
  const drill = useLabStore((s) => s.drill ?? null);
  useShareLinkSync(!lessonPanel && drill === null);
  const drawer = useLabStore((s) => (!s.drawerOpen ? ' is-drawer-closed' : s.drawerTall ? ' is-drawer-tall' : ''));
  // another scenario starts the form afresh (its places and names are another cluster's)
  const scenarioName = useLabStore((s) => s.scenario.metadata.name);
  const presenter = useLabStore((s) => s.presenter);
  // on a phone one panel at a time opens as a sheet under the canvas (layout/SheetBar.tsx)
  const sheet = useSheets((s) => s.sheet);
  return (
    <ReactFlowProvider>
      <div className={`app${drawer}${presenter ? ' is-presenter' : ''}`} data-sheet={sheet ?? undefined}>
        <a className="skip-link" href="#canvas" onClick={(e) => skipTo(e, 'canvas')}>
          Skip to the canvas
        </a>
        <a className="skip-link" href="#playback" onClick={(e) => skipTo(e, 'playback')}>
          Skip to playback
        </a>
        <Suspense fallback={null}>
          <KeyboardLayer />
        </Suspense>
        <TopBar />
        <ScenarioStrip />
        <Banner />
        <main className="workspace">
          <aside className={`sidebar sidebar--left${lessonPanel ? ' has-lesson' : ''}`} aria-label={lessonPanel ? 'Lesson, send and break' : 'Send and break'}>
            <div className="sheet-part" id="sheet-send" data-sheet-part="send">
              {lessonPanel && <ErrorBoundary area="The lesson panel">{lessonPanel}</ErrorBoundary>}
              <ErrorBoundary area="The send form">
                <SendForm key={scenarioName} />
              </ErrorBoundary>
            </div>
            {drill === null && (
              <div className="sheet-part" id="sheet-faults" data-sheet-part="faults">
                <ErrorBoundary area="The faults panel">
                  <FaultsPanel />
                </ErrorBoundary>
              </div>
            )}
          </aside>
          <section className="canvas skip-target" id="canvas" aria-label="Cluster canvas" tabIndex={-1}>
            <ErrorBoundary area="The canvas">
              <Topology />
            </ErrorBoundary>
          </section>
          <aside className="sidebar sidebar--right" id="trace" aria-label="Trace" tabIndex={-1}>
            <ErrorBoundary area="The trace panel">
              <VerdictPanel />
              <PlaybackControls />
              <TraceSplit
                list={<HopList />}
                inspector={
                  <Suspense fallback={null}>
                    <HopInspector />
                  </Suspense>
                }
              />
            </ErrorBoundary>
          </aside>
        </main>
        <BottomDrawer />
        <SheetBar />
        {presenter && (
          <Suspense fallback={null}>
            <PresenterBar />
          </Suspense>
        )}
      </div>
    </ReactFlowProvider>
  );
}
