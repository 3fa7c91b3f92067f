import type { ITheme, Terminal } from '@xterm/xterm';

/** Matches the lab's dark theme (styles/theme.css). */
export const TERMINAL_THEME: ITheme = {
  background: '#0b1018',
  foreground: '#dbe4ee',
  cursor: '#ffd166',
  selectionBackground: '#2d4a6e',
  green: '#4ade80',
  red: '#f87171',
  yellow: '#fbbf24',
  blue: '#60a5fa',
  brightBlack: '#8b9bb0',
};

let cellWidth = 0;

function measureCell(font: string): number {
  if (cellWidth) return cellWidth;
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return 8;
  ctx.font = font;
  cellWidth = ctx.measureText('W'.repeat(20)).width / 20 || 8;
  return cellWidth;
}

/** Sizes the terminal grid to its box (what @xterm/addon-fit does, without the extra package). */
export function fitTerminal(t: Terminal, box: HTMLElement): void {
  const size = t.options.fontSize ?? 13;
  const w = measureCell(`${size}px ${t.options.fontFamily ?? 'monospace'}`);
  const h = Math.ceil(size * 1.2);
  const cols = Math.max(20, Math.floor((box.clientWidth - 16) / w));
  const rows = Math.max(4, Math.floor((box.clientHeight - 8) / h));
  if (cols !== t.cols || rows !== t.rows) t.resize(cols, rows);
}
