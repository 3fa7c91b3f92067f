/**
 * The hop list's simplification tags (simplifications.ts), loaded beside the datapath engine —
 * store/engine-runtime.ts awaits `loadHopTags()` with it — rather than with the page: a tag needs
 * a trace, and a trace needs the engine, so the list of what the lab simplifies stays out of the
 * first load (issue 9's budget) without a hop ever showing untagged.
 */
import type { Hop } from '../../engine';
import type { PlayPart } from '../playback/flatten';
import type { Simplification } from './simplifications';

type Tagger = (hop: Hop, part: PlayPart | undefined) => Simplification[];

let tagger: Tagger | null = null;
let loading: Promise<Tagger> | null = null;

export function loadHopTags(): Promise<Tagger> {
  if (tagger) return Promise.resolve(tagger);
  loading ??= import('./simplifications').then(
    (m) => (tagger = m.simplifiedAt),
    (e: unknown) => {
      loading = null; // a failed download may be asked for again, as the engine's
      throw e;
    },
  );
  return loading;
}

/** The simplifications that apply at `hop`. Throws before `loadHopTags()` resolved: a bug in the page, not in the input. */
export function hopTags(hop: Hop, part: PlayPart | undefined): Simplification[] {
  if (!tagger) throw new Error('the simplification tags are used before they have loaded');
  return tagger(hop, part);
}
