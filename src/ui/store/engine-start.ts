/**
 * Starts the engine's download as the page's first act (imported first by src/main.tsx, before
 * the picture of the default lab is put on screen and before React renders): the chunk then
 * downloads while the page paints. Boot asks for the same promise and says why when it fails.
 */
import { loadEngine } from './engine-runtime';

loadEngine().catch(() => undefined);
