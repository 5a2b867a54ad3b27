import type { InputTransform } from './letterbox.js';

/**
 * A point in network-input pixels → original image pixels, undoing letterbox/stretch/padding.
 * Not clipped: a keypoint the model places outside the image stays there, as the model said.
 */
export function toOriginalPoint(x: number, y: number, t: InputTransform): [number, number] {
  return [(x - t.padLeft) / t.scaleX, (y - t.padTop) / t.scaleY];
}
