import { useEffect } from 'react';
import { useLabStore } from './lab-store';
import { decodeShareHash, hasShareLink, shareHash } from './share-link';

/**
 * Keeps the URL hash equal to the scenario on screen (the address bar is always a share
 * link) and loads a link pasted into this tab. A bad link shows the error banner and keeps
 * the lab that is already there. `enabled` false (a lesson step owns the scenario) leaves the
 * hash alone; turning it on again writes the scenario on screen.
 */
export function useShareLinkSync(enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let ready = false;
    const write = () => {
      if (!ready) return;
      const hash = shareHash(useLabStore.getState().scenario);
      if (location.hash !== hash) history.replaceState(null, '', hash);
    };
    const unsub = useLabStore.subscribe((s, prev) => {
      if (s.scenario !== prev.scenario) write();
    });
    const read = async (opening: boolean) => {
      const st = useLabStore.getState();
      if (location.hash === shareHash(st.scenario)) return;
      const link = await decodeShareHash(location.hash);
      if (link.kind === 'ok') useLabStore.getState().loadScenario(link.lab.scenario, null);
      else if (link.kind === 'error')
        useLabStore.getState().showBanner({
          kind: 'error',
          title: opening
            ? 'The share link does not hold a valid scenario — showing the default lab instead.'
            : 'The share link does not hold a valid scenario — the lab was left as it was.',
          details: link.errors,
        });
    };
    // the page opens on the default lab; a link in the URL replaces it once it is read
    const opening = hasShareLink(location.hash) ? read(true) : Promise.resolve();
    void opening.finally(() => {
      ready = true;
      write();
    });
    const onHash = () => void read(false);
    addEventListener('hashchange', onHash);
    return () => {
      unsub();
      removeEventListener('hashchange', onHash);
    };
  }, [enabled]);
}
