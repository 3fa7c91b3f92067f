import { useShortcutsHelp } from './help-store';

/** The "Shortcuts (?)" button: opens the same dialog as `?` (KeyboardLayer renders it). Short, so the laptop top bar keeps it on two lines at most. */
export function ShortcutsButton({ className = 'btn btn--ghost btn--small' }: { readonly className?: string }) {
  return (
    <button type="button" className={className} aria-haspopup="dialog" title="Keyboard shortcuts (press ?)" onClick={() => useShortcutsHelp.getState().show()}>
      Shortcuts (?)
    </button>
  );
}
