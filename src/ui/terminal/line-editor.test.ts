import { describe, expect, it } from 'vitest';
import { applyKey, emptyLine, redraw, submitted, type LineState } from './line-editor';

function type(s: LineState, ...keys: string[]): LineState {
  return keys.reduce((st, k) => applyKey(st, k).state, s);
}

describe('line editor', () => {
  it('inserts at the cursor, moves and deletes', () => {
    let s = type(emptyLine(), 'i', 'p', ' ', 'r', 'o', 'u', 't', 'e');
    expect(s.line).toBe('ip route');
    s = type(s, '\x1b[D', '\x1b[D', '\x7f');
    expect(s).toMatchObject({ line: 'ip rote', cursor: 5 });
    s = type(s, '\x01');
    expect(s.cursor).toBe(0);
    s = type(s, '\x05', '\x15');
    expect(s).toMatchObject({ line: '', cursor: 0 });
  });

  it('submits on Enter and keeps history without duplicates', () => {
    let s = type(emptyLine(), 'l', 's');
    expect(applyKey(s, '\r').event).toEqual({ kind: 'submit', line: 'ls' });
    s = submitted(s);
    s = submitted(type(s, 'l', 's'));
    expect(s.history).toEqual(['ls']);
  });

  it('browses history with up/down and restores the draft', () => {
    let s: LineState = { ...emptyLine(['ip addr', 'ip route']) };
    s = type(s, 'p', 'i');
    s = type(s, '\x1b[A');
    expect(s.line).toBe('ip route');
    s = type(s, '\x1b[A', '\x1b[A');
    expect(s.line).toBe('ip addr');
    s = type(s, '\x1b[B', '\x1b[B');
    expect(s.line).toBe('pi');
  });

  it('reports Tab, Ctrl-C, Ctrl-L and Esc as events', () => {
    expect(applyKey(emptyLine(), '\t').event.kind).toBe('complete');
    expect(applyKey(type(emptyLine(), 'x'), '\x03')).toMatchObject({ state: { line: '' }, event: { kind: 'cancel' } });
    expect(applyKey(emptyLine(), '\x0c').event.kind).toBe('clear');
    expect(applyKey(emptyLine(), '\x1b').event.kind).toBe('leave');
  });

  it('submits the first line of pasted text and drops control characters', () => {
    expect(applyKey(emptyLine(), 'ip\tlink\nrm -rf /').event).toEqual({ kind: 'submit', line: 'iplink' });
  });

  it('redraws the prompt with the cursor in place', () => {
    const s = type(emptyLine(), 'a', 'b', 'c', '\x1b[D');
    expect(redraw('$ ', s)).toBe('\r\x1b[2K$ abc\x1b[1D');
  });
});
