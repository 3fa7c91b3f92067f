/** `/lessons`: every lesson with the learner's progress in it, and the progress file controls. */
import { DOMAINS, TOPICS } from '../../lessons/types';
import { useProgress } from '../progress/store';
import { ProgressNotice } from '../progress/ProgressNotice';
import { ProgressFileControls } from '../progress/ProgressFileControls';
import { onLink } from '../nav/MainNav';
import { routePath } from '../nav/route';
import { LESSONS } from './content';
import './lesson.css';

export default function LessonsPage() {
  const lessons = useProgress((s) => s.progress.lessons);
  return (
    <div className="lessons-page">
      <ProgressNotice />
      <h1>Lessons</h1>
      <p className="lessons-page__lead">
        Each lesson runs in the lab: you send packets, predict where they go, look with the terminal and repair what is broken.
      </p>
      {LESSONS.length === 0 ? (
        <p role="status">No lessons are part of this build yet.</p>
      ) : (
        <ol className="lesson-list">
          {LESSONS.map((l) => {
            const p = lessons[l.id];
            const done = p ? l.steps.filter((s) => s.id in p.done).length : 0;
            const total = l.steps.length;
            const path = routePath({ page: 'lesson', lesson: l.id, step: null });
            const action = done === 0 && !p ? 'Start' : done === total ? 'Review' : 'Continue';
            return (
              <li key={l.id} className="lesson-card">
                <h2>
                  <a href={path} onClick={(e) => onLink(e, path)}>
                    {l.title}
                  </a>
                </h2>
                <p>{l.summary}</p>
                <p className="lesson-card__meta">
                  {TOPICS[l.topic]} · {l.domains.map((d) => `${DOMAINS[d].exam}: ${DOMAINS[d].title}`).join(' · ')} · about {l.minutes} min
                </p>
                <div className="lesson-card__foot">
                  <progress max={total} value={done} aria-label={`${l.title}: ${done} of ${total} steps done`} />
                  <span>
                    {done} of {total} steps done
                  </span>
                  <a className="btn" href={path} onClick={(e) => onLink(e, path)} aria-label={`${action} ${l.title}`}>
                    {action}
                  </a>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <ProgressFileControls />
    </div>
  );
}
