/**
 * The update prompt's state (issue 10 "Offline"). A new service worker that has installed and
 * waits means a new build of podpath is downloaded. It takes over only when the learner says
 * so ("Reload"), never by itself mid-lesson: the old code keeps running this page until then,
 * and with "Later" until every podpath tab is closed (the browser activates a waiting worker
 * once no page uses the old one — the Service Workers spec's update algorithm).
 *
 * A tiny store for useSyncExternalStore: it is in the first load (PwaUpdate reads it), the
 * registration and the notice are not.
 */
export type UpdateState =
  /** no new version waiting (or no service worker at all: dev, or a browser without one) */
  | { readonly kind: 'none' }
  /** a new version waits: the notice shows */
  | { readonly kind: 'ready' }
  /** the learner chose "Later": the notice is gone until another new version arrives */
  | { readonly kind: 'later' }
  /** "Reload" told the waiting worker to take over; the page reloads once it controls it */
  | { readonly kind: 'reloading' }
  /** telling the waiting worker failed: the notice says so and "Reload" may be tried again */
  | { readonly kind: 'failed'; readonly error: string };

/** What "Reload" does: message the waiting worker to skip waiting (the page reloads on its takeover). */
export type ApplyUpdate = () => Promise<void>;

let state: UpdateState = { kind: 'none' };
let apply: ApplyUpdate | null = null;
const listeners = new Set<() => void>();

function set(next: UpdateState): void {
  state = next;
  for (const l of listeners) l();
}

export function getUpdateState(): UpdateState {
  return state;
}

export function subscribeUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * A new worker waits (workbox-window's "waiting" event, via vite-plugin-pwa's onNeedRefresh).
 * Shows the notice again after "Later" when yet another version arrived; a reload under way
 * is left alone.
 */
export function offerUpdate(applyUpdate: ApplyUpdate): void {
  apply = applyUpdate;
  if (state.kind !== 'reloading') set({ kind: 'ready' });
}

/** "Later": hide the notice; the waiting worker stays waiting. */
export function postponeUpdate(): void {
  if (state.kind === 'ready' || state.kind === 'failed') set({ kind: 'later' });
}

/** "Reload": ask the waiting worker to take over. Only from the notice, so only with one waiting. */
export async function applyUpdate(): Promise<void> {
  if (!apply || (state.kind !== 'ready' && state.kind !== 'failed')) return;
  set({ kind: 'reloading' });
  try {
    await apply();
  } catch (e) {
    set({ kind: 'failed', error: e instanceof Error ? e.message : String(e) });
  }
}

/** For tests: back to no update and no worker. */
export function resetUpdateState(): void {
  apply = null;
  set({ kind: 'none' });
}
