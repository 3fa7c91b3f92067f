import { memo, useDeferredValue, useEffect, useRef, type KeyboardEvent } from 'react';
import type { Hop } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { hopWhere, wrapDepth } from '../playback/hop-format';
import type { PlayPart } from '../playback/flatten';
import { hopTags } from '../simplifications/hop-tags';
import { RcodeBadge } from './RcodeBadge';
import { hopsShown } from '../playback/reveal';
import './hop-list.css';

/** The heading of a part of the playback: `DNS query 1/8 web.prod.svc.cluster.local.default.svc.cluster.local A NXDOMAIN`, or the connection. */
function PartHeading({ part, queries }: { part: PlayPart; queries: number }) {
  if (part.kind === 'connection')
    return (
      <span className="hop-part hop-part--connection">
        <span className="hop-part__n">then</span> <code>{part.title}</code>
      </span>
    );
  return (
    <span className="hop-part hop-part--query">
      <span className="hop-part__n">
        DNS query {part.n}/{queries}
      </span>{' '}
      <code>{part.title}</code> <RcodeBadge rcode={part.rcode ?? ''} />
    </span>
  );
}

/**
 * Scrolls the current hop into view when it is not wholly in view, once the frame that shows it
 * has been laid out: an IntersectionObserver reports after layout, so nothing forces a layout of
 * the whole page in the middle of React's commit (a scrollIntoView there cost 50–120 ms at 2,000
 * pods, issue 9). Returns the clean-up.
 */
function revealOnceLaidOut(el: Element): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    el.scrollIntoView({ block: 'nearest' });
    return () => {};
  }
  const io = new IntersectionObserver(
    ([entry]) => {
      io.disconnect();
      if (entry && entry.intersectionRatio < 1) el.scrollIntoView({ block: 'nearest' });
    },
    { threshold: 1 },
  );
  io.observe(el);
  return () => io.disconnect();
}

const HopItem = memo(function HopItem({ hop, index, current, part, queries }: { hop: Hop; index: number; current: boolean; part?: PlayPart; queries: number }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const b = ref.current;
    if (!current || !b) return;
    // roving focus: while the list has focus it stays on the current hop (arrows, playback, the global keys)
    if (b.closest('.hop-list')?.contains(document.activeElement) && document.activeElement !== b) b.focus({ preventScroll: true });
    return revealOnceLaidOut(b);
  }, [current]);
  const heading = part && part.start === index && queries > 0 ? part : undefined;
  const tags = hopTags(hop, part);
  return (
    <li className={`hop hop--${hop.kind} hop--${hop.dir}${current ? ' is-current' : ''}${part?.kind === 'query' ? ' hop--in-query' : ''}`}>
      {heading && <PartHeading part={heading} queries={queries} />}
      <button
        ref={ref}
        type="button"
        className="hop__button"
        tabIndex={current ? 0 : -1}
        aria-current={current ? 'step' : undefined}
        onClick={() => useLabStore.getState().seek(index)}
      >
        <span className="hop__seq">{index + 1}</span>
        <span className="hop__body">
          <span className="hop__top">
            <span className="hop__kind">{hop.kind}</span>
            {wrapDepth(hop.headers) > 0 && <span className="hop__wrapped">encapsulated</span>}
            <span className="hop__where">{hopWhere(hop)}</span>
          </span>
          <span className="hop__note">{hop.note}</span>
          {tags.length > 0 && (
            <span className="hop__tags">
              {tags.map((t) => (
                <span key={t.id} className="hop__simplified" title={t.title}>
                  simplified: {t.tag}
                </span>
              ))}
            </span>
          )}
        </span>
      </button>
    </li>
  );
});

/** How many rows a new trace draws in its first frame: more than the list shows at once. */
const FIRST_ROWS = 40;

/** Where a key moves the cursor in the hop list (WAI-ARIA APG roving tabindex), or null when the key is not the list's. */
function targetOf(key: string, cursor: number, shown: number): number | null {
  if (shown === 0) return null;
  if (key === 'ArrowDown' || key === 'ArrowRight') return Math.min(cursor + 1, shown);
  if (key === 'ArrowUp' || key === 'ArrowLeft') return Math.max(cursor - 1, 0);
  if (key === 'Home') return 0;
  if (key === 'End') return Number.MAX_SAFE_INTEGER;
  return null;
}

function onListKey(e: KeyboardEvent<HTMLOListElement>, cursor: number, shown: number) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const to = targetOf(e.key, cursor, shown);
  if (to === null) return;
  e.preventDefault();
  // seeking one hop past the revealed ones reveals it (predict first), End the whole trace; the store clamps
  useLabStore.getState().seek(to);
}

/**
 * The timeline: one item per hop the lab plays — a lookup's DNS queries first (each headed
 * by its name, type and answer code), then the connection; the current one follows the cursor.
 * One Tab stop: only the current hop's button is tabbable, the arrow keys move between hops.
 * Predict first: the hops ahead of the cursor stay hidden until the verdict may be shown.
 */
export function HopList() {
  const playback = useLabStore((s) => s.playback);
  const cursor = useLabStore((s) => s.cursor);
  const shown = useLabStore(hopsShown);
  const playId = useLabStore((s) => s.playId);
  const queries = playback?.parts.filter((p) => p.kind === 'query').length ?? 0;
  const hidden = (playback?.hops.length ?? 0) - shown;
  // A new trace draws its first rows with the frame that shows it, the rest in a render of their
  // own right after (a deferred value): a DNS search list at 2,000 pods is 239 rows (issue 9).
  const settled = useDeferredValue(playback) === playback;
  const drawn = settled ? shown : Math.min(shown, Math.max(FIRST_ROWS, cursor + 1));
  return (
    // one grid row of the trace split: the list scrolls, the hidden-hops line stays under it
    <div className="hop-list-wrap">
      {/* data-play-id: which packet the list shows (npm run bench waits for the frame that shows a new one) */}
      <ol className="hop-list" aria-label="Hops" role="list" data-play-id={playId} onKeyDown={(e) => onListKey(e, cursor, shown)}>
        {playback?.hops.slice(0, drawn).map((h, i) => (
          <HopItem
            key={`${playback.partOf[i]}-${h.seq}-${i}`}
            hop={h}
            index={i}
            current={i === cursor}
            part={playback.parts[playback.partOf[i]]}
            queries={queries}
          />
        ))}
      </ol>
      {hidden > 0 && (
        <p className="hint hop-list__hidden">
          {hidden} more {hidden === 1 ? 'hop' : 'hops'} — play or step to reveal them (predict first)
        </p>
      )}
      {!playback && <p className="hint hop-list__empty">The hops of the next packet you send appear here.</p>}
      {playback && playback.hops.length === 0 && <p className="hint hop-list__empty">Nothing left the sender: see the verdict above.</p>}
    </div>
  );
}
