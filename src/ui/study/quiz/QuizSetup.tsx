/** The quiz's start form: Practice or Exam, the filters (exam, domain, topic) and how many questions. */
import { useId, useState } from 'react';
import { DOMAINS, TOPICS, type DomainId, type Question, type TopicId } from '../../../lessons/types';
import { domainsOf, matches, type ExamFilter, type QuizFilter } from './filter';

export type QuizMode = 'practice' | 'exam';

export interface QuizSettings {
  readonly mode: QuizMode;
  readonly filter: QuizFilter;
  readonly count: number;
}

interface Props {
  readonly bank: readonly Question[];
  readonly initial: QuizSettings;
  readonly onStart: (s: QuizSettings) => void;
}

export function QuizSetup({ bank, initial, onStart }: Props) {
  const id = useId();
  const [mode, setMode] = useState<QuizMode>(initial.mode);
  const [exam, setExam] = useState<ExamFilter>(initial.filter.exam);
  const [domain, setDomain] = useState<DomainId | 'all'>(initial.filter.domain);
  const [topic, setTopic] = useState<TopicId | 'all'>(initial.filter.topic);
  const [count, setCount] = useState(initial.count);
  const filter: QuizFilter = { exam, domain, topic };
  const available = bank.filter((q) => matches(q, filter)).length;
  const n = Math.min(count, available);
  const topics = (Object.keys(TOPICS) as TopicId[]).filter((t) => bank.some((q) => q.topic === t && matches(q, { exam, domain, topic: 'all' })));

  return (
    <form
      className="quiz-setup"
      aria-label="Quiz settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (n > 0) onStart({ mode, filter, count: n });
      }}
    >
      <fieldset className="quiz-setup__mode">
        <legend>Mode</legend>
        <label className="quiz-mode">
          <input type="radio" name={`${id}-mode`} checked={mode === 'practice'} onChange={() => setMode('practice')} />
          <span>
            <strong>Practice</strong>
            <span className="hint">one question at a time, feedback and the explanation after each</span>
          </span>
        </label>
        <label className="quiz-mode">
          <input type="radio" name={`${id}-mode`} checked={mode === 'exam'} onChange={() => setMode('exam')} />
          <span>
            <strong>Exam</strong>
            <span className="hint">timed, no feedback until the end; then a score per domain and a review of every answer</span>
          </span>
        </label>
      </fieldset>

      <div className="quiz-setup__filters">
        <label htmlFor={`${id}-exam`}>Exam</label>
        <select
          id={`${id}-exam`}
          value={exam}
          onChange={(e) => {
            const next = e.target.value as ExamFilter;
            setExam(next);
            if (domain !== 'all' && !domainsOf(next).includes(domain)) setDomain('all');
          }}
        >
          <option value="all">CKA and CKS</option>
          <option value="CKA">CKA</option>
          <option value="CKS">CKS</option>
        </select>
        <label htmlFor={`${id}-domain`}>Domain</label>
        <select id={`${id}-domain`} value={domain} onChange={(e) => setDomain(e.target.value as DomainId | 'all')}>
          <option value="all">All domains</option>
          {domainsOf(exam).map((d) => (
            <option key={d} value={d}>
              {DOMAINS[d].exam}: {DOMAINS[d].title}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-topic`}>Topic</label>
        <select id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.target.value as TopicId | 'all')}>
          <option value="all">All topics</option>
          {topics.map((t) => (
            <option key={t} value={t}>
              {TOPICS[t]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-count`}>Questions</label>
        <input
          id={`${id}-count`}
          type="number"
          min={1}
          max={Math.max(1, available)}
          value={count}
          onChange={(e) => setCount(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
        />
      </div>
      <p className="hint" role="status">
        {available === 0 ? 'No question matches these filters.' : `${available} question${available === 1 ? '' : 's'} match; the quiz draws ${n}.`}
      </p>
      <button type="submit" className="btn btn--primary" disabled={n === 0}>
        {mode === 'exam' ? 'Start the exam' : 'Start practice'}
      </button>
    </form>
  );
}
