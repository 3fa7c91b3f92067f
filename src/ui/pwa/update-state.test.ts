import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyUpdate, getUpdateState, offerUpdate, postponeUpdate, resetUpdateState, subscribeUpdate } from './update-state';

afterEach(() => resetUpdateState());

describe('the update prompt state', () => {
  it('starts with no update, and "Reload" does nothing without a waiting worker', async () => {
    expect(getUpdateState()).toEqual({ kind: 'none' });
    await applyUpdate();
    postponeUpdate();
    expect(getUpdateState()).toEqual({ kind: 'none' });
  });

  it('a waiting worker shows the notice; "Reload" asks it to take over, once', async () => {
    const apply = vi.fn(() => Promise.resolve());
    const seen: string[] = [];
    const off = subscribeUpdate(() => seen.push(getUpdateState().kind));
    offerUpdate(apply);
    expect(getUpdateState()).toEqual({ kind: 'ready' });
    await applyUpdate();
    await applyUpdate(); // a second click while reloading is ignored
    expect(apply).toHaveBeenCalledTimes(1);
    expect(getUpdateState()).toEqual({ kind: 'reloading' });
    off();
    expect(seen).toEqual(['ready', 'reloading']);
  });

  it('"Later" hides the notice and keeps the worker waiting; a newer version shows it again', async () => {
    const first = vi.fn(() => Promise.resolve());
    const second = vi.fn(() => Promise.resolve());
    offerUpdate(first);
    postponeUpdate();
    expect(getUpdateState()).toEqual({ kind: 'later' });
    await applyUpdate();
    expect(first).not.toHaveBeenCalled();
    offerUpdate(second);
    expect(getUpdateState()).toEqual({ kind: 'ready' });
    await applyUpdate();
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it('a failed takeover says why and can be tried again', async () => {
    const apply = vi.fn().mockRejectedValueOnce(new Error('no waiting worker')).mockResolvedValueOnce(undefined);
    offerUpdate(apply);
    await applyUpdate();
    expect(getUpdateState()).toEqual({ kind: 'failed', error: 'no waiting worker' });
    await applyUpdate();
    expect(getUpdateState()).toEqual({ kind: 'reloading' });
    expect(apply).toHaveBeenCalledTimes(2);
  });

  it('a new version arriving during a reload does not bring the notice back', async () => {
    offerUpdate(() => new Promise(() => undefined));
    void applyUpdate();
    offerUpdate(() => Promise.resolve());
    expect(getUpdateState()).toEqual({ kind: 'reloading' });
    postponeUpdate();
    expect(getUpdateState()).toEqual({ kind: 'reloading' });
  });
});
