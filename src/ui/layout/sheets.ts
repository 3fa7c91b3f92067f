/**
 * Which panel is open as a sheet on a phone (styles/layout.css, ≤ 600 px wide): the canvas
 * fills the screen and the send form, the faults, the trace and the tools open one at a time
 * under it. On a wider screen every panel is on screen and this state is not read.
 */
import { create } from 'zustand';

export type SheetId = 'send' | 'faults' | 'trace' | 'tools';

export const PHONE_QUERY = '(max-width: 600px)';

export const isPhone = (): boolean => typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches;

interface SheetState {
  readonly sheet: SheetId | null;
  open(id: SheetId): void;
  close(): void;
}

export const useSheets = create<SheetState>()((set) => ({
  sheet: null,
  open: (id) => set({ sheet: id }),
  close: () => set({ sheet: null }),
}));

/** The element a sheet shows (App.tsx marks the parts of the left column with data-sheet-part). */
export function sheetElement(id: SheetId): HTMLElement | null {
  if (id === 'trace') return document.getElementById('trace');
  if (id === 'tools') return document.querySelector<HTMLElement>('.app > .drawer');
  return document.querySelector<HTMLElement>(`[data-sheet-part="${id}"]`);
}

const FOCUSABLE = 'button:not(:disabled), select:not(:disabled), input:not(:disabled), textarea:not(:disabled), a[href], [tabindex="0"]';

/** Moves focus into an opened sheet: its first control, else the sheet itself. */
export function focusSheet(id: SheetId): void {
  const el = sheetElement(id);
  if (!el) return;
  const first = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].find((x) => x.offsetParent !== null);
  if (first) return first.focus();
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}
