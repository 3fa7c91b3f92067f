/**
 * The same array for the same content (issue 9, "Large clusters stay responsive"). The send form
 * and the Details picker list every pod: 2,000 `<option>`s each at 2,000 pods. A probe or a fault
 * toggle builds a new lab, so these lists are rebuilt as new arrays holding the same places; handed
 * the previous array back, a memoised `<select>` or `<datalist>` skips its render and React leaves
 * those elements alone.
 */
export function stableList<T>(keyOf: (item: T) => string): (list: readonly T[]) => readonly T[] {
  let last: { readonly key: string; readonly list: readonly T[] } | undefined;
  return (list) => {
    // one string compare instead of thousands of renders; '\u0000' is in no label
    const key = list.map(keyOf).join('\u0000');
    if (last && last.key === key) return last.list;
    last = { key, list };
    return list;
  };
}
