/** The learner's last quiz attempts (progress `quiz`), newest first. */
import type { QuizAttempt } from '../../../lessons/progress/types';

const SHOWN = 5;

export function QuizHistory({ attempts }: { attempts: readonly QuizAttempt[] }) {
  if (attempts.length === 0) return null;
  const last = attempts.slice(-SHOWN).reverse();
  return (
    <section className="quiz-history" aria-labelledby="quiz-history-title">
      <h2 id="quiz-history-title">Your last attempts</h2>
      <ul>
        {last.map((a, i) => {
          const right = a.answers.filter((x) => x.correct).length;
          return (
            <li key={`${a.at}-${i}`}>
              <time dateTime={a.at}>{new Date(a.at).toLocaleString()}</time> — {a.mode === 'exam' ? 'Exam' : 'Practice'}: {right} of {a.answers.length} right
            </li>
          );
        })}
      </ul>
    </section>
  );
}
