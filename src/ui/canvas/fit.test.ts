import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FIT_PADDING, MAX_FIT_ZOOM, legibleFit } from './fit';
import { LEGIBLE_ZOOM } from './geometry';

const pad = FIT_PADDING;

describe('legibleFit', () => {
  it('centres a drawing that fits, at the zoom that fills the canvas', () => {
    const f = legibleFit({ x: 0, y: 0, width: 400, height: 200 }, 400 + pad.left + pad.right, 600);
    expect(f.zoom).toBe(1);
    expect(f.overflows).toBe(false);
    expect(f.x).toBe(pad.left);
    expect(f.y).toBeCloseTo(pad.top + (600 - pad.top - pad.bottom - 200) / 2);
  });

  it('never zooms out past the legible zoom: a big drawing starts at its top-left corner', () => {
    const f = legibleFit({ x: -20, y: -120, width: 1400, height: 700 }, 684, 456);
    expect(f.zoom).toBe(LEGIBLE_ZOOM);
    expect(f.overflows).toBe(true);
    expect(f.x).toBeCloseTo(pad.left + 20 * LEGIBLE_ZOOM);
    expect(f.y).toBeCloseTo(pad.top + 120 * LEGIBLE_ZOOM);
  });

  it('zooms no closer than MAX_FIT_ZOOM on a tiny drawing', () => {
    expect(legibleFit({ x: 0, y: 0, width: 50, height: 50 }, 1000, 1000).zoom).toBe(MAX_FIT_ZOOM);
  });

  it('keeps the zoom legible and the drawing start on screen, whatever the sizes', () => {
    fc.assert(
      fc.property(
        fc.record({
          x: fc.integer({ min: -500, max: 500 }),
          y: fc.integer({ min: -500, max: 500 }),
          width: fc.integer({ min: 1, max: 5000 }),
          height: fc.integer({ min: 1, max: 5000 }),
        }),
        fc.integer({ min: 100, max: 3000 }),
        fc.integer({ min: 100, max: 2000 }),
        (b, w, h) => {
          const f = legibleFit(b, w, h);
          expect(f.zoom).toBeGreaterThanOrEqual(LEGIBLE_ZOOM);
          expect(f.zoom).toBeLessThanOrEqual(MAX_FIT_ZOOM);
          // the drawing's left and top edges are never off the canvas
          expect(b.x * f.zoom + f.x).toBeGreaterThanOrEqual(pad.left - 1e-6);
          expect(b.y * f.zoom + f.y).toBeGreaterThanOrEqual(pad.top - 1e-6);
          // and when nothing overflows, its right and bottom edges are inside too
          if (!f.overflows) {
            expect((b.x + b.width) * f.zoom + f.x).toBeLessThanOrEqual(w - pad.right + 1);
            expect((b.y + b.height) * f.zoom + f.y).toBeLessThanOrEqual(h - pad.bottom + 1);
          }
        },
      ),
    );
  });
});
