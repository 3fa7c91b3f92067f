/**
 * Resolves once the canvas has drawn its first node (React Flow shows a node after measuring
 * it), or after MAX_WAIT_MS: a lazy panel that is open at startup (the Details tab runs the
 * engine CLI, ~40 kB gzip of it) then downloads and compiles after the lab is on screen instead
 * of competing with the canvas for the main thread (issue 9, time to the first node).
 */
const MAX_WAIT_MS = 3000;

let drawn: Promise<void> | null = null;

function canvasHasDrawn(): boolean {
  for (const n of document.querySelectorAll('.react-flow__node')) if (getComputedStyle(n).visibility !== 'hidden') return true;
  return false;
}

export function afterFirstDraw(): Promise<void> {
  if (typeof document === 'undefined' || typeof requestAnimationFrame === 'undefined') return Promise.resolve();
  drawn ??= new Promise((resolve) => {
    const start = performance.now();
    const tick = () => {
      // a task after the frame: the drawn frame is painted before the panel's chunk is compiled
      if (canvasHasDrawn() || performance.now() - start > MAX_WAIT_MS) setTimeout(resolve, 0);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return drawn;
}
