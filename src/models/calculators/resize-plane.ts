/**
 * Bilinear resize of one float plane (a depth map, a probability map) with pixel-centre
 * alignment — PyTorch's `F.interpolate(mode="bilinear", align_corners=False)` and OpenCV's
 * INTER_LINEAR index arithmetic — computed in float64, returned as float32.
 */
export function resizePlane(data: ArrayLike<number>, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  const out = new Float32Array(outWidth * outHeight);
  if (width === outWidth && height === outHeight) {
    out.set(data);
    return out;
  }
  const axis = (inSize: number, outSize: number) => {
    const lo = new Int32Array(outSize);
    const hi = new Int32Array(outSize);
    const frac = new Float64Array(outSize);
    const ratio = inSize / outSize;
    for (let o = 0; o < outSize; o++) {
      const src = Math.max(0, ratio * (o + 0.5) - 0.5);
      const l = Math.min(inSize - 1, Math.floor(src));
      lo[o] = l;
      hi[o] = Math.min(inSize - 1, l + 1);
      frac[o] = src - l;
    }
    return { lo, hi, frac };
  };
  const cols = axis(width, outWidth);
  const rows = axis(height, outHeight);
  for (let y = 0; y < outHeight; y++) {
    const top = rows.lo[y] * width;
    const bottom = rows.hi[y] * width;
    const fy = rows.frac[y];
    for (let x = 0; x < outWidth; x++) {
      const l = cols.lo[x];
      const r = cols.hi[x];
      const fx = cols.frac[x];
      const upper = data[top + l] + (data[top + r] - data[top + l]) * fx;
      const lower = data[bottom + l] + (data[bottom + r] - data[bottom + l]) * fx;
      out[y * outWidth + x] = upper + (lower - upper) * fy;
    }
  }
  return out;
}
