/** The end of a quiz: the score, the score per domain, and a review of every answer with its explanation. */
import { DOMAINS, type Question } from '../../../lessons/types';
import type { QuizAttempt } from '../../../lessons/progress/types';
import { Prose } from '../cards/Prose';
import { Feedback } from './Feedback';
import type { Graded } from './grading';
import { domainRows } from './score';

interface Props {
  readonly mode: QuizAttempt['mode'];
  readonly questions: readonly Question[];
  readonly graded: readonly Graded[];
  readonly attempt: QuizAttempt;
  readonly timedOut: boolean;
  readonly onAgain: () => void;
}

export function QuizReport({ mode, questions, graded, attempt, timedOut, onAgain }: Props) {
  const right = graded.filter((g) => g.correct).length;
  const pct = questions.length ? Math.round((right / questions.length) * 100) : 0;
  return (
    <section className="quiz-report" aria-labelledby="quiz-report-title">
      <div className="quiz-report__head">
        <h2 id="quiz-report-title">{mode === 'exam' ? 'Exam result' : 'Practice result'}</h2>
        <p className="quiz-report__score" role="status">
          {right} of {questions.length} right ({pct}%){timedOut ? ' — time ran out' : ''}
        </p>
        <button type="button" className="btn btn--primary" onClick={onAgain}>
          New quiz
        </button>
      </div>
      <table className="quiz-domains">
        <caption>Score per domain</caption>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Right</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {domainRows(attempt.byDomain).map((r) => (
            <tr key={r.domain}>
              <th scope="row">
                {DOMAINS[r.domain].exam}: {DOMAINS[r.domain].title}
              </th>
              <td>
                {r.correct} / {r.total}
              </td>
              <td>
                <meter min={0} max={r.total} value={r.correct} aria-label={`${DOMAINS[r.domain].title} score`} /> {Math.round((r.correct / r.total) * 100)}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Review</h2>
      <ol className="quiz-review" aria-label="Review of every answer">
        {questions.map((q, i) => (
          <li key={q.id} className="quiz-review__item">
            <Prose className="quiz-review__prompt" text={q.prompt} />
            <Feedback question={q} graded={graded[i]} />
          </li>
        ))}
      </ol>
    </section>
  );
}
