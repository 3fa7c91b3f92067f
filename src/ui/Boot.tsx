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
 * blank page.
 */
export function Boot() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
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
  }, [attempt]);
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
            <button
              type="button"
              className="btn"
              onClick={() => {
                setPhase({ kind: 'loading' });
                setAttempt((n) => n + 1);
              }}
            >
              Try again
            </button>
          </div>
        )}
      </main>
    </div>
  );
}
