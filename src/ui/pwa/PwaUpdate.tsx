/**
 * The offline support's foothold in the first load (issue 10): after the first paint, when the
 * main thread is idle, it imports ./register (the service worker registration and
 * workbox-window), and it shows the update notice — itself a lazy chunk — only when a new
 * version waits. In dev there is no service worker (vite-plugin-pwa builds it only for
 * `vite build`), so nothing happens there.
 */
import { lazy, Suspense, useEffect, useSyncExternalStore, type ComponentType } from 'react';
import type { UpdateNoticeProps } from './UpdateNotice';
import { applyUpdate, getUpdateState, postponeUpdate, subscribeUpdate } from './update-state';

// a notice that cannot load (a deploy removed its chunk) must not take the page down with it
const UpdateNotice = lazy<ComponentType<UpdateNoticeProps>>(() => import('./UpdateNotice').catch(() => ({ default: () => null })));

/** Runs `run` after the next paint, once the page is idle (or after 5 s at most). */
function afterFirstPaint(run: () => void): () => void {
  let timer = 0;
  let idle = 0;
  const frame = requestAnimationFrame(() => {
    timer = window.setTimeout(() => {
      // Safari has no requestIdleCallback
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: 5000 });
      else timer = window.setTimeout(run, 1000);
    });
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    if (idle) cancelIdleCallback(idle);
  };
}

export function PwaUpdate() {
  const state = useSyncExternalStore(subscribeUpdate, getUpdateState);
  useEffect(() => {
    if (!import.meta.env.PROD) return;
    // a registration chunk that cannot load leaves the lab as it is online, without offline support
    return afterFirstPaint(
      () =>
        void import('./register').then(
          (m) => m.registerPwa(),
          () => undefined,
        ),
    );
  }, []);
  if (state.kind === 'none' || state.kind === 'later') return null;
  return (
    <Suspense fallback={null}>
      <UpdateNotice state={state} onReload={() => void applyUpdate()} onLater={postponeUpdate} />
    </Suspense>
  );
}
