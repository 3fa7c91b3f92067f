import { useEffect, useId, useRef } from 'react';
import { useLabStore } from '../store/lab-store';
import { SIMPLIFICATIONS, type SimplificationArea } from './simplifications';
import { SIMPLIFICATION_TEXTS } from './simplification-texts';

const AREAS: readonly SimplificationArea[] = ['Services and DNS', 'TCP and ICMP', 'CNI shapes', 'The lab'];

/**
 * "What the lab simplifies": every simplification the engine documents, grouped, each with
 * the file that says so. A modal <dialog> (Esc closes it, focus returns to the opener);
 * opened on an entry, it scrolls there and marks it. Loaded on first use (React.lazy).
 */
export default function SimplificationsDialog() {
  const focus = useLabStore((s) => s.simplifications);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (focus !== null && !d.open) d.showModal();
    if (focus) d.querySelector(`[data-simplification="${focus}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus]);
  return (
    <dialog ref={ref} className="simplifications" aria-labelledby={`${id}-h`} onClose={() => useLabStore.getState().hideSimplifications()}>
      <div className="simplifications__head">
        <h2 id={`${id}-h`} className="panel__title">
          What the lab simplifies
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <p className="hint">
        The lab walks every packet through a model of the Linux datapath and the agents that program it. Where it simplifies, it says so here — and the hops it
        applies to carry a “simplified” tag.
      </p>
      {AREAS.map((area) => (
        <section key={area} className="simplifications__area" aria-label={area}>
          <h3 className="simplifications__area-title">{area}</h3>
          <ul className="simplifications__list">
            {SIMPLIFICATIONS.filter((s) => s.area === area).map((s) => (
              <li key={s.id} data-simplification={s.id} className={s.id === focus ? 'is-focus' : undefined}>
                <strong>{s.title}</strong>
                <p>{SIMPLIFICATION_TEXTS[s.id]?.text}</p>
                <p className="simplifications__source">
                  {s.at ? <span className="hop__simplified">simplified: {s.tag}</span> : null} <code>{SIMPLIFICATION_TEXTS[s.id]?.source}</code>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </dialog>
  );
}
