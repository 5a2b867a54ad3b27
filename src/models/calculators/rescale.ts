import type { Box } from '../../tasks/detection/types.js';
import type { InputTransform } from './letterbox.js';
import type { Corners } from './iou.js';

/** Centre/size box → corners. */
export function cxcywhToCorners(cx: number, cy: number, w: number, h: number): Corners {
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

/**
 * Corners in network-input pixels → COCO [x, y, w, h] in original image pixels, undoing the
 * letterbox/stretch and clipping to the image.
 */
export function toOriginalBox(c: Corners, t: InputTransform): Box {
  const clipX = (v: number) => Math.min(Math.max(v, 0), t.width);
  const clipY = (v: number) => Math.min(Math.max(v, 0), t.height);
  const x1 = clipX((c[0] - t.padLeft) / t.scaleX);
  const y1 = clipY((c[1] - t.padTop) / t.scaleY);
  const x2 = clipX((c[2] - t.padLeft) / t.scaleX);
  const y2 = clipY((c[3] - t.padTop) / t.scaleY);
  return [x1, y1, x2 - x1, y2 - y1];
}

/** COCO [x, y, w, h] clipped to a width × height image. */
export function clipBox(box: Box, width: number, height: number): Box {
  const x1 = Math.min(Math.max(box[0], 0), width);
  const y1 = Math.min(Math.max(box[1], 0), height);
  const x2 = Math.min(Math.max(box[0] + box[2], 0), width);
  const y2 = Math.min(Math.max(box[1] + box[3], 0), height);
  return [x1, y1, x2 - x1, y2 - y1];
}
