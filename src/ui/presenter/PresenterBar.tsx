/**
 * Presenter mode's own controls, under the canvas and the trace: the keys that drive the talk,
 * the scenario's probes (the send form is folded away) and the faults strip — the faults panel's
 * toggles, numbered so `1`…`9` flip them without leaving the keyboard. Loaded with presenter
 * mode (App.tsx), with its stylesheet; the layout itself (large type, panels folded) is
 * presenter.css, scoped under `.app.is-presenter`.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useLabStore } from '../store/lab-store';
import { ProbeChips } from '../panels/ProbeChips';
import { actionFor } from '../keyboard/keymap';
import { focusInfo } from '../keyboard/focus-info';
import { useFaultToggles, type FaultToggleOption } from '../panels/useFaultToggles';
import './presenter.css';

const KEYED = 9;

function FaultSwitch({ option, n }: { option: FaultToggleOption; n: number | null }) {
  return (
    <li className={`presenter-fault${option.on ? ' is-on' : ''}`}>
      <label title={option.explain}>
        <input type="checkbox" role="switch" checked={option.on} onChange={(e) => useLabStore.getState().toggleFault(option.fault, e.target.checked)} />
        {n !== null && <kbd aria-hidden="true">{n}</kbd>}
        <span>{option.label}</span>
        {n !== null && <span className="visually-hidden"> (key {n})</span>}
      </label>
    </li>
  );
}

export default function PresenterBar() {
  const drill = useLabStore((s) => s.drill ?? null);
  const options = useFaultToggles();
  const [strip, setStrip] = useState(true);
  const id = useId();
  // a drill's fault is the puzzle: presenter mode does not list it either (as the faults panel does not)
  const faults = useMemo(() => (drill === null ? options : []), [drill, options]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = actionFor(e, focusInfo(e.target), true);
      if (a === 'faults-strip') {
        setStrip((s) => !s);
        e.preventDefault();
      } else if (a && typeof a === 'object' && strip && faults[a.fault]) {
        const o = faults[a.fault];
        useLabStore.getState().toggleFault(o.fault, !o.on);
        e.preventDefault();
      }
    };
    // beside the page's shortcuts (keyboard/useLabShortcuts.ts), on the document for the same reason
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [faults, strip]);
  useEffect(() => {
    // the keyboard drives the talk from the trace: Space on the top bar's button would leave again
    document.getElementById('playback')?.focus({ preventScroll: true });
  }, []);
  const on = faults.filter((o) => o.on);
  return (
    <section className={`presenter-bar${strip ? '' : ' is-folded'}`} aria-labelledby={`${id}-h`}>
      <div className="presenter-bar__row">
        <h2 id={`${id}-h`} className="visually-hidden">
          Presenter mode
        </h2>
        <p className="presenter-bar__keys">
          <kbd>→</kbd> next · <kbd>←</kbd> back · <kbd>Space</kbd> play/pause · <kbd>v</kbd> verdict · <kbd>f</kbd> faults · <kbd>?</kbd> keys · <kbd>Esc</kbd>{' '}
          leave
        </p>
      </div>
      <div className="presenter-bar__row">
        <ProbeChips />
        <button type="button" className="btn presenter-bar__leave" onClick={() => useLabStore.getState().setPresenter(false)}>
          Leave presenter mode
        </button>
      </div>
      {drill !== null ? (
        <p className="presenter-bar__note">This is an incident drill: its fault stays hidden, so there is no faults strip.</p>
      ) : strip ? (
        <div className="presenter-bar__faults">
          <h3 id={`${id}-f`} className="presenter-bar__subtitle">
            Faults — keys 1–{Math.min(KEYED, faults.length)} toggle, <kbd>f</kbd> hides this strip
          </h3>
          <ul className="presenter-faults" aria-labelledby={`${id}-f`}>
            {faults.slice(0, KEYED).map((o, i) => (
              <FaultSwitch key={o.key} option={o} n={i + 1} />
            ))}
          </ul>
          {faults.length > KEYED && (
            <details className="presenter-bar__more">
              <summary>
                {faults.length - KEYED} more {faults.length - KEYED === 1 ? 'fault' : 'faults'}, without a key
                {faults.slice(KEYED).some((o) => o.on) ? ` (${faults.slice(KEYED).filter((o) => o.on).length} on)` : ''}
              </summary>
              <ul className="presenter-faults" aria-label="More faults">
                {faults.slice(KEYED).map((o) => (
                  <FaultSwitch key={o.key} option={o} n={null} />
                ))}
              </ul>
            </details>
          )}
        </div>
      ) : (
        <p className="presenter-bar__note">
          {on.length ? `Faults on: ${on.map((o) => o.label).join(', ')}.` : 'No fault on.'} <kbd>f</kbd> shows the faults strip.
        </p>
      )}
    </section>
  );
}
