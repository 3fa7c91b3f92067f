import { useId, useMemo, useState, type FormEvent } from 'react';
import type { ProbeSpec } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { placesOf } from './endpoints';
import { PlaceOptions } from './PlaceOptions';

/** The protocols the walk sends today; `dns` joins when the engine models CoreDNS. */
const PROTOCOLS = [
  { value: 'icmp', label: 'ICMP (ping)' },
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
  { value: 'traceroute', label: 'traceroute' },
] as const;
type Protocol = (typeof PROTOCOLS)[number]['value'];

/** The send form: From, To, Protocol, Size, Don't fragment, Send. */
export function SendForm() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const probes = useLabStore((s) => s.scenario.probes);
  const places = useMemo(() => placesOf(cluster), [cluster]);
  const id = useId();
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const [protocol, setProtocol] = useState<Protocol>('icmp');
  const [size, setSize] = useState('56');
  // Empty: the engine picks the target pod's declared port (80 for TCP, 53 for UDP otherwise).
  const [port, setPort] = useState('');
  const [df, setDf] = useState(false);
  // keep the choices valid when the cluster changes (another scenario, another shape)
  const fromValue = places.some((p) => p.value === from) ? from : (places[0]?.value ?? '');
  const toValue = places.some((p) => p.value === to) ? to : (places.find((p) => p.value !== fromValue && p.group === 'Pods')?.value ?? places[1]?.value ?? '');
  const sizeNum = Number(size);
  const sizeOk = size.trim() !== '' && Number.isInteger(sizeNum) && sizeNum >= 0 && sizeNum <= 65507;
  const withPort = protocol === 'tcp' || protocol === 'udp';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sizeOk || !fromValue || !toValue) return;
    const probe: ProbeSpec = { from: fromValue, to: withPort && port ? `${toValue}:${port}` : toValue, protocol, size: sizeNum, df };
    useLabStore.getState().send(probe, 'form');
  };
  const onProtocol = (p: Protocol) => {
    setProtocol(p);
    setDf(p === 'tcp'); // Linux sets DF on TCP; ping only with -M do (SCENARIOS.md)
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel__title">
        Send a packet
      </h2>
      <form className="send-form" onSubmit={onSubmit}>
        <label htmlFor={`${id}-from`}>From</label>
        <select id={`${id}-from`} value={fromValue} onChange={(e) => setFrom(e.target.value)}>
          <PlaceOptions places={places} />
        </select>
        <label htmlFor={`${id}-to`}>To</label>
        <select id={`${id}-to`} value={toValue} onChange={(e) => setTo(e.target.value)}>
          <PlaceOptions places={places} />
        </select>
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
            <input id={`${id}-port`} type="number" min={1} max={65535} value={port} placeholder="the target's port" onChange={(e) => setPort(e.target.value)} />
          </>
        )}
        <label htmlFor={`${id}-size`}>Size</label>
        <div className="send-form__size">
          <input
            id={`${id}-size`}
            type="number"
            min={0}
            max={65507}
            value={size}
            onChange={(e) => setSize(e.target.value)}
            aria-invalid={!sizeOk}
            aria-describedby={`${id}-size-hint`}
          />
          <span id={`${id}-size-hint`} className="hint">
            payload bytes, as ping -s
          </span>
        </div>
        <span />
        <label className="checkbox">
          <input type="checkbox" checked={df} onChange={(e) => setDf(e.target.checked)} />
          Don&apos;t fragment
        </label>
        <span />
        <button type="submit" className="btn btn--primary" disabled={!sizeOk || !fromValue || !toValue}>
          Send
        </button>
      </form>
      {probes.length > 0 && (
        <div className="preset-probes" role="group" aria-label="Scenario probes">
          <span className="hint">Scenario probes</span>
          {probes.map((p, i) => (
            <button
              key={p.id ?? i}
              type="button"
              className="chip"
              onClick={() => useLabStore.getState().send(p, 'form')}
              title={`${p.from} → ${p.to} ${p.protocol}${p.size !== undefined ? ` ${p.size} B` : ''}${p.df ? ' DF' : ''}`}
            >
              {p.id ?? `${p.from} → ${p.to}`}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
