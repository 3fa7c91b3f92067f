import { useId } from 'react';
import { describeHeader, headerSize, stackSize, type Decision, type Header, type MtuCheck } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { hopWhere, innerStart } from '../playback/hop-format';

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
        {check.size} B {check.fits ? '≤' : '>'} mtu {check.mtu} on {check.device} — {check.fits ? 'fits' : `${over} B too big`}
      </p>
    </div>
  );
}

function DecisionTable({ d }: { d: Decision }) {
  const rows = d.rows && d.rows.length ? d.rows : [d.row];
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">
        Decided by the {d.table} table{d.where ? <span className="hint"> on {d.where}</span> : null}
      </h3>
      <ul className="decision-table" aria-label={`${d.table} table`}>
        {rows.map((r, i) => (
          <li key={i} className={r === d.row ? 'is-deciding' : undefined} aria-current={r === d.row ? 'true' : undefined}>
            <code>{r}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Everything about the hop under the cursor: headers, MTU fit and the deciding table row. */
export function HopInspector() {
  const hop = useLabStore((s) => s.trace?.hops[s.cursor]);
  const cursor = useLabStore((s) => s.cursor);
  const id = useId();
  if (!hop) return null;
  return (
    // focusable: the inspector scrolls, and keyboard users must be able to scroll it
    <section className="inspector" aria-labelledby={`${id}-h`} tabIndex={0}>
      <h2 id={`${id}-h`} className="panel__title">
        Hop {cursor + 1} · {hop.kind} <span className="hint">{hopWhere(hop)}</span>
      </h2>
      <p className="inspector__note">{hop.note}</p>
      {hop.decided && <DecisionTable d={hop.decided} />}
      {hop.mtu && <MtuBar check={hop.mtu} />}
      <HeaderStack headers={hop.headers} />
    </section>
  );
}
