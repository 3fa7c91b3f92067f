/**
 * Puts a decoded share link on the lab page: the scenario, then the send form, then the probe
 * re-run on the restored lab (the engine is deterministic: a fresh lab gives the trace the link
 * was made with, unless the lab had run other packets or terminal repairs first — then a note
 * says the re-run differs), then the position, selection, panel and presenter mode, paused.
 */
import type { Lab } from '../../engine';
import { useLabStore } from './lab-store';
import type { LinkView } from './share-link';

/** Applies `view` on `lab`'s scenario; returns notes for an info banner (empty when all matched). */
export function applyLink(lab: Lab, view: LinkView | undefined): string[] {
  const store = useLabStore.getState();
  store.loadScenario(lab.scenario, null);
  if (!view) return [];
  const notes: string[] = [];
  useLabStore.setState({ sendForm: view.form });
  if (view.probe) {
    useLabStore.getState().send(view.probe, 'replay');
    const { playback, trace, probeError } = useLabStore.getState();
    const last = Math.max(0, (playback?.hops.length ?? 0) - 1);
    if (view.cursor > last) notes.push(`the link points at hop ${view.cursor + 1}, but the re-run probe played ${last + 1}: showing the last one`);
    useLabStore.setState({ playing: false, cursor: Math.min(view.cursor, last) });
    const c = view.check;
    if (c && trace && playback && (c.verdict !== trace.verdict || c.reason !== trace.reason || c.hops !== playback.hops.length))
      notes.push(
        `where the link was made this probe gave ${c.verdict} (${c.reason}, ${c.hops} hops); re-run here on a fresh lab it gives ${trace.verdict} (${trace.reason}, ${playback.hops.length} hops) — the lab there had run other packets or terminal repairs first, which a link does not carry`,
      );
    if (probeError) notes.push(`the link's probe could not run on this lab: ${probeError}`);
  }
  useLabStore.setState({ selected: view.selected, drawerTab: view.drawerTab, drawerOpen: view.drawerOpen, drawerTall: view.drawerTall });
  if (useLabStore.getState().presenter !== view.presenter) useLabStore.getState().setPresenter(view.presenter);
  return notes;
}
