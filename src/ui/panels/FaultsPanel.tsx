import { useId } from 'react';
import type { FaultResult, FaultSpec } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { MtuSettings } from './MtuSettings';
import { useFaultToggles, type FaultToggleOption } from './useFaultToggles';

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
  const faultCount = useLabStore((s) => s.scenario.faults.length);
  const toggles = useFaultToggles();
  const services = toggles.filter((o) => o.group === 'services');
  const id = useId();
  const toggle = (o: FaultToggleOption) => <FaultToggle key={o.key} fault={o.fault} label={o.label} explain={o.explain} on={o.on} result={o.result} />;
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel__title">
        Break something
      </h2>
      <p className="hint">Each toggle edits the tables the CNI or kube-proxy wrote, or the API objects they read; the last probe runs again.</p>
      {faultCount > 0 && (
        <button type="button" className="btn btn--ghost btn--small" onClick={() => useLabStore.getState().clearFaults()}>
          Clear all faults ({faultCount})
        </button>
      )}
      <ul className="fault-list" aria-label="Faults">
        {toggles.filter((o) => o.group === 'datapath').map(toggle)}
      </ul>
      {services.length > 0 && (
        <>
          <h3 className="panel__subtitle" id={`${id}-svc`}>
            Services and DNS
          </h3>
          <ul className="fault-list" aria-labelledby={`${id}-svc`}>
            {services.map(toggle)}
          </ul>
        </>
      )}
      <MtuSettings />
    </section>
  );
}
