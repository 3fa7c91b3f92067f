/**
 * The inspector's Services and DNS blocks, loaded on first use (React.lazy): a NAT hop's
 * address rewrite and the conntrack entry it created or used, a DNS answer, and the lab's
 * simplifications that apply to the hop. Everything shown is read from the hop and its
 * query; nothing is computed about the network.
 */
import type { DnsRecord, Hop, Rewrite } from '../../engine';
import type { PlayPart } from '../playback/flatten';
import { simplifiedAt } from '../simplifications/simplifications';
import { SIMPLIFICATION_TEXTS } from '../simplifications/simplification-texts';
import { useLabStore } from '../store/lab-store';
import { RcodeBadge } from './RcodeBadge';

type End = Rewrite['before'];

const ep = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);

/** One side of the rewrite, the fields that changed marked. */
function Tuple({ t, other, label }: { t: End; other: End; label: string }) {
  const src = ep(t.src, t.sport);
  const dst = ep(t.dst, t.dport);
  const srcChanged = src !== ep(other.src, other.sport);
  const dstChanged = dst !== ep(other.dst, other.dport);
  return (
    <div className="rewrite__row">
      <span className="rewrite__label">{label}</span>
      <code>
        {srcChanged ? <mark>{src}</mark> : src} → {dstChanged ? <mark>{dst}</mark> : dst}
      </code>
    </div>
  );
}

function NatRewrite({ r }: { r: Rewrite }) {
  const dnat = r.before.dst !== r.after.dst || r.before.dport !== r.after.dport;
  const snat = r.before.src !== r.after.src || r.before.sport !== r.after.sport;
  const what = dnat && snat ? 'source and destination' : dnat ? 'destination' : 'source';
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">
        Address rewrite <span className="hint">the {what} changes</span>
      </h3>
      <div className="rewrite" aria-label="Address rewrite">
        <Tuple t={r.before} other={r.after} label="before" />
        <Tuple t={r.after} other={r.before} label="after" />
      </div>
    </div>
  );
}

/** `conntrack -L` prints the original tuple, then the reply tuple: split there so both read as rows. */
function splitConntrack(row: string): { head: string; original: string; reply: string } {
  const first = row.indexOf(' src=');
  const second = first < 0 ? -1 : row.indexOf(' src=', first + 1);
  if (first < 0 || second < 0) return { head: row, original: '', reply: '' };
  return { head: row.slice(0, first).trim(), original: row.slice(first, second).trim(), reply: row.slice(second).trim() };
}

function ConntrackEntry({ hop }: { hop: Hop }) {
  const row = hop.conntrack ?? '';
  const created = hop.decided?.table === 'nat' || hop.decided?.table === 'ipvs' || hop.decided?.table === 'nft';
  const { head, original, reply } = splitConntrack(row);
  const where = hop.decided?.table === 'conntrack' && hop.decided.where ? ` on ${hop.decided.where}` : '';
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">
        {created ? 'Conntrack entry' : `Decided by the conntrack entry${where}`}{' '}
        <span className="hint">
          {created
            ? 'created by this packet: the rules ran for the first packet of the flow'
            : 'used: this packet is translated from the entry, no rule is evaluated'}
        </span>
      </h3>
      <div className="conntrack" aria-label="Conntrack entry" title={row}>
        <code className="conntrack__head">{head}</code>
        {original && (
          <div className="conntrack__row">
            <span className="conntrack__label">original</span>
            <code>{original}</code>
          </div>
        )}
        {reply && (
          <div className="conntrack__row">
            <span className="conntrack__label">reply</span>
            <code>{reply}</code>
          </div>
        )}
      </div>
    </div>
  );
}

const rr = (r: DnsRecord) => `${r.name} ${r.ttl} IN ${r.type} ${r.data}`;

function DnsAnswer({ part, where }: { part: PlayPart; where?: string }) {
  const q = part.query!;
  const via: Record<string, string> = {
    kubernetes: 'CoreDNS’s kubernetes plugin, from the Services and EndpointSlices',
    cache: 'CoreDNS’s cache',
    forward: 'the upstream resolver, through CoreDNS’s forward plugin',
    upstream: 'the upstream resolver',
  };
  return (
    <div className="inspector__block">
      <h3 className="inspector__title">
        Answer{where ? ` on ${where}` : ''} <RcodeBadge rcode={q.rcode} />
        {q.aa ? <span className="hint">authoritative</span> : null}
        {q.via ? <span className="hint">from {via[q.via] ?? q.via}</span> : null}
      </h3>
      <ul className="decision-table" aria-label="DNS answer">
        {q.answers.map((r, i) => (
          <li key={`a${i}`} className="is-deciding">
            <code>{rr(r)}</code>
          </li>
        ))}
        {q.answers.length === 0 && (
          <li>
            <code>
              ;; no {q.type} record{q.rcode === 'NOERROR' ? ' (NODATA)' : ''}
            </code>
          </li>
        )}
        {q.authority.map((r, i) => (
          <li key={`n${i}`}>
            <code>{rr(r)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SimplifiedHere({ hop, part }: { hop: Hop; part: PlayPart | undefined }) {
  const list = simplifiedAt(hop, part);
  if (!list.length) return null;
  return (
    <div className="inspector__block simplified-here">
      <h3 className="inspector__title">Simplified here</h3>
      <ul>
        {list.map((s) => (
          <li key={s.id}>
            <strong>{s.title}.</strong> {SIMPLIFICATION_TEXTS[s.id]?.text}{' '}
            <button type="button" className="btn btn--link" onClick={() => useLabStore.getState().showSimplifications(s.id)}>
              All simplifications
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `nat`: the rewrite and the conntrack entry, shown before the deciding rule; `after`: the DNS answer and the simplifications. */
export default function HopDetails({ hop, part, section }: { hop: Hop; part: PlayPart | undefined; section: 'nat' | 'after' }) {
  if (section === 'nat')
    return (
      <>
        {hop.rewrite && <NatRewrite r={hop.rewrite} />}
        {hop.conntrack && <ConntrackEntry hop={hop} />}
      </>
    );
  const answer = hop.decided?.table === 'dns' && part?.kind === 'query' && part.query;
  return (
    <>
      {answer && <DnsAnswer part={part} where={hop.decided?.where} />}
      <SimplifiedHere hop={hop} part={part} />
    </>
  );
}
