/**
 * What the shortcuts dialog lists, in the words it uses: data only, loaded with the dialog
 * (keymap.ts holds the rules that run; keymap.test.ts checks every key it answers to is here).
 */

export interface Shortcut {
  readonly keys: readonly string[];
  readonly what: string;
}

export interface ShortcutGroup {
  readonly title: string;
  readonly shortcuts: readonly Shortcut[];
}

/** Everything the help dialog lists, in the words it uses. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Playback (anywhere on the lab page, outside text fields and the terminal)',
    shortcuts: [
      { keys: ['Space'], what: 'Play or pause the trace' },
      { keys: ['←'], what: 'Step back one hop' },
      { keys: ['→'], what: 'Step forward one hop' },
      { keys: ['Home'], what: 'Go to the first hop' },
      { keys: ['End'], what: 'Go to the last hop (shows the whole trace and the verdict)' },
      { keys: ['v'], what: 'Show the verdict now, before playback reaches the deciding hop (predict first)' },
    ],
  },
  {
    title: 'The hop list (one Tab stop)',
    shortcuts: [
      { keys: ['↑', '←'], what: 'Previous hop' },
      { keys: ['↓', '→'], what: 'Next hop' },
      { keys: ['Home', 'End'], what: 'First or last hop' },
      { keys: ['Enter', 'Space'], what: 'Select the focused hop' },
    ],
  },
  {
    title: 'Presenter mode',
    shortcuts: [
      { keys: ['p'], what: 'Enter or leave presenter mode' },
      { keys: ['Esc'], what: 'Leave presenter mode' },
      { keys: ['f'], what: 'Show or hide the faults strip' },
      { keys: ['1', '…', '9'], what: 'Toggle the fault with that number in the faults strip' },
    ],
  },
  {
    title: 'Help',
    shortcuts: [
      { keys: ['?'], what: 'Open this list' },
      { keys: ['Esc'], what: 'Close this list' },
    ],
  },
];

/** The exceptions, stated once in the dialog and kept true by actionFor. */
export const SHORTCUT_EXCEPTIONS: readonly string[] = [
  'Space on a focused button, checkbox, switch, tab, link or canvas node presses or toggles it, as it always does; elsewhere it plays or pauses.',
  'In a text field, a select, the scenario editor or the terminal, every key types as usual; press Tab or click outside to use the shortcuts again.',
  'In the drawer’s tabs, ← and → move between the tabs.',
  'With Ctrl, Alt or ⌘ held, no shortcut applies.',
];
