import { useEffect, useId, useRef } from 'react';
import { SHORTCUT_EXCEPTIONS, SHORTCUT_GROUPS } from './shortcuts';
import { useShortcutsHelp } from './help-store';
import './shortcuts-dialog.css';

/**
 * Every keyboard shortcut of the lab page (keymap.ts), and when they do not apply. A modal
 * <dialog>: Escape closes it and focus returns to what had it before. Loaded on first use.
 */
export default function ShortcutsDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    // remembered by hand: not every browser returns focus from a closed modal dialog
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="shortcuts" aria-labelledby={`${id}-h`} onClose={() => useShortcutsHelp.getState().hide()}>
      <div className="shortcuts__head">
        <h2 id={`${id}-h`} className="panel__title">
          Keyboard shortcuts
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {SHORTCUT_GROUPS.map((g) => (
        <section key={g.title} className="shortcuts__group" aria-labelledby={`${id}-${g.title}`}>
          <h3 id={`${id}-${g.title}`} className="shortcuts__title">
            {g.title}
          </h3>
          <dl className="shortcuts__list">
            {g.shortcuts.map((s) => (
              <div key={s.what} className="shortcuts__row">
                <dt>
                  {s.keys.map((k, i) => (
                    <span key={i}>
                      {i > 0 && k !== '…' && s.keys[i - 1] !== '…' ? <span className="shortcuts__or"> or </span> : ' '}
                      {k === '…' ? '…' : <kbd>{k}</kbd>}
                    </span>
                  ))}
                </dt>
                <dd>{s.what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <h3 className="shortcuts__title">When a key keeps its usual meaning</h3>
      <ul className="shortcuts__exceptions">
        {SHORTCUT_EXCEPTIONS.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
    </dialog>
  );
}
