import { useEffect } from 'react';
import { useLabStore, type LabState } from './lab-store';
import type { LinkProblem } from './share-link';
import { hasShareLink } from './share-link-hash';

// encoding, decoding and restoring load after the first paint (the first-load budget)
const links = () => import('./share-link');
const restore = () => import('./share-link-apply');

/** quiet time before the hash is rewritten after typing in the send form */
export const WRITE_DEBOUNCE_MS = 250;

/** What a share link carries: a change to any of these rewrites the hash (playback ticks do not). */
const CARRIED = ['scenario', 'probe', 'trace', 'sendForm', 'cursor', 'playing', 'selected', 'drawerTab', 'drawerOpen', 'drawerTall', 'presenter'] as const;
const changed = (s: LabState, prev: LabState) => CARRIED.some((k) => s[k] !== prev[k]);

const TITLES: Record<LinkProblem, string> = {
  invalid: 'The share link does not hold a valid scenario',
  corrupt: 'The share link is damaged',
  'too-large': 'The share link is too large to open',
  newer: 'The share link was made by a newer podpath',
};

/**
 * Keeps the URL hash equal to the moment on screen (the address bar is always a share link)
 * and loads a link pasted into this tab. The hash is written when playback is paused — on a
 * seek, a step, a change; typing after a short debounce — never on every playback tick. Encoding is
 * async (compression): each write takes a number, and only the newest one lands. A bad link
 * shows the error banner and keeps the lab that is already there. `enabled` false (a lesson
 * step or a drill owns the scenario) leaves the hash alone; turning it on again writes it.
 */
export function useShareLinkSync(enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let ready = false;
    let alive = true;
    let seq = 0;
    let reading = 0;
    // each read takes a number: a link read later (pasted while another still loads) wins
    let readSeq = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // the hash this tab last wrote: reading it back is a no-op
    let written: string | null = null;
    const writeNow = async () => {
      const mine = ++seq;
      const st = useLabStore.getState();
      if (!ready || reading > 0 || st.playing) return;
      let hash: string;
      try {
        const { encodeMoment, momentOf } = await links();
        hash = await encodeMoment(momentOf(useLabStore.getState()));
      } catch {
        return; // no compression here (or the chunk did not load): the address bar keeps the last link
      }
      // a newer write (or a link being read) started while this one compressed
      if (!alive || mine !== seq) return;
      written = hash;
      if (location.hash !== hash) history.replaceState(null, '', hash);
    };
    // typing waits for a pause; a click (a seek, a panel, a fault) is written at once, so a
    // reload right after it still finds it in the address bar
    const write = (typing = false) => {
      clearTimeout(timer);
      timer = setTimeout(() => void writeNow(), typing ? WRITE_DEBOUNCE_MS : 0);
    };
    const unsub = useLabStore.subscribe((s, prev) => {
      if (!s.playing && changed(s, prev)) write(CARRIED.every((k) => k === 'sendForm' || s[k] === prev[k]));
    });
    const read = async (opening: boolean) => {
      if (location.hash === written) return;
      const myRead = ++readSeq;
      reading += 1;
      clearTimeout(timer);
      seq += 1; // a write under way must not land over the link being read
      try {
        const [{ decodeShareHash }, { applyLink }] = await Promise.all([links(), restore()]);
        const link = await decodeShareHash(location.hash);
        if (!alive || myRead !== readSeq) return;
        if (link.kind === 'ok') {
          const notes = applyLink(link.lab, link.view);
          if (notes.length) useLabStore.getState().showBanner({ kind: 'info', title: 'The share link opened, with a difference', details: notes });
        } else if (link.kind === 'error')
          useLabStore.getState().showBanner({
            kind: 'error',
            title: `${TITLES[link.problem]} — ${opening ? 'showing the default lab instead.' : 'the lab was left as it was.'}`,
            details: link.errors,
          });
      } finally {
        reading -= 1;
      }
    };
    // the page opens on the default lab; a link in the URL replaces it once it is read
    const opening = hasShareLink(location.hash) ? read(true) : Promise.resolve();
    void opening.finally(() => {
      ready = true;
      write();
    });
    const onHash = () => void read(false).then(() => write());
    addEventListener('hashchange', onHash);
    return () => {
      alive = false;
      clearTimeout(timer);
      unsub();
      removeEventListener('hashchange', onHash);
    };
  }, [enabled]);
}
