/**
 * One question and the controls its kind needs: radios for a choice; verdict, where and why
 * for a packet prediction; a pick or a typed line for a command; a list of command lines for
 * a fix. Controlled: the draft lives in the page. `locked` once graded (practice).
 */
import { useId } from 'react';
import type { Verdict } from '../../../engine';
import type { Question } from '../../../lessons/types';
import { Prose } from '../cards/Prose';
import type { Draft } from './draft';
import { netnsLabel, probeText, reasonLabel, scenarioName } from './labels';

interface Props {
  readonly question: Question;
  readonly draft: Draft;
  readonly locked: boolean;
  readonly onChange: (d: Draft) => void;
}

const VERDICTS: readonly { readonly v: Verdict; readonly label: string }[] = [
  { v: 'delivered', label: 'Delivered' },
  { v: 'dropped', label: 'Dropped (silently)' },
  { v: 'rejected', label: 'Rejected (an error comes back)' },
];

export function QuestionView({ question: q, draft, locked, onChange }: Props) {
  const id = useId();
  return (
    <div className="quiz-question">
      <Prose className="quiz-question__prompt" text={q.prompt} />
      {q.kind !== 'choice' && (
        <p className="hint">
          Scenario <code>{scenarioName(q)}</code>
          {q.faults?.length ? `, with ${q.faults.length} fault${q.faults.length > 1 ? 's' : ''} on` : ''}
          {q.kind === 'predict' && <>; probe: {probeText(q.probe)}</>}
          {(q.kind === 'command' || q.kind === 'fix') && (
            <>
              ; commands run at <code>{q.where}</code>
            </>
          )}
        </p>
      )}

      {q.kind === 'choice' && draft.kind === 'choice' && (
        <fieldset className="quiz-choices" disabled={locked}>
          <legend className="visually-hidden">Your answer</legend>
          {q.choices.map((c, i) => (
            <label key={i} className="quiz-choice">
              <input type="radio" name={`${id}-choice`} checked={draft.choice === i} onChange={() => onChange({ ...draft, choice: i })} />
              <Prose text={c} />
            </label>
          ))}
        </fieldset>
      )}

      {q.kind === 'predict' && draft.kind === 'predict' && (
        <fieldset className="quiz-predict" disabled={locked}>
          <legend className="visually-hidden">Your prediction</legend>
          <div role="radiogroup" aria-label="Verdict" className="quiz-choices quiz-choices--row">
            {VERDICTS.map(({ v, label }) => (
              <label key={v} className="quiz-choice">
                <input type="radio" name={`${id}-verdict`} checked={draft.verdict === v} onChange={() => onChange({ ...draft, verdict: v })} />
                {label}
              </label>
            ))}
          </div>
          {draft.verdict && draft.verdict !== 'delivered' && (
            <div className="quiz-predict__where">
              <label htmlFor={`${id}-at`}>Where does it end?</label>
              <select id={`${id}-at`} value={draft.at ?? ''} onChange={(e) => onChange({ ...draft, at: e.target.value || undefined })}>
                <option value="">Choose…</option>
                {q.atChoices.map((a) => (
                  <option key={a} value={a}>
                    {netnsLabel(a)}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-why`}>Why?</label>
              <select id={`${id}-why`} value={draft.reason ?? ''} onChange={(e) => onChange({ ...draft, reason: e.target.value || undefined })}>
                <option value="">Choose…</option>
                {q.reasonChoices.map((r) => (
                  <option key={r} value={r}>
                    {reasonLabel(r)}
                  </option>
                ))}
              </select>
            </div>
          )}
        </fieldset>
      )}

      {q.kind === 'command' && draft.kind === 'command' && (
        <fieldset className="quiz-choices" disabled={locked}>
          <legend className="visually-hidden">Your command</legend>
          {q.choices.map((c, i) => (
            <label key={i} className="quiz-choice">
              <input type="radio" name={`${id}-cmd`} checked={draft.pick === i} onChange={() => onChange({ kind: 'command', pick: i, typed: '' })} />
              <code>{c}</code>
            </label>
          ))}
          <label className="quiz-typed">
            <span>Or type a command</span>
            <input
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={draft.typed}
              onChange={(e) => onChange({ kind: 'command', typed: e.target.value })}
            />
          </label>
        </fieldset>
      )}

      {q.kind === 'fix' && draft.kind === 'fix' && (
        <div className="quiz-fix">
          <label htmlFor={`${id}-fix`}>
            Commands to run at <code>{q.where}</code>, one per line, in order
          </label>
          <textarea
            id={`${id}-fix`}
            rows={5}
            spellCheck={false}
            disabled={locked}
            value={draft.lines}
            onChange={(e) => onChange({ kind: 'fix', lines: e.target.value })}
          />
        </div>
      )}
    </div>
  );
}
