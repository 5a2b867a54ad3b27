/**
 * Per-pixel argmax over a class axis: `nchw` reads [C, H·W] planes, `nhwc` reads C values per
 * pixel. Ties go to the lowest class index (numpy/PyTorch argmax). Uint8 labels up to 256
 * classes, Uint16 above.
 */
export function argmaxChannels(values: ArrayLike<number>, channels: number, plane: number, layout: 'nchw' | 'nhwc'): Uint8Array | Uint16Array {
  const labels = channels <= 256 ? new Uint8Array(plane) : new Uint16Array(plane);
  if (layout === 'nchw') {
    const best = Float64Array.from({ length: plane }, (_, i) => values[i]);
    for (let c = 1; c < channels; c++) {
      const base = c * plane;
      for (let i = 0; i < plane; i++) {
        const v = values[base + i];
        if (v > best[i]) {
          best[i] = v;
          labels[i] = c;
        }
      }
    }
    return labels;
  }
  for (let i = 0; i < plane; i++) {
    const base = i * channels;
    let best = values[base];
    let arg = 0;
    for (let c = 1; c < channels; c++) {
      if (values[base + c] > best) {
        best = values[base + c];
        arg = c;
      }
    }
    labels[i] = arg;
  }
  return labels;
}
