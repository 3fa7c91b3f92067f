/** Sizes and gaps of the canvas drawing, in flow units (px at zoom 1). */
export const G = {
  podW: 168,
  podH: 66,
  gap: 16,
  pad: 16,
  header: 44,
  vethW: 120,
  vethH: 26,
  devW: 168,
  devH: 42,
  rowGap: 70,
  colGap: 56,
  segH: 30,
  hostW: 176,
  hostH: 66,
  /** a hostNetwork pod's label inside its node, under the header */
  chipH: 20,
  chipBand: 24,
  svcW: 204,
  svcH: 74,
  /** from the Services row down to the node groups */
  svcGap: 64,
} as const;
