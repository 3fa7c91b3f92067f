/**
 * The canvas's fit: the whole drawing at the largest zoom up to MAX_FIT_ZOOM, but never under
 * the legible zoom (geometry.ts). A drawing too big for the canvas at that zoom is not centred
 * (that would cut both sides, the first node's start included): on that axis it starts at the
 * top-left, where the Services row and the first node are, and the rest is panned to.
 */
import { LEGIBLE_ZOOM } from './geometry';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface FitPadding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export const MAX_FIT_ZOOM = 1.2;
/** the left padding keeps the drawing clear of the zoom controls */
export const FIT_PADDING: FitPadding = { top: 16, right: 16, bottom: 16, left: 52 };

export interface Fit {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
  /** some of the drawing is off the canvas at this zoom */
  readonly overflows: boolean;
}

export function legibleFit(b: Rect, width: number, height: number, pad: FitPadding = FIT_PADDING, minZoom = LEGIBLE_ZOOM): Fit {
  const aw = Math.max(width - pad.left - pad.right, 1);
  const ah = Math.max(height - pad.top - pad.bottom, 1);
  const want = Math.min(aw / Math.max(b.width, 1), ah / Math.max(b.height, 1));
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(minZoom, want));
  const axis = (start: number, size: number, avail: number, padStart: number) =>
    size * zoom <= avail ? padStart + (avail - size * zoom) / 2 - start * zoom : padStart - start * zoom;
  return {
    x: axis(b.x, b.width, aw, pad.left),
    y: axis(b.y, b.height, ah, pad.top),
    zoom,
    overflows: b.width * zoom > aw + 0.5 || b.height * zoom > ah + 0.5,
  };
}
