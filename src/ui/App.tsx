import type { ReactNode } from 'react';
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
import { HopInspector } from './panels/HopInspector';
import { BottomDrawer } from './drawer/BottomDrawer';
import { usePlayback } from './playback/usePlayback';
import { useShareLinkSync } from './store/useShareLinkSync';
import { useLabStore } from './store/lab-store';

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
  return (
    <ReactFlowProvider>
      <div className={`app${drawer}`}>
        <a className="skip-link" href="#trace">
          Skip to the trace
        </a>
        <TopBar />
        <ScenarioStrip />
        <Banner />
        <main className="workspace">
          <aside className={`sidebar sidebar--left${lessonPanel ? ' has-lesson' : ''}`} aria-label={lessonPanel ? 'Lesson, send and break' : 'Send and break'}>
            {lessonPanel && <ErrorBoundary area="The lesson panel">{lessonPanel}</ErrorBoundary>}
            <ErrorBoundary area="The send form">
              <SendForm key={scenarioName} />
            </ErrorBoundary>
            {drill === null && (
              <ErrorBoundary area="The faults panel">
                <FaultsPanel />
              </ErrorBoundary>
            )}
          </aside>
          <section className="canvas" aria-label="Cluster canvas">
            <ErrorBoundary area="The canvas">
              <Topology />
            </ErrorBoundary>
          </section>
          <aside className="sidebar sidebar--right" id="trace" aria-label="Trace" tabIndex={-1}>
            <ErrorBoundary area="The trace panel">
              <VerdictPanel />
              <PlaybackControls />
              <div className="trace-split">
                <HopList />
                <HopInspector />
              </div>
            </ErrorBoundary>
          </aside>
        </main>
        <BottomDrawer />
      </div>
    </ReactFlowProvider>
  );
}
