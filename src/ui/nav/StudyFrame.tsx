import { Suspense, type ReactNode } from 'react';
import { Brand } from '../topbar/Brand';
import { ErrorBoundary } from '../ErrorBoundary';
import { MainNav } from './MainNav';

/** A study page's frame: the top bar with the navigation, then the page (loaded on demand). */
export function StudyFrame({ area, children }: { area: string; children: ReactNode }) {
  return (
    <div className="app is-drawer-closed">
      <header className="topbar">
        <div className="topbar__start">
          <Brand />
          <MainNav />
        </div>
      </header>
      <main className="study-page" id="main">
        <div className="study-page__inner">
          {/* keyed: another page starts with a fresh boundary, not the last page's error */}
          <ErrorBoundary key={area} area={area}>
            <Suspense
              fallback={
                <p className="boot__status" role="status">
                  Loading {area.toLowerCase()}…
                </p>
              }
            >
              {children}
            </Suspense>
          </ErrorBoundary>
        </div>
      </main>
    </div>
  );
}
