/**
 * For UI unit tests: loads the datapath engine and creates the lab store, as main.tsx does
 * before it renders the page. Import it first in a test that builds labs or uses the store.
 */
import { loadEngine } from './store/engine-runtime';
import { bootLabStore } from './store/lab-store';

await loadEngine();
bootLabStore();
