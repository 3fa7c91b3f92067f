/**
 * The lesson panel, docked in the lab on `/lessons/<id>/<stepId>` (nav/Shell.tsx): the step's
 * text, its task (a predict form, a goal checklist) and the way on. The URL names the step;
 * the lesson machine (src/lessons/machine) decides when the learner may move on; the progress
 * store remembers what is done.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMachine } from '@xstate/react';
import type { Lesson, Step } from '../../lessons/types';
import { canReach, initialLessonContext, lessonMachine, type LessonContext } from '../../lessons/machine';
import { checkGoal } from '../../lessons/core';
import { useProgress } from '../progress/store';
import { ProgressNotice } from '../progress/ProgressNotice';
import { navigate, routePath } from '../nav/route';
import { onLink } from '../nav/MainNav';
import { findLesson, KIND_LABEL, stepIndex } from './content';
import { useStepSetup, useStepWorld, type StepStart } from './lab-sync';
import { Inline, Prose } from './Prose';
import { PredictForm, type Committed } from './PredictForm';
import './lesson.css';

const stepPath = (lesson: string, step: string) => routePath({ page: 'lesson', lesson, step });

export default function LessonPanel({ lessonId, stepId }: { lessonId: string; stepId: string | null }) {
  const lesson = findLesson(lessonId);
  const resumeAt = useProgress((s) => s.progress.lessons[lessonId]?.step);
  const target = stepId ?? (lesson && resumeAt && stepIndex(lesson, resumeAt) >= 0 ? resumeAt : lesson?.steps[0]?.id);
  useEffect(() => {
    // `/lessons/<id>` resumes: the address then names the step it opened on
    if (lesson && !stepId && target) navigate(stepPath(lesson.id, target), { replace: true });
  }, [lesson, stepId, target]);
  if (!lesson) return <Missing text={`There is no lesson "${lessonId}".`} />;
  const index = target ? stepIndex(lesson, target) : -1;
  if (index < 0) return <Missing text={`The lesson "${lesson.title}" has no step "${target ?? ''}".`} />;
  // one machine per step visit: the URL is where the learner stands, progress what is done
  return <StepRunner key={`${lesson.id}/${lesson.steps[index].id}`} lesson={lesson} index={index} />;
}

function Missing({ text }: { text: string }) {
  return (
    <section className="lesson" aria-label="Lesson">
      <p role="alert">{text}</p>
      <p>
        <a href="/lessons" onClick={(e) => onLink(e, '/lessons')}>
          All lessons
        </a>
      </p>
    </section>
  );
}

function StepRunner({ lesson, index }: { lesson: Lesson; index: number }) {
  const step = lesson.steps[index];
  const progress = useProgress((s) => s.progress.lessons[lesson.id]);
  const [doneBefore] = useState(() => progress?.done ?? {});
  const machine = useMemo(() => lessonMachine(lesson), [lesson]);
  const [snapshot] = useState(() => {
    const ctx: LessonContext = {
      ...initialLessonContext(lesson),
      stepIndex: index,
      // the steps finished on an earlier visit, in lesson order
      done: lesson.steps.filter((s) => s.id in doneBefore).map((s) => s.id),
    };
    return machine.resolveState({ value: 'active', context: ctx });
  });
  const [state, send] = useMachine(machine, { snapshot });
  // what the learner does counts from here: after the step's lab is in place
  const setup = useStepSetup(lesson, step);
  const setupError = setup?.error ?? null;
  const start = setup?.start ?? null;
  const [committed, setCommitted] = useState<Committed | null>(null);
  const ctx = state.context;
  const complete = state.matches('complete');

  useEffect(() => useProgress.getState().lessonReached(lesson.id, step.id), [lesson.id, step.id]);
  // a new step starts at its title: scrolled into view and focused, so a screen reader reads it next
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    title.current?.scrollIntoView({ block: 'nearest' });
    title.current?.focus({ preventScroll: true });
  }, []);
  const doneNow = ctx.done.includes(step.id);
  useEffect(() => {
    if (!doneNow) return;
    const grade = ctx.grades[step.id];
    useProgress.getState().stepDone(lesson.id, step.id, grade ? grade.score : 1);
  }, [doneNow, ctx.grades, lesson.id, step.id]);
  useEffect(() => {
    // NEXT / BACK moved the machine: the address follows
    const at = lesson.steps[ctx.stepIndex];
    if (!complete && at && ctx.stepIndex !== index) navigate(stepPath(lesson.id, at.id));
  }, [ctx.stepIndex, complete, index, lesson]);

  return (
    <section className="lesson" aria-labelledby="lesson-title">
      <ProgressNotice />
      <header className="lesson__head">
        <p className="lesson__crumbs">
          <a href="/lessons" onClick={(e) => onLink(e, '/lessons')}>
            Lessons
          </a>{' '}
          · {lesson.title}
        </p>
        <StepList lesson={lesson} ctx={ctx} index={index} />
      </header>
      <article className="lesson__step" aria-live="polite">
        <p className="lesson__kind">
          Step {index + 1} of {lesson.steps.length} · {KIND_LABEL[step.kind]}
        </p>
        <h2 id="lesson-title" ref={title} tabIndex={-1}>
          {step.title}
        </h2>
        {setupError && (
          <p className="lesson__error" role="alert">
            This step's lab could not be built: {setupError}
          </p>
        )}
        <Prose text={step.body} className="lesson__body" />
        {step.simplification && <p className="lesson__simpl">What the lab simplifies here: {step.simplification}</p>}
        {step.kind === 'predict' && (
          <>
            {doneNow && !committed && step.id in doneBefore && (
              <p className="lesson__note">You committed a prediction here before ({Math.round((doneBefore[step.id] ?? 0) * 100)}%). You may predict again.</p>
            )}
            <PredictForm
              step={step}
              committed={committed}
              onCommit={(c) => {
                setCommitted(c);
                send({ type: 'PREDICT', prediction: c.prediction, grade: c.grade });
              }}
            />
          </>
        )}
        {(step.kind === 'send' || step.kind === 'investigate' || step.kind === 'fix') && start && (
          <GoalTask step={step} start={start} met={doneNow} onMet={() => send({ type: 'CHECK', met: true })} />
        )}
      </article>
      {complete ? (
        <div className="lesson__complete" role="status">
          <p>Lesson complete.</p>
          <a href="/lessons" onClick={(e) => onLink(e, '/lessons')}>
            Back to the lessons
          </a>
        </div>
      ) : (
        <div className="lesson__nav">
          <button type="button" className="btn btn--ghost" disabled={index === 0} onClick={() => send({ type: 'BACK' })}>
            Back
          </button>
          <button type="button" className="btn" disabled={!(step.kind === 'explain' || doneNow)} onClick={() => send({ type: 'NEXT' })}>
            {index === lesson.steps.length - 1 ? 'Finish lesson' : 'Next step'}
          </button>
        </div>
      )}
    </section>
  );
}

function StepList({ lesson, ctx, index }: { lesson: Lesson; ctx: LessonContext; index: number }) {
  return (
    <nav aria-label="Lesson steps">
      <ol className="lesson__steps">
        {lesson.steps.map((s, i) => {
          const done = ctx.done.includes(s.id);
          const label = `${i + 1}. ${s.title}${done ? ' (done)' : ''}`;
          const path = stepPath(lesson.id, s.id);
          // forward only across what the learner may leave (the machine's rule)
          const open = i === index || canReach(lesson, ctx, i);
          return (
            <li key={s.id} className={`${done ? 'is-done' : ''}${i === index ? ' is-here' : ''}`}>
              {open ? (
                <a href={path} aria-current={i === index ? 'step' : undefined} onClick={(e) => onLink(e, path)} title={label} aria-label={label}>
                  {i + 1}
                </a>
              ) : (
                <span title={`${label}: finish the steps before it first`} aria-label={`${label} (locked)`} aria-disabled="true" role="link">
                  {i + 1}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

type GoalStep = Extract<Step, { kind: 'send' | 'investigate' | 'fix' }>;

/** A goal step: the goal's checklist, checked on every change in the lab (core checkGoal over the step's world). */
function GoalTask({ step, start, met, onMet }: { step: GoalStep; start: StepStart; met: boolean; onMet: () => void }) {
  const world = useStepWorld(start);
  const check = useMemo(() => {
    try {
      return checkGoal(step.goal, world);
    } catch (e) {
      return { met: false, text: `The goal could not be checked: ${e instanceof Error ? e.message : String(e)}`, parts: [] };
    }
  }, [step.goal, world]);
  const [hint, setHint] = useState(false);
  const [solution, setSolution] = useState(false);
  useEffect(() => {
    if (check.met && !met) onMet();
  }, [check.met, met, onMet]);
  const parts = check.parts.length ? check.parts : [{ text: check.text, met: check.met }];
  return (
    <div className="goal">
      <h3>{step.kind === 'fix' ? 'Repair it' : step.kind === 'investigate' ? 'Look into it' : 'Your task'}</h3>
      <ul className="goal__parts">
        {parts.map((p, i) => (
          <li key={i} className={p.met || met ? 'is-met' : ''}>
            <span aria-hidden="true">{p.met || met ? '✓' : '○'}</span> <Inline text={p.text} />
            <span className="visually-hidden">{p.met || met ? ' (met)' : ' (not yet)'}</span>
          </li>
        ))}
      </ul>
      {met && (
        <p className="goal__met" role="status">
          Goal met.
        </p>
      )}
      <div className="goal__help">
        {step.hint && (
          <button type="button" className="btn btn--ghost" aria-expanded={hint} onClick={() => setHint(!hint)}>
            Hint
          </button>
        )}
        <button type="button" className="btn btn--ghost" aria-expanded={solution} onClick={() => setSolution(!solution)}>
          Show a solution
        </button>
      </div>
      {hint && step.hint && <Prose text={step.hint} className="goal__hint" />}
      {solution && <Solution step={step} />}
    </div>
  );
}

function Solution({ step }: { step: GoalStep }) {
  return (
    <ol className="goal__solution">
      {step.solution.map((a, i) => (
        <li key={i}>
          {a.do === 'command' ? (
            <>
              on {a.where}: <code>{a.line}</code>
            </>
          ) : a.do === 'probe' ? (
            <>
              send {a.probe.protocol} from {a.probe.from} to <code>{a.probe.to}</code>
              {a.probe.size ? ` (${a.probe.size} bytes${a.probe.df ? ', DF' : ''})` : ''}
            </>
          ) : (
            <>predict {a.prediction.verdict}</>
          )}
        </li>
      ))}
    </ol>
  );
}
