/**
 * What the focused element does with keys itself, read off the DOM for keymap.ts. The
 * selectors follow the native behaviour of HTML controls and the WAI-ARIA widget roles that
 * own arrow keys (APG: tabs, radio group, listbox, menu, slider, grid, tree).
 */
import type { FocusInfo } from './keymap';

/** Inputs that take typed text (a checkbox, radio or button takes no text). */
const TEXT_INPUT = 'input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset])';
/** xterm.js types through a hidden textarea inside `.xterm`; CodeMirror and the like are contenteditable. */
const TYPING = `${TEXT_INPUT}, textarea, select, [contenteditable]:not([contenteditable=false]), .xterm`;
const NATIVE_SPACE =
  'button, a[href], summary, input, [role=button], [role=checkbox], [role=switch], [role=tab], [role=radio], [role=option], [role=menuitem], .react-flow__node, .react-flow__edge';
const NATIVE_ARROWS =
  'input[type=radio], [role=tablist], [role=radiogroup], [role=listbox], [role=menu], [role=menubar], [role=slider], [role=spinbutton], [role=grid], [role=tree], [role=treegrid]';

export function focusInfo(target: EventTarget | null, doc: Document = document): FocusInfo {
  const el = target instanceof Element ? target : null;
  return {
    typing: !!el?.closest(TYPING),
    nativeSpace: !!el?.closest(NATIVE_SPACE),
    nativeArrows: !!el?.closest(NATIVE_ARROWS),
    inDialog: !!el?.closest('dialog') || !!doc.querySelector('dialog[open]'),
  };
}
