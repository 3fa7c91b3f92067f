/**
 * Sizes and gaps of the canvas drawing, in flow units (px at zoom 1). Cards are sized for
 * their text at CANVAS_MIN_FONT or more (styles/canvas-nodes.css): the drawing stays compact
 * so that the fitted zoom keeps every label legible instead of the text shrinking.
 */
export const G = {
  podW: 152,
  podH: 62,
  gap: 12,
  pad: 12,
  header: 36,
  vethW: 112,
  vethH: 24,
  devW: 160,
  devH: 44,
  rowGap: 56,
  colGap: 40,
  segH: 28,
  hostW: 176,
  hostH: 64,
  /** a hostNetwork pod's label inside its node, under the header */
  chipH: 22,
  chipBand: 26,
  svcW: 204,
  svcH: 78,
  /** from the Services row down to the node groups */
  svcGap: 44,
} as const;

/** The smallest font on any canvas card, in flow units (canvas-nodes.css, canvas-shapes.css). */
export const CANVAS_MIN_FONT = 13;
/** A label on screen is at least this many CSS px (WCAG-minded floor for dense UI text). */
export const LEGIBLE_PX = 11;
/** The least zoom a fit may pick: below it the smallest label would render under LEGIBLE_PX. */
export const LEGIBLE_ZOOM = LEGIBLE_PX / CANVAS_MIN_FONT;
/** Vertical gaps inside a node group: pod → host veth, veth → hub, hub → tunnels and NICs. */
export const BAND_GAP = { veth: 22, hub: 24, dev: 28 } as const;
