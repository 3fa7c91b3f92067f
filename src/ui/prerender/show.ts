/**
 * The first thing the page runs (imported first by src/main.tsx): when index.html carries the
 * build's picture of the default lab (scripts/prerender.ts) and this visit opens that same lab,
 * the picture goes on screen at once, so the canvas is there before React, the engine and the
 * layout have run. It is a picture laid over the page: inert (a click or a key reaches the live
 * page under it) and hidden from assistive technology (the live page's own status says it is
 * loading). It leaves once the live canvas has drawn and fitted its first node — not when React
 * first renders, which would leave the canvas blank while React Flow measures — or as soon as
 * the live page shows a crash message, or after MAX_WAIT_MS whatever happens.
 *
 * Not for another route (lessons, cards…), a share link (`#…` opens another lab or moment), or
 * the phone layout (layout/sheets.ts): those wait for the live page. The drawing is refitted to
 * this window's canvas with the live canvas's own fit (canvas/fit.ts), so nothing moves when
 * the picture leaves.
 */
import { legibleFit, type Rect } from '../canvas/fit';
import { isPhone } from '../layout/sheets';
import { PICTURE_ID, TEMPLATE_ID } from './ids';
import { savedShare, splitRows } from '../layout/trace-split-share';

/** the live page is late past this: its own loading status is better than a picture that does nothing */
const MAX_WAIT_MS = 20_000;
/** frames after the live canvas's first drawn node: its fit is set a frame after React Flow measured (Topology.tsx) */
const SETTLE_FRAMES = 2;

export interface Visit {
  readonly pathname: string;
  readonly hash: string;
  readonly search: string;
  /** the phone layout applies (layout/sheets.ts PHONE_QUERY) */
  readonly phone: boolean;
  readonly base: string;
}

/** Whether this visit opens the lab the picture shows: the app's root, no link state, not the phone layout. */
export function opensDefaultLab(v: Visit): boolean {
  const root = v.base.endsWith('/') ? v.base : `${v.base}/`;
  return (v.pathname === root || `${v.pathname}/` === root) && v.hash === '' && v.search === '' && !v.phone;
}

/** The drawing's bounds as the build wrote them; null when missing or not four finite numbers with a size. */
export function parseBounds(text: string | undefined): Rect | null {
  if (!text) return null;
  try {
    const b = JSON.parse(text) as Partial<Rect> | null;
    if (!b || ![b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
    return b.width! > 0 && b.height! > 0 ? (b as Rect) : null;
  } catch {
    return null;
  }
}

const drawn = (n: Element) => n.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && n.getBoundingClientRect().width > 0;

/** Removes the picture once the live page under it can stand alone. */
function leaveWhenLive(picture: HTMLElement, root: HTMLElement): void {
  const start = performance.now();
  let settle = -1;
  // a live collection: looking costs nothing until the live canvas has nodes (checkVisibility computes style)
  const liveNodes = root.getElementsByClassName('react-flow__node');
  const tick = () => {
    if (settle < 0 && liveNodes.length > 0 && [...liveNodes].some(drawn)) settle = SETTLE_FRAMES;
    // Boot's "could not be loaded" and an error boundary's message (ErrorBoundary.tsx)
    const failed = root.querySelector('.crash') !== null;
    if (settle === 0 || failed || performance.now() - start > MAX_WAIT_MS) {
      picture.remove();
      return;
    }
    if (settle > 0) settle--;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function show(): boolean {
  const template = document.getElementById(TEMPLATE_ID);
  const root = document.getElementById('root');
  if (!(template instanceof HTMLTemplateElement) || !root) return false;
  const visit = { pathname: location.pathname, hash: location.hash, search: location.search, phone: isPhone(), base: import.meta.env.BASE_URL };
  if (!opensDefaultLab(visit)) return false;
  const picture = document.createElement('div');
  picture.id = PICTURE_ID;
  picture.className = 'prerendered';
  picture.setAttribute('aria-hidden', 'true');
  picture.inert = true;
  picture.append(template.content.cloneNode(true));
  document.body.append(picture);
  // the splitter where the learner left it, as the live trace column will have it
  const split = picture.querySelector<HTMLElement>('.trace-split');
  if (split) split.style.gridTemplateRows = splitRows(savedShare());
  // this window's canvas, not the build's 1280×800 one: the same fit the live canvas will make
  const flow = picture.querySelector<HTMLElement>('.react-flow');
  const viewport = picture.querySelector<HTMLElement>('.react-flow__viewport');
  const bounds = parseBounds(template.dataset.bounds);
  if (flow && viewport && bounds) {
    const f = legibleFit(bounds, flow.clientWidth, flow.clientHeight);
    viewport.style.transform = `translate(${f.x}px, ${f.y}px) scale(${f.zoom})`;
    // the canvas shows its minimap only on a drawing that does not fit (Topology.tsx): it fitted at 1280
    if (!f.overflows) picture.querySelector('.react-flow__minimap')?.remove();
  }
  leaveWhenLive(picture, root);
  return true;
}

if (typeof document !== 'undefined') show();
