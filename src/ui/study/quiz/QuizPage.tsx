/**
 * The Quiz page: Practice (one question at a time, graded on submit with the explanation and
 * a lab link) or Exam (timed, no feedback until the end, then the score per domain and a
 * review of every answer). Grading runs the engine (a probe walked, commands run) on submit,
 * never while rendering. Wrong answers add the question's card to the deck; a finished quiz
 * is kept in the progress store.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import '../cards/cards.css';
import './quiz.css';
import { DOMAINS, type Question } from '../../../lessons/types';
import type { QuizAttempt } from '../../../lessons/progress/types';
import { QUESTIONS, questionCardId } from '../../../lessons/quiz';
import { useProgress } from '../../progress/store';
import { drawQuestions } from './filter';
import { QuizSetup, type QuizSettings } from './QuizSetup';
import { QuestionView } from './QuestionView';
import { Feedback } from './Feedback';
import { QuizReport } from './QuizReport';
import { QuizHistory } from './QuizHistory';
import { Countdown, QuestionTimer } from './Countdown';
import { emptyDraft, givenText, isAnswered, type Draft } from './draft';
import { gradeDraft, type Graded } from './grading';
import { attemptOf } from './score';

const DEFAULT_SETTINGS: QuizSettings = { mode: 'practice', filter: { exam: 'all', domain: 'all', topic: 'all' }, count: 10 };

/** Time an exam allows per question, by kind (a fix question brings its own limit). */
export function allowanceMs(q: Question): number {
  return (q.kind === 'fix' ? q.seconds : q.kind === 'choice' ? 60 : 90) * 1000;
}

interface Run {
  readonly settings: QuizSettings;
  readonly questions: readonly Question[];
  readonly drafts: readonly Draft[];
  /** practice: each answer once checked */
  readonly graded: readonly (Graded | undefined)[];
  readonly index: number;
  /** when the question on screen was shown (ms): a fix in practice is graded on its own limit */
  readonly shownAt: number;
  /** exam: when time is up (ms) */
  readonly endsAt?: number;
}

type Phase =
  | { readonly kind: 'setup' }
  | { readonly kind: 'run'; readonly run: Run; readonly busy: boolean }
  | { readonly kind: 'done'; readonly run: Run; readonly graded: readonly Graded[]; readonly attempt: QuizAttempt; readonly timedOut: boolean };

function safeGrade(q: Question, d: Draft, seconds?: number): Graded {
  try {
    return gradeDraft(q, d, seconds);
  } catch (e) {
    // broken content must not take the page down: the answer stands ungraded, and says why
    return { correct: false, score: 0, given: givenText(q, d), key: `(this question could not be graded: ${e instanceof Error ? e.message : String(e)})` };
  }
}

/** the page's clock (event handlers only: the grade, the timers) */
const clock = () => Date.now();

/** runs `work` after the browser has painted the busy state */
const afterPaint = (work: () => void) => window.setTimeout(work, 0);

/**
 * The quiz on screen outlives the page: "Show in the lab" leaves for the lab, and coming back
 * (Back, or the Quiz link) finds the practice where it was. In this tab only, by design.
 */
let kept: { phase: Phase; settings: QuizSettings } | null = null;

export default function QuizPage() {
  const addCard = useProgress((s) => s.addCard);
  const quizFinished = useProgress((s) => s.quizFinished);
  const history = useProgress((s) => s.progress.quiz);
  const [settings, setSettings] = useState<QuizSettings>(() => kept?.settings ?? DEFAULT_SETTINGS);
  // a grading that was under way when the page left is not resumed: the answer can be checked again
  const [phase, setPhase] = useState<Phase>(() => (kept?.phase.kind === 'run' ? { ...kept.phase, busy: false } : (kept?.phase ?? { kind: 'setup' })));
  useEffect(() => {
    kept = { phase, settings };
  }, [phase, settings]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const index = phase.kind === 'run' ? phase.run.index : -1;

  useEffect(() => {
    if (index >= 0) headingRef.current?.focus();
  }, [index]);

  const start = (s: QuizSettings) => {
    setSettings(s);
    const questions = drawQuestions(QUESTIONS, s.filter, s.count, Date.now() >>> 0);
    const total = questions.reduce((t, q) => t + allowanceMs(q), 0);
    setPhase({
      kind: 'run',
      busy: false,
      run: {
        settings: s,
        questions,
        drafts: questions.map(emptyDraft),
        graded: questions.map(() => undefined),
        index: 0,
        shownAt: Date.now(),
        endsAt: s.mode === 'exam' ? Date.now() + total : undefined,
      },
    });
  };

  const finish = useCallback(
    /** `graded` lines up with `run.questions`; unanswered practice questions (ended early) are left out */
    (run: Run, graded: readonly (Graded | undefined)[], timedOut: boolean) => {
      const answered = run.questions.flatMap((q, i) => (graded[i] ? [{ question: q, correct: graded[i].correct, given: graded[i].given }] : []));
      const attempt = attemptOf(run.settings.mode, answered, new Date().toISOString());
      for (const a of answered) if (!a.correct) addCard(questionCardId(a.question.id));
      quizFinished(attempt);
      const questions = run.questions.filter((_, i) => graded[i]);
      setPhase({ kind: 'done', run: { ...run, questions }, graded: graded.filter((g): g is Graded => !!g), attempt, timedOut });
    },
    [addCard, quizFinished],
  );

  const finishExam = useCallback(
    (run: Run, timedOut: boolean) => {
      setPhase({ kind: 'run', run, busy: true });
      afterPaint(() =>
        finish(
          run,
          run.questions.map((q, i) => safeGrade(q, run.drafts[i])),
          timedOut,
        ),
      );
    },
    [finish],
  );

  if (phase.kind === 'setup') {
    return (
      <div className="study quiz-page">
        <header className="study__head">
          <h1>Quiz</h1>
          <p className="hint">{QUESTIONS.length} questions on the CKA and CKS networking domains</p>
        </header>
        <QuizSetup bank={QUESTIONS} initial={settings} onStart={start} />
        <QuizHistory attempts={history} />
      </div>
    );
  }

  if (phase.kind === 'done') {
    return (
      <div className="study quiz-page">
        <header className="study__head">
          <h1>Quiz</h1>
        </header>
        <QuizReport
          mode={phase.run.settings.mode}
          questions={phase.run.questions}
          graded={phase.graded}
          attempt={phase.attempt}
          timedOut={phase.timedOut}
          onAgain={() => setPhase({ kind: 'setup' })}
        />
      </div>
    );
  }

  const { run, busy } = phase;
  const exam = run.settings.mode === 'exam';
  const q = run.questions[run.index];
  const draft = run.drafts[run.index];
  const checked = run.graded[run.index];
  const last = run.index === run.questions.length - 1;
  const setRun = (next: Run) => setPhase({ kind: 'run', run: next, busy: false });
  const setDraft = (d: Draft) => setRun({ ...run, drafts: run.drafts.map((x, i) => (i === run.index ? d : x)) });
  const go = (i: number) => setRun({ ...run, index: i, shownAt: clock() });

  const check = () => {
    setPhase({ kind: 'run', run, busy: true });
    afterPaint(() => {
      const g = safeGrade(q, draft, q.kind === 'fix' ? Math.floor((clock() - run.shownAt) / 1000) : undefined);
      if (!g.correct) addCard(questionCardId(q.id));
      setRun({ ...run, graded: run.graded.map((x, i) => (i === run.index ? g : x)) });
    });
  };
  const unanswered = run.questions.filter((x, i) => !isAnswered(x, run.drafts[i])).length;

  return (
    <div className="study quiz-page">
      <header className="study__head">
        <h1>{exam ? 'Exam' : 'Practice'}</h1>
        {exam && run.endsAt !== undefined && <Countdown endsAt={run.endsAt} label="Time left" onExpire={() => finishExam(run, true)} />}
        {!exam && q.kind === 'fix' && !checked && <QuestionTimer key={q.id} ms={allowanceMs(q)} onExpire={check} />}
      </header>

      {exam && (
        <nav className="quiz-steps" aria-label="Questions">
          <ol>
            {run.questions.map((x, i) => (
              <li key={x.id}>
                <button
                  type="button"
                  className={`quiz-step${i === run.index ? ' is-current' : ''}${isAnswered(x, run.drafts[i]) ? ' is-answered' : ''}`}
                  aria-current={i === run.index ? 'step' : undefined}
                  aria-label={`Question ${i + 1}${isAnswered(x, run.drafts[i]) ? ', answered' : ''}`}
                  onClick={() => go(i)}
                >
                  {i + 1}
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}

      <form
        className="quiz-card"
        aria-labelledby="quiz-q-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          if (exam) {
            if (!last) go(run.index + 1);
          } else if (!checked) {
            if (isAnswered(q, draft)) check();
          } else if (!last) go(run.index + 1);
          else finish(run, run.graded, false);
        }}
      >
        <h2 id="quiz-q-title" ref={headingRef} tabIndex={-1} className="quiz-card__title">
          Question {run.index + 1} of {run.questions.length}
          <span className="quiz-card__tag">
            {DOMAINS[q.domain].exam}: {DOMAINS[q.domain].title}
          </span>
        </h2>
        <QuestionView key={q.id} question={q} draft={draft} locked={!!checked || busy} onChange={setDraft} />
        {busy && (
          <p role="status" className="hint">
            {exam ? 'Grading the exam…' : 'Checking your answer on the engine…'}
          </p>
        )}
        {checked && (
          <div role="status" aria-live="polite">
            <Feedback question={q} graded={checked} />
          </div>
        )}
        <div className="quiz-card__actions">
          {exam ? (
            <>
              <button type="button" className="btn" disabled={run.index === 0 || busy} onClick={() => go(run.index - 1)}>
                Previous
              </button>
              <button type="submit" className="btn" disabled={last || busy}>
                Next
              </button>
              <span className="hint">{unanswered ? `${unanswered} unanswered` : 'All answered'}</span>
              <button type="button" className="btn btn--primary" disabled={busy} onClick={() => finishExam(run, false)}>
                Finish the exam
              </button>
            </>
          ) : !checked ? (
            <>
              <button type="submit" className="btn btn--primary" disabled={!isAnswered(q, draft) || busy}>
                Check
              </button>
              <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => finish(run, run.graded, false)}>
                End practice
              </button>
            </>
          ) : (
            <button type="submit" className="btn btn--primary">
              {last ? 'See the result' : 'Next question'}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
