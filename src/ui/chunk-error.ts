/**
 * Whether an error is a code chunk that did not download (offline past the service worker's
 * cache, a deploy that replaced the file), as each browser words it for a failed dynamic import:
 * Chromium "Failed to fetch dynamically imported module", Firefox "error loading dynamically
 * imported module", Safari "Importing a module script failed". Trying the same import again in
 * the same page does not help — React.lazy keeps the rejection, and a browser may keep the failed
 * fetch for the document's life — so what helps is loading the page again.
 */
const CHUNK_FAILURE = /dynamically imported module|importing a module script failed/i;

export function isChunkLoadError(e: unknown): boolean {
  return e instanceof Error && CHUNK_FAILURE.test(e.message);
}
