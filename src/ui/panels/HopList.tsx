import { memo, useEffect, useRef } from 'react';
import type { Hop } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { hopWhere, wrapDepth } from '../playback/hop-format';

const HopItem = memo(function HopItem({ hop, index, current }: { hop: Hop; index: number; current: boolean }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <li className={`hop hop--${hop.kind} hop--${hop.dir}${current ? ' is-current' : ''}`}>
      <button ref={ref} type="button" className="hop__button" aria-current={current ? 'step' : undefined} onClick={() => useLabStore.getState().seek(index)}>
        <span className="hop__seq">{index + 1}</span>
        <span className="hop__body">
          <span className="hop__top">
            <span className="hop__kind">{hop.kind}</span>
            {wrapDepth(hop.headers) > 0 && <span className="hop__wrapped">encapsulated</span>}
            <span className="hop__where">{hopWhere(hop)}</span>
          </span>
          <span className="hop__note">{hop.note}</span>
        </span>
      </button>
    </li>
  );
});

/** The timeline: one item per hop of the engine's trace; the current one follows the cursor. */
export function HopList() {
  const hops = useLabStore((s) => s.trace?.hops);
  const cursor = useLabStore((s) => s.cursor);
  return (
    <>
      <ol className="hop-list" aria-label="Hops" role="list">
        {hops?.map((h, i) => (
          <HopItem key={`${h.seq}-${i}`} hop={h} index={i} current={i === cursor} />
        ))}
      </ol>
      {!hops && <p className="hint hop-list__empty">The hops of the next packet you send appear here.</p>}
    </>
  );
}
