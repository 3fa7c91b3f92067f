import { useEffect, useState } from 'react';
import { Shell } from './nav/Shell';
import { Brand } from './topbar/Brand';
import { loadEngine } from './store/engine-runtime';
import { bootLabStore } from './store/lab-store';
import { errorText } from './store/probe-runner';

type Phase = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'failed'; readonly error: string };

/**
 * Paints the page frame at once and renders the lab when the datapath engine has arrived
 * (store/engine-runtime.ts). A failed download says so and offers a retry instead of a
 * blank page. The retry reloads the page: a browser may keep a failed module import for the
 * document's life (the HTML module map holds the failed fetch; Chromium 150 does), so
 * importing the chunk again in the same page can fail without asking the network. Nothing is
 * lost: no lab has opened yet, and the address (a share link) stays.
 */
export function Boot() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    loadEngine().then(
      () => {
        bootLabStore();
        if (live) setPhase({ kind: 'ready' });
      },
      (e: unknown) => live && setPhase({ kind: 'failed', error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  if (phase.kind === 'ready') return <Shell />;
  return (
    <div className="app is-drawer-closed">
      <header className="topbar">
        <Brand />
      </header>
      <main className="boot">
        {phase.kind === 'loading' ? (
          <p className="boot__status" role="status">
            Loading the datapath engine…
          </p>
        ) : (
          <div className="crash" role="alert">
            <p className="crash__title">The datapath engine could not be loaded.</p>
            <p className="crash__detail">{phase.error}</p>
            <button type="button" className="btn" onClick={() => location.reload()}>
              Try again
            </button>
          </div>
        )}
      </main>
    </div>
  );
}
