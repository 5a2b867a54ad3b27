/** Boxes as corners [x1, y1, x2, y2]. */
export type Corners = readonly [number, number, number, number];

/** Intersection over union of two corner boxes; 0 when either has no area. */
export function iou(a: Corners, b: Corners): number {
  const areaA = (a[2] - a[0]) * (a[3] - a[1]);
  const areaB = (b[2] - b[0]) * (b[3] - b[1]);
  if (areaA <= 0 || areaB <= 0) return 0;
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (areaA + areaB - inter);
}
