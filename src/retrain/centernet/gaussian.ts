/**
 * CenterNet's heatmap targets (Zhou et al. 2019, after CornerNet): each object splats a 2-D
 * Gaussian, peak exactly 1 at its centre cell, onto its class's heatmap; where splats overlap the
 * larger value wins. The radius is the one CenterNet's code computes (`gaussian_radius`,
 * min_overlap 0.7) from the box size in heatmap cells, and σ = (2r + 1) / 6.
 */

/** CenterNet's `gaussian_radius((h, w), min_overlap)`, formula for formula (its known quirks included). */
export function gaussianRadius(height: number, width: number, minOverlap = 0.7): number {
  const b1 = height + width;
  const c1 = (width * height * (1 - minOverlap)) / (1 + minOverlap);
  const r1 = (b1 + Math.sqrt(b1 ** 2 - 4 * c1)) / 2;
  const b2 = 2 * (height + width);
  const c2 = (1 - minOverlap) * width * height;
  const r2 = (b2 + Math.sqrt(b2 ** 2 - 16 * c2)) / 2;
  const a3 = 4 * minOverlap;
  const b3 = -2 * minOverlap * (height + width);
  const c3 = (minOverlap - 1) * width * height;
  const r3 = (b3 + Math.sqrt(b3 ** 2 - 4 * a3 * c3)) / 2;
  return Math.min(r1, r2, r3);
}

/**
 * Splats a Gaussian of radius `radius` cells (σ = (2r + 1) / 6) centred on cell (cx, cy) into
 * channel `channel` of an [height, width, channels] row-major map, keeping the larger value.
 * The centre cell gets exactly 1; values below float epsilon × peak are zero, as CenterNet's.
 */
export function splatGaussian(map: Float32Array, height: number, width: number, channels: number, channel: number, cx: number, cy: number, radius: number): void {
  const sigma = (2 * radius + 1) / 6;
  for (let dy = -radius; dy <= radius; dy++) {
    const y = cy + dy;
    if (y < 0 || y >= height) continue;
    for (let dx = -radius; dx <= radius; dx++) {
      const x = cx + dx;
      if (x < 0 || x >= width) continue;
      const g = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      if (g < Number.EPSILON) continue;
      const at = (y * width + x) * channels + channel;
      if (g > map[at]) map[at] = g;
    }
  }
}
