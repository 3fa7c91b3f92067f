import { useId, useState } from 'react';
import { COMPONENTS, LAYERS, ROOT_CAUSES, type Choice, type DrillSubmission, type Remediation } from '../../../lessons/drills';

function Pick({ label, choices, value, onChange }: { label: string; choices: readonly Choice[]; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="drill-form__field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Choose…</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The diagnosis (layer, component, root cause) and an optional remediation the terminal cannot do. */
export function DiagnosisForm({
  remediations,
  busy,
  onSubmit,
}: {
  remediations: readonly Remediation[];
  busy: boolean;
  onSubmit: (s: DrillSubmission) => void;
}) {
  const [layer, setLayer] = useState('');
  const [component, setComponent] = useState('');
  const [rootCause, setRootCause] = useState('');
  const [remediation, setRemediation] = useState('');
  const ready = layer && component && rootCause;
  return (
    <form
      className="drill-form"
      aria-label="Diagnosis"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onSubmit({ layer, component, rootCause, remediation: remediation || undefined });
      }}
    >
      <Pick label="Layer" choices={LAYERS} value={layer} onChange={setLayer} />
      <Pick label="Component" choices={COMPONENTS} value={component} onChange={setComponent} />
      <Pick label="Root cause" choices={ROOT_CAUSES} value={rootCause} onChange={setRootCause} />
      <fieldset className="drill-form__remedies">
        <legend>Remediation outside the terminal (optional)</legend>
        <p className="drill-form__hint">
          Some repairs happen outside a node’s shell. Pick one only if the terminal cannot do the repair; in the lab it removes the fault it fixes.
        </p>
        <label>
          <input type="radio" name="remediation" value="" checked={remediation === ''} onChange={() => setRemediation('')} /> None: I repaired it in the
          terminal (or did not)
        </label>
        {remediations.map((r) => (
          <label key={r.id}>
            <input type="radio" name="remediation" value={r.id} checked={remediation === r.id} onChange={() => setRemediation(r.id)} /> {r.text}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn btn--primary" disabled={!ready || busy}>
        {busy ? 'Grading…' : 'Submit diagnosis and repair'}
      </button>
    </form>
  );
}
