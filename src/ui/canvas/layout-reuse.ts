/**
 * Keeps the canvas's node and edge objects when a new layout draws them the same. A fault
 * toggle or an MTU edit makes a new cluster, so a new layout whose cards are almost all equal to
 * the last one's; handing React Flow the previous object for each unchanged card lets it skip
 * that card (it compares by identity) instead of re-rendering and re-measuring every one. Equal
 * means equal JSON (layout records are plain data), so a reused object is always right.
 */

interface Keyed {
  readonly id: string;
}

export function reuser<T extends Keyed>(): (next: T[]) => T[] {
  let last = new Map<string, { json: string; obj: T }>();
  return (next) => {
    const seen = new Map<string, { json: string; obj: T }>();
    const out = next.map((n) => {
      const json = JSON.stringify(n);
      const prev = last.get(n.id);
      const obj = prev && prev.json === json ? prev.obj : n;
      seen.set(n.id, { json, obj });
      return obj;
    });
    last = seen;
    return out;
  };
}
