import { choiceText, COMPONENTS, LAYERS, ROOT_CAUSES, WEIGHTS, type Drill, type DrillGrade, type DrillSubmission, type FixStep } from '../../../lessons/drills';
import { MatrixTable } from './MatrixTable';

function StepText({ step }: { step: FixStep }) {
  if (step.do === 'command')
    return (
      <li>
        on <strong>{step.where}</strong>: <code>{step.line}</code>
        {step.stdin !== undefined && <pre className="drill-result__stdin">{`${step.stdin}\n`}</pre>}
      </li>
    );
  return (
    <li>
      remediation: {step.text}
      <p className="drill-result__simplification">Lab simplification: {step.simplification}</p>
    </li>
  );
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The graded result: score, each diagnosis part, the matrix before and after, what it was, the shortest fix. */
export function DrillResult({ drill, grade, submission }: { drill: Drill; grade: DrillGrade; submission: DrillSubmission }) {
  const parts = [
    ['Layer', LAYERS, submission.layer, drill.truth.layer, grade.parts.layer, WEIGHTS.layer],
    ['Component', COMPONENTS, submission.component, drill.truth.component, grade.parts.component, WEIGHTS.component],
    ['Root cause', ROOT_CAUSES, submission.rootCause, drill.truth.rootCause, grade.parts.rootCause, WEIGHTS.rootCause],
  ] as const;
  return (
    <section className="drill-result" aria-labelledby="drill-result-h">
      <h2 id="drill-result-h" tabIndex={-1}>
        Result: <span data-testid="drill-score">{Math.round(grade.score * 100)}%</span>
      </h2>
      <ul className="drill-result__parts">
        {parts.map(([title, list, given, truth, ok, w]) => (
          <li key={title} className={ok ? 'is-ok' : 'is-bad'}>
            {mark(ok)} {title} ({Math.round(w * 100)}%): you said “{choiceText(list, given)}”{ok ? '' : ` — it was “${choiceText(list, truth)}”`}
          </li>
        ))}
        <li className={grade.fixed ? 'is-ok' : 'is-bad'}>
          {mark(grade.fixed)} Repair ({Math.round(WEIGHTS.fix * 100)}%):{' '}
          {grade.fixed
            ? 'every check is back to how it was before the incident.'
            : `${grade.restored} of ${grade.broken} broken check(s) work again${grade.regressed ? `, ${grade.regressed} that worked broke since` : ''}.`}
        </li>
      </ul>
      <p>
        What it was: <strong>{drill.faultLabel}</strong>. {drill.faultExplain}
      </p>
      <MatrixTable
        probes={drill.probes}
        caption="The checks before the incident, during it, and on your lab now"
        columns={[
          { title: 'Before the incident', matrix: drill.healthy },
          { title: 'During (the ticket)', matrix: drill.before },
          { title: 'Your lab now', matrix: grade.after },
        ]}
      />
      <h3>Shortest fix</h3>
      <ol className="drill-result__fix">
        {grade.shortest.map((s, i) => (
          <StepText key={i} step={s} />
        ))}
      </ol>
    </section>
  );
}
