import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { clampShare as clamp, savedShare as saved, SPLIT_KEY as KEY, SPLIT_MAX as MAX, SPLIT_MIN as MIN, splitRows } from './trace-split-share';

const STEP = 5;

/**
 * The trace column's hop list over the hop inspector, with a splitter between them (WAI-ARIA
 * window splitter: role="separator", focusable, its value the list's share of the column in
 * percent; arrow keys, Page Up/Down, Home and End move it, and so does dragging). Remembered.
 */
export function TraceSplit({ list, inspector }: { readonly list: ReactNode; readonly inspector: ReactNode }) {
  const [share, setShare] = useState(saved);
  const box = useRef<HTMLDivElement>(null);
  const drag = useRef(false);
  const set = useCallback((v: number) => {
    const next = clamp(v);
    setShare(next);
    try {
      localStorage.setItem(KEY, String(next));
    } catch {
      // private mode: the split just is not remembered
    }
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const by: Record<string, number> = { ArrowUp: -STEP, ArrowDown: STEP, PageUp: -3 * STEP, PageDown: 3 * STEP };
    if (e.key in by) set(share + by[e.key]);
    else if (e.key === 'Home') set(MIN);
    else if (e.key === 'End') set(MAX);
    else return;
    e.preventDefault();
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const r = box.current?.getBoundingClientRect();
    if (!drag.current || !r || r.height === 0) return;
    set(((e.clientY - r.top) / r.height) * 100);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  return (
    <div className="trace-split" ref={box} style={{ gridTemplateRows: splitRows(share) }}>
      {list}
      <div
        className="trace-split__handle"
        role="separator"
        tabIndex={0}
        aria-orientation="horizontal"
        aria-label="Resize the hop list and the hop inspector"
        aria-valuenow={share}
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuetext={`hop list ${share}% of the column`}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
      {inspector}
    </div>
  );
}
