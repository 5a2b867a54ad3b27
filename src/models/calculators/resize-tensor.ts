import type { RgbImage } from '../../media/image.js';
import { roundHalfEven } from './round-half-even.js';

const f32 = Math.fround;

/**
 * One axis of PyTorch's upsample_bilinear2d (align_corners=False, no scale factor): the scale is
 * float32, the source position is computed in double and its fraction stored as a float32 weight
 * (checked against torch 1.13's CPU kernel, weight by weight).
 */
function axis(inSize: number, outSize: number): { lo: Int32Array; hi: Int32Array; w0: Float32Array; w1: Float32Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const w0 = new Float32Array(outSize);
  const w1 = new Float32Array(outSize);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (inSize === outSize) {
      lo[o] = hi[o] = o;
      w0[o] = 1;
      continue;
    }
    const src = Math.max(0, scale * (o + 0.5) - 0.5);
    const i0 = Math.trunc(src);
    lo[o] = i0;
    hi[o] = i0 < inSize - 1 ? i0 + 1 : i0;
    w1[o] = f32(src - i0);
    w0[o] = f32(1 - w1[o]);
  }
  return { lo, hi, w0, w1 };
}

/**
 * torchvision 0.14's `F.resize` of a uint8 image tensor (bilinear, antialias off — the tensor
 * default before 0.15, what its video transforms do to decoded frames): the image is cast to
 * float32, interpolated as `F.interpolate(mode="bilinear", align_corners=False)` computes it,
 * and rounded half to even back to uint8. The float32 sums agree with torch's to 1.5e-5, so a
 * value within that of a half can round the other way: on the demo photos 2–4 values in 37 632 differ, by one level.
 */
export function resizeTensorBilinear(image: RgbImage, width: number, height: number): RgbImage {
  const { width: inW, height: inH, data } = image;
  const cols = axis(inW, width);
  const rows = axis(inH, height);
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const top = rows.lo[y] * inW * 3;
    const bottom = rows.hi[y] * inW * 3;
    const h0 = rows.w0[y];
    const h1 = rows.w1[y];
    for (let x = 0; x < width; x++) {
      const l = cols.lo[x] * 3;
      const r = cols.hi[x] * 3;
      const v0 = cols.w0[x];
      const v1 = cols.w1[x];
      for (let c = 0; c < 3; c++) {
        // float32 multiply-adds (a product added exactly, then one rounding: the kernel's FMA);
        // heightwise first, which matches the kernel's float32 sums most often.
        const left = f32(f32(data[top + l + c] * h0) + data[bottom + l + c] * h1);
        const right = f32(f32(data[top + r + c] * h0) + data[bottom + r + c] * h1);
        const v = f32(f32(left * v0) + right * v1);
        out[(y * width + x) * 3 + c] = Math.min(255, Math.max(0, roundHalfEven(v)));
      }
    }
  }
  return { width, height, data: out };
}
