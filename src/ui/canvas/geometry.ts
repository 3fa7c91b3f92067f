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
} as const;
