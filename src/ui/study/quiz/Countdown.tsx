/**
 * A countdown to `endsAt` (ms, the page's clock): mm:ss in a timer role, a polite notice at
 * one minute left, and `onExpire` once when it reaches zero.
 */
import { useEffect, useRef, useState } from 'react';

export function clockText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function Countdown({ endsAt, label, onExpire }: { endsAt: number; label: string; onExpire: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const expired = useRef(false);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  });
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(t);
  }, []);
  const left = endsAt - now;
  useEffect(() => {
    if (left <= 0 && !expired.current) {
      expired.current = true;
      expire.current();
    }
  }, [left]);
  return (
    <div className={`countdown${left <= 60_000 ? ' is-low' : ''}`}>
      <span className="countdown__label">{label}</span>
      <span role="timer" aria-label={label} className="countdown__clock">
        {clockText(left)}
      </span>
      <span className="visually-hidden" role="status">
        {left <= 60_000 && left > 0 ? 'One minute left.' : left <= 0 ? 'Time is up.' : ''}
      </span>
    </div>
  );
}

/** A fix question's own limit in practice: the clock starts when the question is shown. */
export function QuestionTimer({ ms, onExpire }: { ms: number; onExpire: () => void }) {
  const [endsAt] = useState(() => Date.now() + ms);
  return <Countdown endsAt={endsAt} label="Time for this fix" onExpire={onExpire} />;
}
