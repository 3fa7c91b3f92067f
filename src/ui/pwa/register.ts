/**
 * Registers the service worker that vite-plugin-pwa generates at build time (generateSW,
 * registerType 'prompt': vite.config.ts; its default file name sw.js, at the base). Loaded by
 * PwaUpdate with a dynamic import after the first paint, so neither this module nor
 * workbox-window is in the first load. The worker precaches the whole build, so after one visit
 * the lab, the lessons, the study pages and the terminal work offline.
 *
 * An update never swaps code mid-lesson: a new worker waits (workbox-window's "waiting" event,
 * also for a waiting worker found at registration), the notice offers "Reload", and only then is
 * the worker told to skip waiting (the generated worker listens for {type: 'SKIP_WAITING'});
 * once it controls the page ("controlling"), the page reloads on the new build. This is what
 * vite-plugin-pwa's virtual:pwa-register does for 'prompt', minus its own dynamic import of
 * workbox-window, which cost the first load a split-out preload helper.
 */
import { Workbox } from 'workbox-window';
import { offerUpdate } from './update-state';

/** how often a long-open page asks whether a new build was deployed (the browser also checks on each navigation) */
const CHECK_EVERY_MS = 60 * 60 * 1000;
/** if the new worker has not taken over by then (it went redundant), a plain reload still leaves the page working */
const TAKEOVER_TIMEOUT_MS = 10_000;

let started = false;

export function registerPwa(): void {
  if (started || !('serviceWorker' in navigator)) return;
  started = true;
  const base = import.meta.env.BASE_URL;
  const wb = new Workbox(`${base}sw.js`, { scope: base });
  wb.addEventListener('waiting', () =>
    offerUpdate(async () => {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
      setTimeout(() => location.reload(), TAKEOVER_TIMEOUT_MS);
    }),
  );
  wb.register({ immediate: true }).then(
    (registration) => {
      if (!registration) return;
      setInterval(() => {
        // offline the check could only fail; the next one comes
        if (navigator.onLine) registration.update().catch(() => undefined);
      }, CHECK_EVERY_MS);
    },
    // A browser that refuses service workers (some private modes) still runs the lab online:
    // nothing to tell the learner, and nothing to log.
    () => undefined,
  );
}
