import { useEffect, useRef, useState } from 'react';
import { useLabStore } from '../store/lab-store';
import { shareHash } from '../store/share-link';

/** Copies the share link (the scenario in the URL hash); shows it when the clipboard is unavailable. */
export function ShareButton() {
  const scenario = useLabStore((s) => s.scenario);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const input = useRef<HTMLInputElement>(null);
  const url = `${location.origin}${location.pathname}${shareHash(scenario)}`;
  useEffect(() => {
    if (state === 'manual') input.current?.select();
    if (state !== 'copied') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const onShare = async () => {
    try {
      await navigator.clipboard.writeText(url);
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
