/**
 * Nearest-neighbour resize of a label plane: output pixel (x, y) takes the input pixel whose
 * area holds the output pixel's centre, floor((x + 0.5) · in / out) — PyTorch's "nearest-exact"
 * and PIL's NEAREST. Labels are never blended, so no class appears that the network did not say.
 */
export function resizeNearest<T extends Uint8Array | Uint16Array>(labels: T, width: number, height: number, outWidth: number, outHeight: number): T {
  const out = new (labels.constructor as new (n: number) => T)(outWidth * outHeight);
  const srcX = new Int32Array(outWidth);
  for (let x = 0; x < outWidth; x++) srcX[x] = Math.min(width - 1, Math.floor(((x + 0.5) * width) / outWidth));
  for (let y = 0; y < outHeight; y++) {
    const row = Math.min(height - 1, Math.floor(((y + 0.5) * height) / outHeight)) * width;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = labels[row + srcX[x]];
  }
  return out;
}
