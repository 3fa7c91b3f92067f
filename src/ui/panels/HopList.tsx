import { memo, useEffect, useRef } from 'react';
import type { Hop } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { hopWhere, wrapDepth } from '../playback/hop-format';
import type { PlayPart } from '../playback/flatten';
import { simplifiedAt } from '../simplifications/simplifications';
import { RcodeBadge } from './RcodeBadge';

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

const HopItem = memo(function HopItem({ hop, index, current, part, queries }: { hop: Hop; index: number; current: boolean; part?: PlayPart; queries: number }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  const heading = part && part.start === index && queries > 0 ? part : undefined;
  const tags = simplifiedAt(hop, part);
  return (
    <li className={`hop hop--${hop.kind} hop--${hop.dir}${current ? ' is-current' : ''}${part?.kind === 'query' ? ' hop--in-query' : ''}`}>
      {heading && <PartHeading part={heading} queries={queries} />}
      <button ref={ref} type="button" className="hop__button" aria-current={current ? 'step' : undefined} onClick={() => useLabStore.getState().seek(index)}>
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

/**
 * The timeline: one item per hop the lab plays — a lookup's DNS queries first (each headed
 * by its name, type and answer code), then the connection; the current one follows the cursor.
 */
export function HopList() {
  const playback = useLabStore((s) => s.playback);
  const cursor = useLabStore((s) => s.cursor);
  const queries = playback?.parts.filter((p) => p.kind === 'query').length ?? 0;
  return (
    <>
      <ol className="hop-list" aria-label="Hops" role="list">
        {playback?.hops.map((h, i) => (
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
      {!playback && <p className="hint hop-list__empty">The hops of the next packet you send appear here.</p>}
      {playback && playback.hops.length === 0 && <p className="hint hop-list__empty">Nothing left the sender: see the verdict above.</p>}
    </>
  );
}
