/**
 * The lab page's keyboard shortcuts as data, and the pure decision of which one a key press
 * means. The DOM side (useLabShortcuts.ts) only describes the focused element; what a key does
 * is decided here, so the rules the help dialog states are the rules that run.
 *
 * Following the WAI-ARIA Authoring Practices "Keyboard interface" guidance: single-key
 * shortcuts never fire while typing in a text field, and keys a focused control uses itself
 * (Space on a button, arrows in a tab list) keep their native meaning.
 */

export type ShortcutAction =
  | 'toggle-play'
  | 'step-back'
  | 'step-forward'
  | 'first-hop'
  | 'last-hop'
  /** predict first: the verdict shows now, wherever playback is (VerdictPanel's "Show verdict now") */
  | 'show-verdict'
  | 'help'
  | 'presenter'
  | 'leave-presenter'
  /** presenter mode only: the faults strip folds or unfolds */
  | 'faults-strip'
  /** presenter mode only: `1`…`9` toggle the faults strip's entries 0…8 */
  | { readonly fault: number };

/** What the focused element does with keys itself (useLabShortcuts.ts reads it off the DOM). */
export interface FocusInfo {
  /** a text field, select, contenteditable or the terminal: no single-key shortcut applies */
  readonly typing: boolean;
  /** Space presses or toggles it (a button, checkbox, switch, tab, link, canvas node) */
  readonly nativeSpace: boolean;
  /** arrows, Home and End move inside it (a tab list, radio group, listbox, slider…) */
  readonly nativeArrows: boolean;
  /** a modal dialog is open: it owns the keyboard (Escape closes it) */
  readonly inDialog: boolean;
}

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** another handler (the hop list, the drawer's tabs) already used the key */
  readonly defaultPrevented: boolean;
}

/** The action a key press means on the lab page, or null when it is not a shortcut here. */
export function actionFor(e: KeyPress, focus: FocusInfo, presenter: boolean): ShortcutAction | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || focus.inDialog || focus.typing) return null;
  switch (e.key) {
    case ' ':
      return focus.nativeSpace ? null : 'toggle-play';
    case 'ArrowLeft':
      return focus.nativeArrows ? null : 'step-back';
    case 'ArrowRight':
      return focus.nativeArrows ? null : 'step-forward';
    case 'Home':
      return focus.nativeArrows ? null : 'first-hop';
    case 'End':
      return focus.nativeArrows ? null : 'last-hop';
    case 'v':
    case 'V':
      return 'show-verdict';
    case '?':
      return 'help';
    case 'p':
    case 'P':
      return 'presenter';
    case 'Escape':
      return presenter ? 'leave-presenter' : null;
    case 'f':
    case 'F':
      return presenter ? 'faults-strip' : null;
    default:
      return presenter && /^[1-9]$/.test(e.key) ? { fault: Number(e.key) - 1 } : null;
  }
}
