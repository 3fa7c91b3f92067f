import { useShortcutsHelp } from './help-store';

/** The "Keyboard shortcuts (?)" button: opens the same dialog as `?` (KeyboardLayer renders it). */
export function ShortcutsButton({ className = 'btn btn--ghost btn--small' }: { readonly className?: string }) {
  return (
    <button type="button" className={className} aria-haspopup="dialog" onClick={() => useShortcutsHelp.getState().show()}>
      Keyboard shortcuts (?)
    </button>
  );
}
