/** A graded answer: right or wrong, the key, what the command printed, the explanation, and the lab link. */
import type { Question } from '../../../lessons/types';
import { openLabLink } from '../../nav/route';
import { Prose } from '../cards/Prose';
import type { Graded } from './grading';

export function Feedback({ question: q, graded, heading = 'h3' }: { question: Question; graded: Graded; heading?: 'h2' | 'h3' }) {
  const H = heading;
  // command lines keep their spacing; a choice or a prediction reads as a sentence
  const Text = q.kind === 'command' || q.kind === 'fix' ? 'pre' : 'span';
  const verdict = graded.correct ? 'Correct' : graded.score > 0 ? `Partly right (${Math.round(graded.score * 100)}%)` : 'Not right';
  return (
    <div className={`quiz-feedback ${graded.correct ? 'is-right' : 'is-wrong'}`}>
      <H className="quiz-feedback__verdict">{verdict}</H>
      <dl className="quiz-feedback__answers">
        <dt>Your answer</dt>
        <dd>{graded.given ? <Text>{graded.given}</Text> : <em>no answer</em>}</dd>
        {!graded.correct && (
          <>
            <dt>{q.kind === 'fix' || q.kind === 'command' ? 'A solution' : 'The answer'}</dt>
            <dd>
              <Text>{graded.key}</Text>
            </dd>
          </>
        )}
      </dl>
      {graded.parts && graded.parts.length > 0 && (
        <ul className="quiz-feedback__parts" aria-label="Checks">
          {graded.parts.map((p, i) => (
            <li key={i} className={p.met ? 'is-met' : 'is-unmet'}>
              <span aria-hidden="true">{p.met ? '✓' : '✗'}</span> <span className="visually-hidden">{p.met ? 'met:' : 'not met:'}</span> {p.text}
            </li>
          ))}
        </ul>
      )}
      {graded.output !== undefined && (
        <figure className="quiz-output">
          <figcaption>{q.kind === 'predict' ? 'Where the trace ended' : 'What it printed'}</figcaption>
          <pre tabIndex={0}>{graded.output || '(no output)'}</pre>
        </figure>
      )}
      <Prose className="quiz-feedback__explanation" text={q.explanation} />
      {!graded.correct && <p className="hint">This question's card joins your study deck.</p>}
      <button type="button" className="btn btn--ghost btn--small" onClick={() => openLabLink(q.link)}>
        Show in the lab
      </button>
    </div>
  );
}
