import type { UpdateState } from './update-state';
import './update-notice.css';

export interface UpdateNoticeProps {
  readonly state: Exclude<UpdateState, { kind: 'none' } | { kind: 'later' }>;
  readonly onReload: () => void;
  readonly onLater: () => void;
}

/**
 * A small, non-modal notice that a new version is downloaded and waiting. Nothing changes
 * until the learner picks "Reload" (the lab restarts on the new code; the lesson progress is
 * in localStorage and survives) — "Later" keeps this version running.
 */
export default function UpdateNotice({ state, onReload, onLater }: UpdateNoticeProps) {
  const reloading = state.kind === 'reloading';
  return (
    <div className="update-notice" role="status">
      <p className="update-notice__title">A new version of podpath is ready</p>
      <p className="update-notice__detail">
        {reloading
          ? 'Starting the new version…'
          : state.kind === 'failed'
            ? `The new version could not start: ${state.error}`
            : 'Reload to use it; your lesson progress is kept.'}
      </p>
      <div className="update-notice__actions">
        <button type="button" className="btn btn--primary btn--small" onClick={onReload} disabled={reloading}>
          Reload
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={onLater} disabled={reloading}>
          Later
        </button>
      </div>
    </div>
  );
}
