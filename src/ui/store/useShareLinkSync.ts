import { useEffect } from 'react';
import { useLabStore } from './lab-store';
import { decodeShareHash, shareHash } from './share-link';

/**
 * Keeps the URL hash equal to the scenario on screen (the address bar is always a share
 * link) and loads a link pasted into this tab. A bad link shows the error banner and keeps
 * the lab that is already there.
 */
export function useShareLinkSync(): void {
  useEffect(() => {
    const write = () => {
      const hash = shareHash(useLabStore.getState().scenario);
      if (location.hash !== hash) history.replaceState(null, '', hash);
    };
    write();
    const unsub = useLabStore.subscribe((s, prev) => {
      if (s.scenario !== prev.scenario) write();
    });
    const onHash = () => {
      const st = useLabStore.getState();
      if (location.hash === shareHash(st.scenario)) return;
      const link = decodeShareHash(location.hash);
      if (link.kind === 'ok') st.loadScenario(link.lab.scenario, null);
      else if (link.kind === 'error')
        st.showBanner({ kind: 'error', title: 'The share link does not hold a valid scenario — the lab was left as it was.', details: link.errors });
    };
    addEventListener('hashchange', onHash);
    return () => {
      unsub();
      removeEventListener('hashchange', onHash);
    };
  }, []);
}
