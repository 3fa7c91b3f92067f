import { useId } from 'react';
import { SPEEDS, useLabStore } from '../store/lab-store';

/** One icon button of the transport: the label is its accessible name (part of the e2e contract). */
function TransportButton({
  label,
  icon,
  active,
  disabled,
  onClick,
}: {
  label: string;
  icon: string;
  active?: boolean;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className={`btn btn--icon${active ? ' is-active' : ''}`} onClick={onClick} disabled={disabled} aria-label={label} title={label}>
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <path d={icon} />
      </svg>
    </button>
  );
}

/**
 * Play, Pause, Step back, Step forward and Speed for the trace on screen; the same moves are
 * on the keyboard everywhere on the lab page (keyboard/keymap.ts), listed by the top bar's shortcuts button.
 * `#playback` is a skip link's target (App.tsx).
 */
export function PlaybackControls() {
  const hasTrace = useLabStore((s) => (s.playback?.hops.length ?? 0) > 0);
  const playing = useLabStore((s) => s.playing);
  const speed = useLabStore((s) => s.speed);
  const position = useLabStore((s) => (s.playback?.hops.length ? `${s.cursor + 1} / ${s.playback.hops.length}` : '0 / 0'));
  const id = useId();
  const st = useLabStore.getState;
  return (
    <div className="playback skip-target" id="playback" role="group" aria-label="Playback" tabIndex={-1}>
      <TransportButton label="Step back" icon="M4 3v10M13 3 6 8l7 5z" disabled={!hasTrace} onClick={() => st().stepBack()} />
      <TransportButton label="Play" icon="M4 3l9 5-9 5z" active={playing} disabled={!hasTrace} onClick={() => st().play()} />
      <TransportButton label="Pause" icon="M4 3h3v10H4zM9 3h3v10H9z" active={!playing && hasTrace} disabled={!hasTrace} onClick={() => st().pause()} />
      <TransportButton label="Step forward" icon="M12 3v10M3 3l7 5-7 5z" disabled={!hasTrace} onClick={() => st().stepForward()} />
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
