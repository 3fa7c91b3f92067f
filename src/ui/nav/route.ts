/**
 * Path routes for the study pages (learn-shared.md "Routes"): `/` the lab, `/lessons`,
 * `/lessons/<id>/<stepId>`, `/drills`, `/drills/<seed>`, `/cards`, `/quiz`. The hash is not
 * ours: it stays the scenario share link (store/useShareLinkSync.ts), so a route change keeps
 * whatever hash the lab writes and never reads it.
 *
 * History API routing (pushState + popstate) — Vite's dev and preview servers answer any path
 * with index.html (appType 'spa'), and a static host needs the same fallback.
 */
import { useSyncExternalStore } from 'react';
import type { LabLink } from '../../lessons/types';
import { useLabStore } from '../store/lab-store';
import { loadSample } from '../store/scenarios';
import { errorText } from '../store/probe-runner';

export type Route =
  | { readonly page: 'lab' }
  | { readonly page: 'lessons' }
  /** `step` null: resume where the learner left off (or the first step) */
  | { readonly page: 'lesson'; readonly lesson: string; readonly step: string | null }
  | { readonly page: 'drills'; readonly seed: number | null }
  | { readonly page: 'cards' }
  | { readonly page: 'quiz' }
  | { readonly page: 'not-found'; readonly path: string };

function segment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The route of a pathname; trailing slashes are ignored. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(segment);
  const [head, a, b, ...rest] = parts;
  if (!head) return { page: 'lab' };
  if (head === 'lessons' && !a) return { page: 'lessons' };
  if (head === 'lessons' && a && rest.length === 0) return { page: 'lesson', lesson: a, step: b ?? null };
  if (head === 'drills' && !b) {
    if (!a) return { page: 'drills', seed: null };
    if (/^\d{1,15}$/.test(a)) return { page: 'drills', seed: Number(a) };
  }
  if ((head === 'cards' || head === 'quiz') && !a) return { page: head };
  return { page: 'not-found', path: pathname };
}

/** The path of a route (parseRoute's inverse for every route but not-found). */
export function routePath(r: Exclude<Route, { page: 'not-found' }>): string {
  switch (r.page) {
    case 'lab':
      return '/';
    case 'lessons':
      return '/lessons';
    case 'lesson':
      return `/lessons/${encodeURIComponent(r.lesson)}${r.step ? `/${encodeURIComponent(r.step)}` : ''}`;
    case 'drills':
      return r.seed === null ? '/drills' : `/drills/${r.seed}`;
    default:
      return `/${r.page}`;
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) removeEventListener('popstate', notify);
  };
}

function notify(): void {
  for (const l of listeners) l();
}

let cachedPath = '';
let cachedRoute: Route = { page: 'lab' };

function current(): Route {
  // one Route object per path, so useSyncExternalStore sees a stable snapshot
  if (location.pathname !== cachedPath) {
    cachedPath = location.pathname;
    cachedRoute = parseRoute(cachedPath);
  }
  return cachedRoute;
}

/** The route on screen; re-renders on navigate() and on the browser's back and forward. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, current);
}

/**
 * Goes to `path` (a new history entry). The share-link hash is left behind on purpose: the lab
 * writes it again when it shows (useShareLinkSync), and a study page has no scenario to share.
 * `replace` rewrites the current entry instead (a lesson step moving on).
 */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const url = path.split('#')[0] || '/';
  if (url === location.pathname && !opts.replace) return;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

/**
 * Opens a content link in the lab (types.ts LabLink): a lesson step, or a bundled sample with
 * its faults switched on and its probe sent, then the lab page. Uses only what the lab has on
 * its first load (the bundled samples, the lab store), so a card or a question shows its
 * answer live without loading anything more.
 */
export function openLabLink(link: LabLink): void {
  if (link.kind === 'lesson') return navigate(routePath({ page: 'lesson', lesson: link.lesson, step: link.step }));
  const lab = useLabStore.getState();
  try {
    lab.loadScenario(loadSample(link.scenario).scenario, link.scenario);
  } catch (e) {
    lab.showBanner({ kind: 'error', title: `The sample ${link.scenario} could not be loaded`, details: [errorText(e)] });
    return navigate('/');
  }
  // the same door as the Faults panel, so the panel shows them on and the lab is rebuilt with them
  for (const f of link.faults ?? []) useLabStore.getState().toggleFault(f, true);
  if (link.probe) useLabStore.getState().send(link.probe, 'form');
  navigate('/');
}
