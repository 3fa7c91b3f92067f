import { memo } from 'react';
import type { Place } from './endpoints';

/** `<option>`s grouped as Pods / Nodes / Outside; memoised: thousands of them in a large cluster (issue 9). */
export const PlaceOptions = memo(function PlaceOptions({ places, by = 'value' }: { places: readonly Place[]; by?: 'value' | 'netnsId' }) {
  const groups = ['Pods', 'Nodes', 'Outside'] as const;
  return (
    <>
      {groups.map((g) => {
        const items = places.filter((p) => p.group === g);
        if (!items.length) return null;
        return (
          <optgroup key={g} label={g}>
            {items.map((p) => (
              <option key={p[by]} value={p[by]}>
                {p.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
});
