import { useId, useMemo } from 'react';
import type { FaultResult, FaultSpec } from '../../engine';
import { engine } from '../store/engine-runtime';
import { useLabStore } from '../store/lab-store';
import { faultKey } from '../store/scenario-edits';
import { MtuSettings } from './MtuSettings';

function FaultToggle({ fault, label, explain, on, result }: { fault: FaultSpec; label: string; explain: string; on: boolean; result?: FaultResult }) {
  const id = useId();
  return (
    <li className={`fault${on ? ' is-on' : ''}`}>
      <label className="fault__label">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          aria-describedby={`${id}-x`}
          onChange={(e) => useLabStore.getState().toggleFault(fault, e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <p id={`${id}-x`} className="fault__explain">
        {explain}
        {on && result && (
          <span className={`fault__result${result.applied ? '' : ' is-error'}`}>
            {result.applied ? <code>{result.command}</code> : `Refused: ${result.error}`}
          </span>
        )}
      </p>
    </li>
  );
}

/** Every engine fault as a toggle; toggling rebuilds the lab and re-runs the last probe. */
export function FaultsPanel() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const scenario = useLabStore((s) => s.scenario);
  const results = useLabStore((s) => s.lab.faults);
  // aimed at the lab without its faults: a toggle keeps its place when its own edit removes what it names (CoreDNS at 0)
  const base = useMemo(() => {
    if (scenario.faults.length === 0) return cluster;
    const r = engine().createLab({ ...scenario, faults: [] });
    return r.ok ? r.lab.cluster : cluster;
  }, [scenario, cluster]);
  const catalog = useMemo(() => engine().faultCatalog(base), [base]);
  const extras = useMemo(() => engine().extraFaults(scenario, catalog), [scenario, catalog]);
  const services = catalog.filter((o) => o.group === 'services');
  const active = useMemo(() => new Set(scenario.faults.map(faultKey)), [scenario.faults]);
  const resultOf = (f: FaultSpec) => results.find((r) => faultKey(r.fault) === faultKey(f));
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel__title">
        Break something
      </h2>
      <p className="hint">Each toggle edits the tables the CNI or kube-proxy wrote, or the API objects they read; the last probe runs again.</p>
      {scenario.faults.length > 0 && (
        <button type="button" className="btn btn--ghost btn--small" onClick={() => useLabStore.getState().clearFaults()}>
          Clear all faults ({scenario.faults.length})
        </button>
      )}
      <ul className="fault-list" aria-label="Faults">
        {catalog
          .filter((o) => o.group === 'datapath')
          .map((o) => (
            <FaultToggle key={o.key} fault={o.fault} label={o.label} explain={o.explain} on={active.has(o.key)} result={resultOf(o.fault)} />
          ))}
        {extras.map((f) => (
          <FaultToggle key={faultKey(f)} fault={f} label={resultOf(f)?.command ?? f.type} explain="From the scenario file." on result={resultOf(f)} />
        ))}
      </ul>
      {services.length > 0 && (
        <>
          <h3 className="panel__subtitle" id={`${id}-svc`}>
            Services and DNS
          </h3>
          <ul className="fault-list" aria-labelledby={`${id}-svc`}>
            {services.map((o) => (
              <FaultToggle key={o.key} fault={o.fault} label={o.label} explain={o.explain} on={active.has(o.key)} result={resultOf(o.fault)} />
            ))}
          </ul>
        </>
      )}
      <MtuSettings />
    </section>
  );
}
