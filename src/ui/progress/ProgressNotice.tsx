import { useProgress } from './store';

/** What happened to the stored progress (recovered, not saved), until the learner dismisses it. */
export function ProgressNotice() {
  const notice = useProgress((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="banner banner--info progress-notice" role="status">
      <p className="banner__title">{notice}</p>
      <button type="button" className="btn btn--ghost" onClick={() => useProgress.getState().dismissNotice()}>
        Dismiss
      </button>
    </div>
  );
}
