/**
 * The terminal's line discipline, as plain data: xterm delivers keystrokes (`onData`), this
 * turns them into an edited line, history moves and completions. Pure, so it is unit-tested
 * without a DOM; TerminalPanel only writes what it returns.
 */

export interface LineState {
  readonly line: string;
  readonly cursor: number;
  readonly history: readonly string[];
  /** index into history while browsing; history.length = the line being typed */
  readonly histIndex: number;
  /** what was typed before browsing history */
  readonly draft: string;
}

export const emptyLine = (history: readonly string[] = []): LineState => ({ line: '', cursor: 0, history, histIndex: history.length, draft: '' });

export type LineEvent =
  | { readonly kind: 'edit' }
  | { readonly kind: 'submit'; readonly line: string }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'complete' }
  | { readonly kind: 'leave' }
  | { readonly kind: 'none' };

const MAX_HISTORY = 200;

function insert(s: LineState, text: string): LineState {
  const clean = [...text].filter((c) => c >= ' ' && c !== '\x7f').join('');
  return { ...s, line: s.line.slice(0, s.cursor) + clean + s.line.slice(s.cursor), cursor: s.cursor + clean.length };
}

function browse(s: LineState, to: number): LineState {
  if (to < 0 || to > s.history.length || to === s.histIndex) return s;
  const draft = s.histIndex === s.history.length ? s.line : s.draft;
  const line = to === s.history.length ? draft : s.history[to];
  return { ...s, histIndex: to, draft, line, cursor: line.length };
}

export function submitted(s: LineState): LineState {
  const l = s.line.trim();
  const history = l && s.history[s.history.length - 1] !== l ? [...s.history, l].slice(-MAX_HISTORY) : s.history;
  return emptyLine(history);
}

/** Applies one `onData` chunk (a key, an escape sequence, or pasted text). */
export function applyKey(s: LineState, data: string): { state: LineState; event: LineEvent } {
  switch (data) {
    case '\r':
      return { state: s, event: { kind: 'submit', line: s.line } };
    case '\x7f':
    case '\b':
      if (s.cursor === 0) return { state: s, event: { kind: 'none' } };
      return { state: { ...s, line: s.line.slice(0, s.cursor - 1) + s.line.slice(s.cursor), cursor: s.cursor - 1 }, event: { kind: 'edit' } };
    case '\x1b[3~':
      return { state: { ...s, line: s.line.slice(0, s.cursor) + s.line.slice(s.cursor + 1) }, event: { kind: 'edit' } };
    case '\x1b[A':
      return { state: browse(s, s.histIndex - 1), event: { kind: 'edit' } };
    case '\x1b[B':
      return { state: browse(s, s.histIndex + 1), event: { kind: 'edit' } };
    case '\x1b[D':
      return { state: { ...s, cursor: Math.max(0, s.cursor - 1) }, event: { kind: 'edit' } };
    case '\x1b[C':
      return { state: { ...s, cursor: Math.min(s.line.length, s.cursor + 1) }, event: { kind: 'edit' } };
    case '\x1b[H':
    case '\x01':
      return { state: { ...s, cursor: 0 }, event: { kind: 'edit' } };
    case '\x1b[F':
    case '\x05':
      return { state: { ...s, cursor: s.line.length }, event: { kind: 'edit' } };
    case '\x15':
      return { state: { ...s, line: s.line.slice(s.cursor), cursor: 0 }, event: { kind: 'edit' } };
    case '\x03':
      return { state: emptyLine(s.history), event: { kind: 'cancel' } };
    case '\x0c':
      return { state: s, event: { kind: 'clear' } };
    case '\t':
      return { state: s, event: { kind: 'complete' } };
    case '\x1b':
      return { state: s, event: { kind: 'leave' } };
  }
  if (data.startsWith('\x1b')) return { state: s, event: { kind: 'none' } };
  // pasted text: a newline submits what came before it (later lines are dropped, as a safety)
  const nl = data.search(/[\r\n]/);
  if (nl >= 0) {
    const st = insert(s, data.slice(0, nl));
    return { state: st, event: { kind: 'submit', line: st.line } };
  }
  return { state: insert(s, data), event: { kind: 'edit' } };
}

/** Escape sequence that redraws the prompt and line with the cursor in place. */
export function redraw(prompt: string, s: LineState): string {
  const back = s.line.length - s.cursor;
  return `\r\x1b[2K${prompt}${s.line}${back > 0 ? `\x1b[${back}D` : ''}`;
}
