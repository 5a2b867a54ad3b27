import type { Box } from '../../tasks/detection/types.js';
import { gaussianRadius, splatGaussian } from './gaussian.js';

/** One object to encode: its heatmap channel and its box in model-input pixels. */
export interface CenterNetObject {
  readonly classIndex: number;
  /** [x, y, width, height] in input pixels. */
  readonly bbox: Box;
}

/** The output grid: heatmap cells, channels (classes + 4) and input pixels per cell. */
export interface CenterNetLayout {
  readonly height: number;
  readonly width: number;
  readonly classes: number;
  readonly stride: number;
}

/** Channels of the size and offset heads after the class heatmaps. */
export const SIZE_W = 0;
export const SIZE_H = 1;
export const OFFSET_X = 2;
export const OFFSET_Y = 3;

/**
 * One image's CenterNet training target, [height, width, classes + 4] row-major, laid out as the
 * network's output: class heatmaps with a Gaussian per object (exactly 1 at its centre cell),
 * then at each centre cell the box size (w, h) in cells and the offset of the true centre from
 * the cell's corner (x, y). The centre mask is the set of cells where a heatmap is exactly 1 —
 * CenterNet's own test for positives (`gt.eq(1)`) — so it needs no channel of its own and the
 * target has the output's shape, which the Layers engine requires. Degenerate (empty) boxes are
 * skipped; where two objects share a centre cell the later one's size and offset stand.
 */
export function encodeCenterNet(objects: readonly CenterNetObject[], layout: CenterNetLayout): Float32Array {
  const { height, width, classes, stride } = layout;
  const channels = classes + 4;
  const target = new Float32Array(height * width * channels);
  for (const { classIndex, bbox } of objects) {
    const w = bbox[2] / stride;
    const h = bbox[3] / stride;
    if (!(w > 0 && h > 0)) continue;
    const cx = bbox[0] / stride + w / 2;
    const cy = bbox[1] / stride + h / 2;
    const ix = Math.min(Math.max(Math.floor(cx), 0), width - 1);
    const iy = Math.min(Math.max(Math.floor(cy), 0), height - 1);
    const radius = Math.max(0, Math.floor(gaussianRadius(Math.ceil(h), Math.ceil(w))));
    splatGaussian(target, height, width, channels, classIndex, ix, iy, radius);
    const at = (iy * width + ix) * channels + classes;
    target[at + SIZE_W] = w;
    target[at + SIZE_H] = h;
    target[at + OFFSET_X] = cx - ix;
    target[at + OFFSET_Y] = cy - iy;
  }
  return target;
}
