import { useId, useState, type FormEvent } from 'react';
import type { Verdict } from '../../engine';
import type { Prediction, Step } from '../../lessons/types';
import type { PredictionGrade } from '../../lessons/machine';
import { gradePrediction, predictionKey } from '../../lessons/core';
import type { PredictionKey } from '../../lessons/types';
import { useLabStore } from '../store/lab-store';
import { netnsLabel, reasonLabel, VERDICT_LABEL, VERDICTS } from './labels';

type PredictStep = Extract<Step, { kind: 'predict' }>;

export interface Committed {
  readonly prediction: Prediction;
  readonly grade: PredictionGrade;
  readonly key: Omit<PredictionKey, 'trace'>;
}

/**
 * A predict step's form: the learner commits to a verdict — and, for a packet that does not
 * arrive, where and why — before the trace plays. The key is the engine's own trace of the
 * step's probe on the learner's lab (core predictionKey), never typed in; the probe is then sent
 * in the lab so the trace plays, and the form shows what was right.
 */
export function PredictForm({ step, committed, onCommit }: { step: PredictStep; committed: Committed | null; onCommit: (c: Committed) => void }) {
  const lab = useLabStore((s) => s.lab);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [at, setAt] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const needsWhere = verdict !== null && verdict !== 'delivered';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!verdict) return setError('Choose what happens to the packet first.');
    if (needsWhere && (!at || !reason)) return setError('Say where it ends and why.');
    const prediction: Prediction = needsWhere ? { verdict, at, reason } : { verdict };
    const live = useLabStore.getState();
    let key: PredictionKey;
    try {
      key = predictionKey(live.lab, step.probe);
    } catch (err) {
      return setError(`The engine could not run this probe: ${err instanceof Error ? err.message : String(err)}`);
    }
    onCommit({ prediction, grade: gradePrediction(prediction, key), key: { verdict: key.verdict, at: key.at, reason: key.reason } });
    // committed: now the packet goes, and plays on the canvas
    live.send(step.probe, 'form');
  };
  if (committed) return <PredictResult c={committed} />;
  return (
    <form className="predict" onSubmit={submit} aria-labelledby={`${id}-legend`}>
      <fieldset>
        <legend id={`${id}-legend`}>
          What happens to {step.probe.protocol} from {step.probe.from} to {step.probe.to}
          {step.probe.size ? ` (${step.probe.size} bytes${step.probe.df ? ', DF' : ''})` : ''}?
        </legend>
        {VERDICTS.map((v) => (
          <label key={v} className="predict__choice">
            <input type="radio" name={`${id}-verdict`} value={v} checked={verdict === v} onChange={() => setVerdict(v)} /> {VERDICT_LABEL[v]}
          </label>
        ))}
      </fieldset>
      {needsWhere && (
        <>
          <label htmlFor={`${id}-at`}>Where does it end?</label>
          <select id={`${id}-at`} value={at} onChange={(e) => setAt(e.target.value)}>
            <option value="">Choose a place…</option>
            {step.atChoices.map((c) => (
              <option key={c} value={c}>
                {netnsLabel(lab, c)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-why`}>Why?</label>
          <select id={`${id}-why`} value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">Choose a reason…</option>
            {step.reasonChoices.map((c) => (
              <option key={c} value={c}>
                {reasonLabel(c)}
              </option>
            ))}
          </select>
        </>
      )}
      {error && (
        <p className="predict__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn">
        Commit prediction
      </button>
    </form>
  );
}

function Mark({ ok }: { ok: boolean }) {
  return <span className={`mark ${ok ? 'is-ok' : 'is-wrong'}`}>{ok ? '✓ right' : '✗ not quite'}</span>;
}

function PredictResult({ c }: { c: Committed }) {
  const lab = useLabStore((s) => s.lab);
  const { prediction: p, grade: g, key } = c;
  return (
    <div className="predict predict--result" role="status">
      <p className="predict__score">Your prediction scored {Math.round(g.score * 100)}%. The trace is playing in the lab.</p>
      <dl>
        <dt>What happens</dt>
        <dd>
          You said {p.verdict}; it was {key.verdict}. <Mark ok={g.verdict} />
        </dd>
        {g.at !== null && (
          <>
            <dt>Where it ends</dt>
            <dd>
              You said {p.at ? netnsLabel(lab, p.at) : 'nothing'}; it was {netnsLabel(lab, key.at)}. <Mark ok={g.at} />
            </dd>
          </>
        )}
        {g.reason !== null && (
          <>
            <dt>Why</dt>
            <dd>
              You said {p.reason ? reasonLabel(p.reason) : 'nothing'}; it was {reasonLabel(key.reason)}. <Mark ok={g.reason} />
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
