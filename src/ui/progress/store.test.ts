import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A Map-backed localStorage for node (the store reads it when its module loads). */
function fakeStorage(initial: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(initial));
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

async function freshStore(initial: Record<string, string>) {
  const storage = fakeStorage(initial);
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  const mod = await import('./store');
  return { storage, ...mod };
}

describe('useProgress', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('starts empty and saves every action', async () => {
    const { storage, useProgress, PROGRESS_KEY } = await freshStore({});
    expect(useProgress.getState().notice).toBeNull();
    useProgress.getState().lessonReached('dns', 'a');
    useProgress.getState().stepDone('dns', 'a', 0.5);
    useProgress.getState().addCard('quiz:q1');
    expect(JSON.parse(storage.getItem(PROGRESS_KEY)!)).toMatchObject({
      version: 1,
      lessons: { dns: { step: 'a', done: { a: 0.5 } } },
      extraCards: ['quiz:q1'],
    });
  });

  it('keeps unreadable stored text under a backup key and says where', async () => {
    const { storage, useProgress, PROGRESS_KEY, PROGRESS_BACKUP_PREFIX } = await freshStore({ 'podpath.progress': '{oops' });
    const backups = Array.from({ length: storage.length }, (_, i) => storage.key(i)!).filter((k) => k.startsWith(PROGRESS_BACKUP_PREFIX));
    expect(backups).toHaveLength(1);
    expect(storage.getItem(backups[0])).toBe('{oops');
    expect(useProgress.getState().notice).toContain(backups[0]);
    // the recovered progress replaced it, so the next load is clean
    expect(JSON.parse(storage.getItem(PROGRESS_KEY)!).version).toBe(1);
  });

  it('an import that fails changes nothing', async () => {
    const stored = JSON.stringify({ version: 1, lessons: { dns: { step: 'a', done: {} } } });
    const { storage, useProgress, PROGRESS_KEY } = await freshStore({ 'podpath.progress': stored });
    const before = useProgress.getState().progress;
    expect(useProgress.getState().importFile('{"format":"podpath-progress","progress":{"quiz":[1]}}')).toMatchObject({ ok: false });
    expect(useProgress.getState().progress).toBe(before);
    expect(storage.getItem(PROGRESS_KEY)).toBe(stored);
  });
});
