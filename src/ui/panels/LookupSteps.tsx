import { useMemo, useState } from 'react';
import { useLabStore } from '../store/lab-store';
import { bareName, lookupSteps } from '../playback/flatten';
import { RcodeBadge } from './RcodeBadge';

/** How a tried name came from the name looked up: `+ default.svc.cluster.local` (a search domain appended), or `as is`. */
function howTried(name: string, asked: string): string {
  const base = bareName(asked);
  if (name === base) return 'as is';
  return name.startsWith(`${base}.`) ? `+ ${name.slice(base.length + 1)}` : name;
}

/**
 * The lookup that ran before the packet was sent: every name the resolver tried, in order,
 * with the answer code of each query (A and AAAA go out together); a button jumps to that
 * query's hops. Each row shows how the name came about — the name as asked plus a search
 * domain of resolv.conf — with the full name beside it for screen readers. Read from
 * trace.lookup, as the engine walked it.
 */
export default function LookupSteps() {
  const playId = useLabStore((s) => s.playId);
  // a new trace starts with the list as the playback wants it
  return <LookupStepsView key={playId} />;
}

function LookupStepsView() {
  const playback = useLabStore((s) => s.playback);
  // null: follow the playback (open while the queries play, folded to its summary once the connection does)
  const [open, setOpen] = useState<boolean | null>(null);
  const lookup = useLabStore((s) => s.trace?.lookup);
  const currentPart = useLabStore((s) => (s.playback ? s.playback.partOf[s.cursor] : -1));
  const steps = useMemo(() => (playback ? lookupSteps(playback) : []), [playback]);
  if (!lookup || !playback || steps.length === 0) return null;
  const atQuery = playback.parts[currentPart]?.kind === 'query';
  const connection = playback.parts.find((p) => p.kind === 'connection' && p.end > p.start);
  const options = lookup.resolvConf.options.map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`));
  const shown = open ?? (atQuery || !connection);
  return (
    <details
      className="lookup"
      open={shown}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now !== shown) setOpen(now);
      }}
    >
      <summary className="lookup__title">
        Lookup of <code>{lookup.name}</code> {lookup.addresses.length ? <code>→ {lookup.addresses[0]}</code> : <span className="lookup__failed">failed</span>}
        <span className="hint">
          {' '}
          · {lookup.queries.length} quer{lookup.queries.length === 1 ? 'y' : 'ies'} to {lookup.resolvConf.nameservers.join(', ') || 'no server'} · {lookup.libc}
          {options.length ? ` · ${options.join(' ')}` : ''}
        </span>
      </summary>
      <ol className="lookup__steps" aria-label="Lookup steps">
        {steps.map((st, i) => {
          const how = howTried(st.name, lookup.name);
          return (
            <li key={i} className={atQuery && st.answers.some((a) => a.part === currentPart) ? 'is-current' : undefined} title={st.name}>
              {how !== st.name && (
                <span className="lookup__how" aria-hidden="true">
                  {how}
                </span>
              )}
              <code className={how !== st.name ? 'visually-hidden' : 'lookup__name'}>{st.name}</code>
              <span className="lookup__answers">
                {st.answers.map((a) => (
                  <button
                    key={a.part}
                    type="button"
                    className="lookup__answer"
                    onClick={() => useLabStore.getState().seek(playback.parts[a.part].start)}
                    title={`Show the ${a.type} query's hops`}
                  >
                    {' '}
                    {a.type} <RcodeBadge rcode={a.rcode} />
                  </button>
                ))}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="lookup__result">
        {lookup.addresses.length ? (
          <span>
            → <code>{lookup.addresses.join(', ')}</code>
          </span>
        ) : (
          <span>no address{lookup.error ? <code> ({lookup.error})</code> : null}</span>
        )}
        {connection && (
          <button type="button" className="btn btn--link lookup__skip" onClick={() => useLabStore.getState().seek(connection.start)}>
            Skip to the connection
          </button>
        )}
      </p>
    </details>
  );
}
