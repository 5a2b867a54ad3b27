/**
 * Where each pixel of an image falls on a network output along one axis, for bilinear
 * sampling with pixel centres: image pixel o sits at (o + 0.5) · scale + offset − 0.5 output
 * pixels, clamped to [first, last] (0 and the last pixel, as `F.interpolate(align_corners=False)`
 * clamps; narrower where the output has padding around the image, so that none blends in).
 */
export interface SampleAxis {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float64Array;
}

export function sampleAxis(outSize: number, inSize: number, scale: number, offset = 0, first = 0, last = inSize - 1): SampleAxis {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const src = Math.min(last, Math.max(first, (o + 0.5) * scale + offset - 0.5));
    const l = Math.floor(src);
    lo[o] = l;
    hi[o] = Math.min(inSize - 1, l + 1);
    frac[o] = src - l;
  }
  return { lo, hi, frac };
}

/**
 * Class scores resized bilinearly to the image, then the per-pixel argmax: what torchvision's
 * segmentation references do (`F.interpolate(out, size=image, mode="bilinear",
 * align_corners=False).argmax(1)`), without materialising the resized logits. `values` is the
 * output, [C, H, W] (`nchw`) or [H, W, C] (`nhwc`), width × height on the output grid; `cols`
 * and `rows` map the image's pixels onto it. Ties go to the lowest class.
 */
export function argmaxResized(values: ArrayLike<number>, channels: number, width: number, height: number, layout: 'nchw' | 'nhwc', cols: SampleAxis, rows: SampleAxis): Uint8Array | Uint16Array {
  const outW = cols.lo.length;
  const outH = rows.lo.length;
  const labels = channels <= 256 ? new Uint8Array(outW * outH) : new Uint16Array(outW * outH);
  const plane = width * height;
  // Index of (class c, pixel p) on the output grid: c · plane + p, or p · C + c.
  const [classStride, pixelStride] = layout === 'nchw' ? [plane, 1] : [1, channels];
  for (let y = 0; y < outH; y++) {
    const top = rows.lo[y] * width;
    const bottom = rows.hi[y] * width;
    const fy = rows.frac[y];
    for (let x = 0; x < outW; x++) {
      const fx = cols.frac[x];
      const tl = (top + cols.lo[x]) * pixelStride;
      const tr = (top + cols.hi[x]) * pixelStride;
      const bl = (bottom + cols.lo[x]) * pixelStride;
      const br = (bottom + cols.hi[x]) * pixelStride;
      let best = -Infinity;
      let arg = 0;
      for (let c = 0; c < channels; c++) {
        const k = c * classStride;
        const upper = values[tl + k] + (values[tr + k] - values[tl + k]) * fx;
        const lower = values[bl + k] + (values[br + k] - values[bl + k]) * fx;
        const v = upper + (lower - upper) * fy;
        if (v > best) {
          best = v;
          arg = c;
        }
      }
      labels[y * outW + x] = arg;
    }
  }
  return labels;
}

/** One score plane (width × height) sampled bilinearly at the image's pixels. */
export function sampleBilinear(values: ArrayLike<number>, width: number, cols: SampleAxis, rows: SampleAxis): Float32Array {
  const outW = cols.lo.length;
  const out = new Float32Array(outW * rows.lo.length);
  for (let y = 0; y < rows.lo.length; y++) {
    const top = rows.lo[y] * width;
    const bottom = rows.hi[y] * width;
    for (let x = 0; x < outW; x++) {
      const upper = values[top + cols.lo[x]] + (values[top + cols.hi[x]] - values[top + cols.lo[x]]) * cols.frac[x];
      const lower = values[bottom + cols.lo[x]] + (values[bottom + cols.hi[x]] - values[bottom + cols.lo[x]]) * cols.frac[x];
      out[y * outW + x] = upper + (lower - upper) * rows.frac[y];
    }
  }
  return out;
}

/** Labels (width × height) sampled nearest at the image's pixels: the output pixel holding each pixel's centre. */
export function sampleNearest<T extends Uint8Array | Uint16Array>(labels: T, width: number, height: number, outW: number, outH: number, scaleX: number, offsetX: number, scaleY: number, offsetY: number): T {
  const out = new (labels.constructor as new (n: number) => T)(outW * outH);
  const at = (o: number, scale: number, offset: number, size: number) => Math.min(size - 1, Math.max(0, Math.floor((o + 0.5) * scale + offset)));
  const srcX = Int32Array.from({ length: outW }, (_, x) => at(x, scaleX, offsetX, width));
  for (let y = 0; y < outH; y++) {
    const row = at(y, scaleY, offsetY, height) * width;
    for (let x = 0; x < outW; x++) out[y * outW + x] = labels[row + srcX[x]];
  }
  return out;
}
