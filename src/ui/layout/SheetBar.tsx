import { useEffect, useRef } from 'react';
import { useLabStore } from '../store/lab-store';
import { focusSheet, isPhone, sheetElement, useSheets, type SheetId } from './sheets';

// "Send a packet" (the form's heading): the form's own Send button keeps the name "Send"
const SHEETS: { id: SheetId; label: string; name?: string }[] = [
  { id: 'send', label: 'Send', name: 'Send a packet' },
  { id: 'faults', label: 'Faults' },
  { id: 'trace', label: 'Trace' },
  { id: 'tools', label: 'Tools' },
];

// the tools drawer (drawer/BottomDrawer.tsx) has no id to point at
const SHEET_ID: Partial<Record<SheetId, string>> = { send: 'sheet-send', faults: 'sheet-faults', trace: 'trace' };

/**
 * The phone's bar of sheet buttons (shown ≤ 600 px wide only, styles/layout.css): each opens
 * one panel under the canvas and moves focus into it; the same button, Close or Escape shuts
 * it and focus returns to the button. Sending a probe from the Send sheet shows the Trace.
 */
export function SheetBar() {
  const sheet = useSheets((s) => s.sheet);
  const drill = useLabStore((s) => s.drill ?? null);
  const trace = useLabStore((s) => s.trace);
  const buttons = useRef<Partial<Record<SheetId, HTMLButtonElement | null>>>({});
  const sheets = SHEETS.filter((s) => s.id !== 'faults' || drill === null);

  const open = (id: SheetId) => {
    if (id === 'tools' && !useLabStore.getState().drawerOpen) useLabStore.getState().openDrawer(useLabStore.getState().drawerTab);
    useSheets.getState().open(id);
    // after React shows the sheet
    requestAnimationFrame(() => focusSheet(id));
  };
  const close = () => {
    const was = useSheets.getState().sheet;
    useSheets.getState().close();
    if (was) buttons.current[was]?.focus();
  };

  // a probe sent from the Send sheet: its verdict and hops are what the learner wants next
  const last = useRef(trace);
  useEffect(() => {
    if (trace === last.current) return;
    last.current = trace;
    if (trace && useSheets.getState().sheet === 'send' && isPhone()) open('trace');
  });

  // Escape inside the open sheet (or on the bar) closes it, unless a control inside used the key
  useEffect(() => {
    if (!sheet) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !isPhone()) return;
      const t = e.target instanceof Node ? e.target : null;
      const inside = t && (sheetElement(sheet)?.contains(t) || document.querySelector('.sheetbar')?.contains(t));
      if (!inside) return;
      e.preventDefault();
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [sheet]);

  return (
    <nav className="sheetbar" aria-label="Panels">
      {sheets.map((s) => (
        <button
          key={s.id}
          ref={(el) => {
            buttons.current[s.id] = el;
          }}
          type="button"
          className={`sheetbar__btn${sheet === s.id ? ' is-open' : ''}`}
          aria-expanded={sheet === s.id}
          aria-controls={SHEET_ID[s.id]}
          aria-label={s.name}
          onClick={() => (sheet === s.id ? close() : open(s.id))}
        >
          {s.label}
        </button>
      ))}
      {sheet && (
        <button type="button" className="sheetbar__btn sheetbar__close" onClick={close} aria-label={`Close ${SHEETS.find((s) => s.id === sheet)?.label}`}>
          <span aria-hidden="true">✕</span>
        </button>
      )}
    </nav>
  );
}
