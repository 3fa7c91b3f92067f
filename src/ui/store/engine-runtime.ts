/**
 * The datapath engine, loaded after the page's first paint: the top bar and the canvas frame
 * come with the first load, the engine (cluster building, the walk, the programs that write
 * the tables) arrives as its own chunk. Everything that builds a lab or runs a probe goes
 * through `engine()`, which the page calls only once `loadEngine()` has resolved (main.tsx
 * renders the lab after it). Tests load it in src/ui/test-setup.ts.
 */
import { loadSamples } from './sample-data';
import { loadHopTags } from '../simplifications/hop-tags';

type Engine = typeof import('../../engine');

let loaded: Engine | null = null;
let loading: Promise<Engine> | null = null;

export function loadEngine(): Promise<Engine> {
  if (loaded) return Promise.resolve(loaded);
  if (!loading) {
    // the bundled samples come beside it, and the hop list's simplification tags: the lab they serve cannot open before the engine anyway
    const lab = Promise.all([import('../../engine'), loadSamples()]);
    loading = Promise.all([lab, loadHopTags()]).then(
      ([[m]]) => (loaded = m),
      (e: unknown) => {
        // a failed download (offline, a deploy replaced the chunk) may be asked for again; a browser that keeps the
        // failed import for the page's life fails again at once, so Boot's "Try again" reloads the page instead
        loading = null;
        throw e;
      },
    );
  }
  return loading;
}

/** The loaded engine. Throws when called before `loadEngine()` resolved: a bug in the page, not in the input. */
export function engine(): Engine {
  if (!loaded) throw new Error('the datapath engine is used before it has loaded');
  return loaded;
}
