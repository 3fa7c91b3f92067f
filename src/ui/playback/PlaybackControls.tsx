import { useId } from 'react';
import { SPEEDS, useLabStore } from '../store/lab-store';

/** Play, Pause, Step back, Step forward and Speed for the trace on screen. */
export function PlaybackControls() {
  const hasTrace = useLabStore((s) => (s.trace?.hops.length ?? 0) > 0);
  const playing = useLabStore((s) => s.playing);
  const speed = useLabStore((s) => s.speed);
  const position = useLabStore((s) => (s.trace ? `${s.cursor + 1} / ${s.trace.hops.length}` : '0 / 0'));
  const id = useId();
  const st = useLabStore.getState;
  return (
    <div className="playback" role="group" aria-label="Playback">
      <button type="button" className="btn btn--icon" onClick={() => st().stepBack()} disabled={!hasTrace} aria-label="Step back" title="Step back">
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 3v10M13 3 6 8l7 5z" />
        </svg>
      </button>
      <button
        type="button"
        className={`btn btn--icon${playing ? ' is-active' : ''}`}
        onClick={() => st().play()}
        disabled={!hasTrace}
        aria-label="Play"
        title="Play"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 3l9 5-9 5z" />
        </svg>
      </button>
      <button
        type="button"
        className={`btn btn--icon${!playing && hasTrace ? ' is-active' : ''}`}
        onClick={() => st().pause()}
        disabled={!hasTrace}
        aria-label="Pause"
        title="Pause"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 3h3v10H4zM9 3h3v10H9z" />
        </svg>
      </button>
      <button type="button" className="btn btn--icon" onClick={() => st().stepForward()} disabled={!hasTrace} aria-label="Step forward" title="Step forward">
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M12 3v10M3 3l7 5-7 5z" />
        </svg>
      </button>
      <span className="playback__pos" aria-label="Hop position">
        {position}
      </span>
      <label htmlFor={`${id}-speed`} className="playback__speed-label">
        Speed
      </label>
      <select id={`${id}-speed`} value={speed} onChange={(e) => st().setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
    </div>
  );
}
