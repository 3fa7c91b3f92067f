/**
 * The lab page's global shortcuts (keymap.ts says which key does what): one keydown listener
 * on the document while the lab page is mounted. Handlers that use a key themselves (the hop
 * list's arrows, the drawer's tabs) call preventDefault, and the listener then leaves it alone.
 */
import { useEffect } from 'react';
import { useLabStore } from '../store/lab-store';
import { actionFor, type ShortcutAction } from './keymap';
import { focusInfo } from './focus-info';
import { useShortcutsHelp } from './help-store';

function run(action: ShortcutAction): boolean {
  const st = useLabStore.getState();
  const last = (st.playback?.hops.length ?? 0) - 1;
  switch (action) {
    case 'toggle-play':
      if (st.playing) st.pause();
      else st.play();
      return true;
    case 'step-back':
      st.stepBack();
      return true;
    case 'step-forward':
      st.stepForward();
      return true;
    case 'first-hop':
      st.seek(0);
      return true;
    case 'last-hop':
      if (last >= 0) st.seek(last);
      return true;
    case 'show-verdict':
      if (!st.playback) return false;
      st.revealVerdict();
      return true;
    case 'help':
      useShortcutsHelp.getState().show();
      return true;
    case 'presenter':
      st.setPresenter(!st.presenter);
      return true;
    case 'leave-presenter':
      st.setPresenter(false);
      return true;
    default:
      // the faults strip's keys belong to presenter mode's own listener (presenter/PresenterBar.tsx)
      return false;
  }
}

export function useLabShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionFor(e, focusInfo(e.target), useLabStore.getState().presenter);
      if (action && run(action)) e.preventDefault();
    };
    // on the document, not the window: React's handlers (on the root, inside it) have run by then, and
    // React Flow's window listeners, which preventDefault its pan key (Space) on the canvas, have not
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
