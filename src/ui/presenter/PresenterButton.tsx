import { useLabStore } from '../store/lab-store';

/** The top bar's presenter mode switch (the `p` key does the same; Escape leaves). */
export function PresenterButton() {
  const on = useLabStore((s) => s.presenter);
  return (
    <button
      type="button"
      className={`btn btn--ghost${on ? ' is-active' : ''}`}
      aria-pressed={on}
      title={on ? 'Leave presenter mode (p or Esc)' : 'Presenter mode: large type for a projector (p)'}
      onClick={() => useLabStore.getState().setPresenter(!on)}
    >
      Presenter mode
    </button>
  );
}
