import { lazy, Suspense, useId } from 'react';
import type { Decision, Header, Hop, MtuCheck } from '../../engine';
import { describeHeader, headerSize, mtuLimitText, stackSize } from '../../engine/shell';
import { useLabStore } from '../store/lab-store';
import { hopWhere, innerStart } from '../playback/hop-format';
import { partAt, type PlayPart } from '../playback/flatten';
import { RcodeBadge } from './RcodeBadge';

// NAT, conntrack, DNS answer and simplification blocks: split out of the first load
const HopDetails = lazy(() => import('./HopDetails'));

/** The hops whose decision row HopDetails shows in full (a DNS answer, a conntrack entry); kept here so the first load does not need HopDetails. */
function shownInDetails(hop: Hop, part: PlayPart | undefined): boolean {
  const t = hop.decided?.table;
  return (t === 'dns' && part?.kind === 'query' && !!part.query) || (t === 'conntrack' && !!hop.conntrack);
}

/** Headers after the hop, outermost first; the ones a tunnel added are marked as outer. */
function HeaderStack({ headers }: { headers: readonly Header[] }) {
  const inner = innerStart(headers);
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">
        Headers <span className="hint">{stackSize(headers)} bytes, outermost first</span>
      </h3>
      <ol className="header-stack" aria-label="Header stack">
        {headers.map((h, i) => (
          <li key={i} className={`header-stack__item header-stack__item--${h.kind}${i < inner ? ' is-outer' : ''}`}>
            <span className="header-stack__desc">{describeHeader(h)}</span>
            <span className="header-stack__size">{headerSize(h)} B</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function MtuBar({ check }: { check: MtuCheck }) {
  const pct = Math.min(100, (check.size / check.mtu) * 100);
  const over = Math.max(0, check.size - check.mtu);
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">MTU check</h3>
      <div
        className={`mtu-bar${check.fits ? '' : ' is-over'}`}
        role="meter"
        aria-label={`Packet size against ${check.device} MTU`}
        aria-valuemin={0}
        aria-valuemax={check.mtu}
        aria-valuenow={Math.min(check.size, check.mtu)}
        aria-valuetext={`${check.size} of ${check.mtu} bytes${check.fits ? ', fits' : `, ${over} bytes too big`}`}
      >
        <div className="mtu-bar__fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="mtu-bar__caption">
        {check.size} B {check.fits ? '≤' : '>'} {mtuLimitText(check)} — {check.fits ? 'fits' : `${over} B too big`}
      </p>
    </div>
  );
}

/** `-A KUBE-SEP-… -p tcp … -j DNAT …` → `KUBE-SEP-…` */
function chainOf(row: string): string | null {
  return /^-A (\S+)/.exec(row)?.[1] ?? null;
}

/** The rules that jumped to the deciding one, in order: PREROUTING → KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… */
function JumpPath({ path, row }: { path: readonly string[]; row: string }) {
  return (
    <>
      <h4 className="inspector__subtitle">Jump path</h4>
      {path.every((r) => chainOf(r)) && <p className="jump-path__chains">{path.map((r) => chainOf(r)).join(' → ')}</p>}
      <ol className="jump-path" aria-label="Jump path">
        {path.map((r, i) => (
          <li key={i} className={r === row ? 'is-deciding' : undefined}>
            <code>{r}</code>
          </li>
        ))}
      </ol>
    </>
  );
}

/** What the inspector calls a table whose plain name would mislead (an eBPF map is no table of rules). */
const TABLE_NAME: Partial<Record<Decision['table'], string>> = {
  bpf: 'an eBPF map entry',
  ipset: 'an ipset',
  policy: 'NetworkPolicy',
};

function DecisionTable({ d }: { d: Decision }) {
  const rows = d.rows && d.rows.length ? d.rows : [d.row];
  const chain = d.path?.length ? chainOf(d.row) : null;
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">
        Decided by {TABLE_NAME[d.table] ?? `the ${d.table} table`}
        {d.where ? <span className="hint"> on {d.where}</span> : null}
      </h3>
      {d.path && d.path.length > 0 && <JumpPath path={d.path} row={d.row} />}
      {d.path && d.path.length > 0 && <h4 className="inspector__subtitle">{chain ? `Chain ${chain}` : 'Its chain'}, the deciding rule highlighted</h4>}
      <ul className="decision-table" aria-label={chain ? `${chain} chain` : `${d.table} table`}>
        {rows.map((r, i) => (
          <li key={i} className={r === d.row ? 'is-deciding' : undefined} aria-current={r === d.row ? 'true' : undefined}>
            <code>{r}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Everything about the hop under the cursor: the DNS query it belongs to, the deciding table row, a NAT rewrite, MTU fit, headers. */
export function HopInspector() {
  const hop = useLabStore((s) => s.playback?.hops[s.cursor]);
  const part = useLabStore((s) => (s.playback ? partAt(s.playback, s.cursor) : undefined));
  const cursor = useLabStore((s) => s.cursor);
  const id = useId();
  if (!hop) return null;
  return (
    // focusable: the inspector scrolls, and keyboard users must be able to scroll it
    <section className="inspector" aria-labelledby={`${id}-h`} tabIndex={0}>
      <h2 id={`${id}-h`} className="panel__title">
        Hop {cursor + 1} · {hop.kind} <span className="hint">{hopWhere(hop)}</span>
      </h2>
      {part?.kind === 'query' && (
        <p className="inspector__part">
          DNS query {part.n}: <code>{part.title}</code> <RcodeBadge rcode={part.rcode ?? ''} />
        </p>
      )}
      {/* a NAT hop's rewrite first: the note beside it in the hop list says the rest */}
      <Suspense fallback={null}>
        <HopDetails hop={hop} part={part} section="nat" />
      </Suspense>
      <p className="inspector__note">{hop.note}</p>
      {hop.decided && !shownInDetails(hop, part) && <DecisionTable d={hop.decided} />}
      <Suspense fallback={null}>
        <HopDetails hop={hop} part={part} section="after" />
      </Suspense>
      {hop.mtu && <MtuBar check={hop.mtu} />}
      <HeaderStack headers={hop.headers} />
    </section>
  );
}
