import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { actionFor, type FocusInfo, type KeyPress } from './keymap';
import { SHORTCUT_GROUPS } from './shortcuts';

const body: FocusInfo = { typing: false, nativeSpace: false, nativeArrows: false, inDialog: false };
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  ...more,
});

describe('actionFor', () => {
  it('maps the playback keys outside any control', () => {
    expect(actionFor(press(' '), body, false)).toBe('toggle-play');
    expect(actionFor(press('ArrowLeft'), body, false)).toBe('step-back');
    expect(actionFor(press('ArrowRight'), body, false)).toBe('step-forward');
    expect(actionFor(press('Home'), body, false)).toBe('first-hop');
    expect(actionFor(press('End'), body, false)).toBe('last-hop');
    expect(actionFor(press('v'), body, false)).toBe('show-verdict');
    expect(actionFor(press('v'), body, true)).toBe('show-verdict');
    expect(actionFor(press('?'), body, false)).toBe('help');
    expect(actionFor(press('p'), body, false)).toBe('presenter');
  });

  it('leaves Space to a focused button or checkbox, and the arrows to a tab list', () => {
    expect(actionFor(press(' '), { ...body, nativeSpace: true }, false)).toBeNull();
    expect(actionFor(press('ArrowRight'), { ...body, nativeSpace: true }, false)).toBe('step-forward');
    for (const k of ['ArrowLeft', 'ArrowRight', 'Home', 'End']) expect(actionFor(press(k), { ...body, nativeArrows: true }, false)).toBeNull();
    expect(actionFor(press(' '), { ...body, nativeArrows: true }, false)).toBe('toggle-play');
  });

  it('Escape, f and the digits belong to presenter mode only', () => {
    expect(actionFor(press('Escape'), body, false)).toBeNull();
    expect(actionFor(press('Escape'), body, true)).toBe('leave-presenter');
    expect(actionFor(press('f'), body, false)).toBeNull();
    expect(actionFor(press('f'), body, true)).toBe('faults-strip');
    expect(actionFor(press('3'), body, false)).toBeNull();
    expect(actionFor(press('3'), body, true)).toEqual({ fault: 2 });
    expect(actionFor(press('0'), body, true)).toBeNull();
  });

  it('no key is a shortcut while typing, in a dialog, with a modifier or once another handler took it', () => {
    const keys = fc.constantFrom(' ', 'ArrowLeft', 'ArrowRight', 'Home', 'End', '?', 'p', 'f', 'v', 'Escape', '1', '9', 'a');
    const blocked = fc.oneof(
      fc.constant<[Partial<KeyPress>, Partial<FocusInfo>]>([{}, { typing: true }]),
      fc.constant<[Partial<KeyPress>, Partial<FocusInfo>]>([{}, { inDialog: true }]),
      fc.constant<[Partial<KeyPress>, Partial<FocusInfo>]>([{ ctrlKey: true }, {}]),
      fc.constant<[Partial<KeyPress>, Partial<FocusInfo>]>([{ metaKey: true }, {}]),
      fc.constant<[Partial<KeyPress>, Partial<FocusInfo>]>([{ altKey: true }, {}]),
      fc.constant<[Partial<KeyPress>, Partial<FocusInfo>]>([{ defaultPrevented: true }, {}]),
    );
    fc.assert(
      fc.property(keys, blocked, fc.boolean(), (key, [e, f], presenter) => {
        expect(actionFor(press(key, e), { ...body, ...f }, presenter)).toBeNull();
      }),
    );
  });

  it('the help lists every key actionFor answers to', () => {
    const listed = new Set(SHORTCUT_GROUPS.flatMap((g) => g.shortcuts.flatMap((s) => s.keys)));
    const names: Record<string, string> = { ' ': 'Space', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' };
    for (const key of [' ', 'ArrowLeft', 'ArrowRight', 'Home', 'End', '?', 'p', 'f', 'v', 'Escape', '1', '9'])
      if (actionFor(press(key), body, true) !== null) expect(listed, key).toContain(names[key] ?? key);
  });
});
