import type { RgbImage } from '../../media/image.js';
import type { Box } from '../../tasks/detection/types.js';

/** A person crop as top-down pose models take it: a centre and a size in original pixels. */
export interface PersonCrop {
  centerX: number;
  centerY: number;
  width: number;
  height: number;
}

/**
 * SimpleBaseline/HRNet's `_box2cs`: the box's centre, the box grown on one axis to the network
 * input's aspect ratio (width / height), then both sides × `padding` (1.25) so limbs near the
 * box edge stay inside.
 */
export function boxToCrop(box: Box, aspectRatio: number, padding = 1.25): PersonCrop {
  const [x, y, w0, h0] = box;
  let w = w0;
  let h = h0;
  if (w > aspectRatio * h) h = w / aspectRatio;
  else if (w < aspectRatio * h) w = h * aspectRatio;
  return { centerX: x + w0 * 0.5, centerY: y + h0 * 0.5, width: w * padding, height: h * padding };
}

/**
 * The crop resampled to outW × outH as cv2.warpAffine(INTER_LINEAR, border 0) does with
 * SimpleBaseline's get_affine_transform (no rotation): output pixel (u, v) samples the source
 * at centre + (u − outW / 2) · width / outW. Float RGB HWC 0–255.
 */
export function cropAffine(image: RgbImage, crop: PersonCrop, outW: number, outH: number): Float32Array {
  const { width: W, height: H, data } = image;
  const sx = crop.width / outW;
  const sy = crop.height / outH;
  const out = new Float32Array(outW * outH * 3);
  const sample = (x: number, y: number, c: number): number => (x >= 0 && x < W && y >= 0 && y < H ? data[(y * W + x) * 3 + c] : 0);
  let o = 0;
  for (let v = 0; v < outH; v++) {
    const fy = crop.centerY + (v - outH / 2) * sy;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let u = 0; u < outW; u++) {
      const fx = crop.centerX + (u - outW / 2) * sx;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = sample(x0, y0, c) * (1 - tx) + sample(x0 + 1, y0, c) * tx;
        const bottom = sample(x0, y0 + 1, c) * (1 - tx) + sample(x0 + 1, y0 + 1, c) * tx;
        out[o++] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}

/** A point on a heatmap of hmW × hmH over the crop → original pixels (SimpleBaseline's transform_preds). */
export function cropToOriginal(x: number, y: number, crop: PersonCrop, hmW: number, hmH: number): [number, number] {
  return [crop.centerX + (x - hmW / 2) * (crop.width / hmW), crop.centerY + (y - hmH / 2) * (crop.height / hmH)];
}
