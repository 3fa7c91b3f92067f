import { memo, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ProbeSpec } from '../../engine';
import { MAX_PROBE_PAYLOAD, TRACEROUTE_DATA_BYTES } from '../../engine/shell';
import { useLabStore } from '../store/lab-store';
import { placesOf, type Place } from './endpoints';
import { PlaceOptions } from './PlaceOptions';
import { destinationError, toSuggestions, type Suggestion } from './targets';
import { stableList } from './stable-list';
import { ProbeChips } from './ProbeChips';
import { PROTOCOLS, QTYPES, type Protocol, type Qtype } from './send-form-values';

const hasPort = (to: string) => /:\d*$/.test(to.trim());

/** Why a Size entry cannot be sent, next to the field (an invalid size must not silently disable Send). */
function sizeProblem(size: string): string {
  if (size.trim() === '') return 'enter a payload size in bytes';
  const n = Number(size);
  if (!Number.isInteger(n)) return 'a size is a whole number of bytes';
  if (n < 0) return 'a size cannot be negative';
  return `at most ${MAX_PROBE_PAYLOAD} bytes (the largest IPv4 payload: 65535 − 20 − 8)`;
}

// a new lab (every probe, every fault toggle) lists the same places: the same arrays, so the
// memoised From select and To datalist below skip their thousands of options (issue 9)
const stablePlaces = stableList<Place>((p) => `${p.group}\u0001${p.value}\u0001${p.label}`);
const stableSuggestions = stableList<Suggestion>((s) => `${s.value}\u0001${s.label}`);

const FromSelect = memo(function FromSelect({ id, places, value }: { id: string; places: readonly Place[]; value: string }) {
  return (
    <select id={id} value={value} onChange={(e) => useLabStore.getState().setSendForm({ from: e.target.value })}>
      <PlaceOptions places={places} />
    </select>
  );
});

const ToSuggestions = memo(function ToSuggestions({ id, suggestions }: { id: string; suggestions: readonly Suggestion[] }) {
  return (
    <datalist id={id}>
      {suggestions.map((s) => (
        <option key={s.value} value={s.value} label={s.label} />
      ))}
    </datalist>
  );
});

/** The send form: From, To (a place, or any name or address), Protocol, Port / Record type, Size, Don't fragment, Send. */
export function SendForm() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const places = useMemo(() => stablePlaces(placesOf(cluster)), [cluster]);
  const suggestions = useMemo(() => stableSuggestions(toSuggestions(cluster, places)), [cluster, places]);
  const id = useId();
  const toRef = useRef<HTMLInputElement>(null);
  // the fields live in the store (a share link carries them); whether To's error shows stays here
  const { from, to, protocol, qtype, size, port, df } = useLabStore((s) => s.sendForm);
  const setForm = useLabStore((s) => s.setSendForm);
  const [toShown, setToShown] = useState(false);
  // keep the choices valid when the cluster changes (another scenario, another shape)
  const fromValue = places.some((p) => p.value === from) ? from : (places[0]?.value ?? '');
  const toValue = to ?? places.find((p) => p.value !== fromValue && p.group === 'Pods')?.value ?? places[1]?.value ?? '';
  const toError = destinationError(toValue);
  const sizeNum = Number(size);
  const sizeOk = size.trim() !== '' && Number.isInteger(sizeNum) && sizeNum >= 0 && sizeNum <= MAX_PROBE_PAYLOAD;
  const withPort = protocol === 'tcp' || protocol === 'udp' || protocol === 'http';
  // tracepath always sends full-size datagrams with DF (its own PMTU search); traceroute sends DF clear
  const withSize = protocol !== 'dns' && protocol !== 'http' && protocol !== 'tracepath';
  const withDf = protocol === 'icmp' || protocol === 'tcp' || protocol === 'udp';
  const portInTo = withPort && hasPort(toValue);
  const portOk = !withPort || portInTo || port === '' || (Number.isInteger(Number(port)) && Number(port) >= 1 && Number(port) <= 65535);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (toError) {
      setToShown(true);
      toRef.current?.focus();
      return;
    }
    if ((withSize && !sizeOk) || !portOk || !fromValue) return;
    const target = toValue.trim();
    const probe: ProbeSpec = {
      from: fromValue,
      to: withPort && port && !portInTo ? `${target}:${port}` : target,
      protocol,
      ...(withSize ? { size: sizeNum, ...(withDf ? { df } : {}) } : {}),
      ...(protocol === 'dns' && qtype ? { qtype } : {}),
    };
    useLabStore.getState().send(probe, 'form');
  };
  const onProtocol = (p: Protocol) => {
    // Linux sets DF on TCP; ping only with -M do (SCENARIOS.md). traceroute(8) sends 60-byte packets by default: 32 data bytes
    setForm({ protocol: p, df: p === 'tcp', ...(p === 'traceroute' ? { size: String(TRACEROUTE_DATA_BYTES) } : {}) });
  };
  const showError = toShown && toError;

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel__title">
        Send a packet
      </h2>
      <form className="send-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-from`}>From</label>
        <FromSelect id={`${id}-from`} places={places} value={fromValue} />
        <label htmlFor={`${id}-to`}>To</label>
        <div className="send-form__to">
          <input
            ref={toRef}
            id={`${id}-to`}
            type="text"
            list={`${id}-to-list`}
            value={toValue}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setForm({ to: e.target.value });
              setToShown(true);
            }}
            aria-invalid={!!showError}
            aria-describedby={`${id}-to-hint`}
          />
          <ToSuggestions id={`${id}-to-list`} suggestions={suggestions} />
          <span id={`${id}-to-hint`} className={showError ? 'field-error' : 'hint'} aria-live="polite">
            {showError ? toError : 'a pod, node, Service name, FQDN, IP or ip:port'}
          </span>
        </div>
        <label htmlFor={`${id}-proto`}>Protocol</label>
        <select id={`${id}-proto`} value={protocol} onChange={(e) => onProtocol(e.target.value as Protocol)}>
          {PROTOCOLS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {withPort && (
          <>
            <label htmlFor={`${id}-port`}>Port</label>
            <input
              id={`${id}-port`}
              type="number"
              min={1}
              max={65535}
              value={portInTo ? '' : port}
              disabled={portInTo}
              placeholder={portInTo ? 'given in To' : "the target's port"}
              aria-invalid={!portOk}
              aria-describedby={`${id}-port-hint`}
              onChange={(e) => setForm({ port: e.target.value })}
            />
            {!portOk && (
              <>
                <span />
                <span id={`${id}-port-hint`} className="hint hint--error" role="alert">
                  a port is a whole number from 1 to 65535
                </span>
              </>
            )}
          </>
        )}
        {protocol === 'dns' && (
          <>
            <label htmlFor={`${id}-qtype`}>Record type</label>
            <select id={`${id}-qtype`} value={qtype} onChange={(e) => setForm({ qtype: e.target.value as Qtype })}>
              {QTYPES.map((q) => (
                <option key={q} value={q}>
                  {q || 'A and AAAA (getaddrinfo)'}
                </option>
              ))}
            </select>
          </>
        )}
        {withSize && (
          <>
            <label htmlFor={`${id}-size`}>Size</label>
            <div className="send-form__size">
              <input
                id={`${id}-size`}
                type="number"
                min={0}
                max={MAX_PROBE_PAYLOAD}
                value={size}
                onChange={(e) => setForm({ size: e.target.value })}
                aria-invalid={!sizeOk}
                aria-describedby={`${id}-size-hint`}
              />
              <span id={`${id}-size-hint`} className={sizeOk ? 'hint' : 'hint hint--error'} role={sizeOk ? undefined : 'alert'}>
                {!sizeOk ? sizeProblem(size) : protocol === 'traceroute' ? 'UDP data bytes per probe (DF clear)' : 'payload bytes, as ping -s'}
              </span>
            </div>
            {withDf && (
              <>
                <span />
                <label className="checkbox">
                  <input type="checkbox" checked={df} onChange={(e) => setForm({ df: e.target.checked })} />
                  Don&apos;t fragment
                </label>
              </>
            )}
          </>
        )}
        {protocol === 'tracepath' && (
          <>
            <span />
            <span className="hint">full-size UDP probes with DF set: tracepath finds the path MTU itself</span>
          </>
        )}
        <span />
        <button type="submit" className="btn btn--primary" disabled={(withSize && !sizeOk) || !portOk || !fromValue}>
          Send
        </button>
      </form>
      <ProbeChips />
    </section>
  );
}
