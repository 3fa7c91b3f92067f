import { useEffect, useRef, useState } from 'react';
import { useLabStore } from '../store/lab-store';

/**
 * Copies the share link: the exact moment on screen (scenario, probe, send form, hop, selection,
 * panel, presenter mode), encoded when pressed; shows the link when the clipboard is unavailable.
 */
export function ShareButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [url, setUrl] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state === 'manual') input.current?.select();
    if (state !== 'copied') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const onShare = async () => {
    // the encoder loads on first use (it is not part of the first load)
    const { encodeMoment, momentOf } = await import('../store/share-link');
    const link = `${location.origin}${location.pathname}${await encodeMoment(momentOf(useLabStore.getState()))}`;
    setUrl(link);
    try {
      await navigator.clipboard.writeText(link);
      setState('copied');
    } catch {
      setState('manual');
    }
  };
  return (
    <span className="share">
      <button type="button" className="btn btn--primary" onClick={() => void onShare()}>
        Share
      </button>
      <span className="share__status" role="status">
        {state === 'copied' ? 'Link copied' : ''}
      </span>
      {state === 'manual' && <input ref={input} className="share__url" readOnly value={url} aria-label="Share link" onBlur={() => setState('idle')} />}
    </span>
  );
}
