import type { RgbImage } from '../../media/image.js';
import type { DepthMap } from './types.js';

/**
 * Google's Turbo colour map (Mikhailov 2019) through its published polynomial approximation:
 * perceptually ordered, dark blue (0) → green → dark red (1).
 */
export function turbo(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  const poly = (c: readonly number[]): number => c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * (c[4] + x * c[5]))));
  const r = poly([0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943]);
  const g = poly([0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604]);
  const b = poly([0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973]);
  const byte = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 255);
  return [byte(r), byte(g), byte(b)];
}

/**
 * A depth map as a Turbo image: near is red, far is blue, on an inverse-depth scale (how depth
 * maps are usually shown) stretched between the 2nd and 98th percentiles of the valid pixels.
 * Pixels without depth (≤ 0 or not finite) are black.
 */
export function drawDepth(depth: DepthMap): RgbImage {
  const n = depth.width * depth.height;
  const inverse = new Float64Array(n);
  const valid: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = depth.data[i];
    inverse[i] = d > 0 && Number.isFinite(d) ? 1 / d : NaN;
    if (!Number.isNaN(inverse[i])) valid.push(inverse[i]);
  }
  valid.sort((a, b) => a - b);
  const lo = valid[Math.floor(0.02 * (valid.length - 1))] ?? 0;
  const hi = valid[Math.ceil(0.98 * (valid.length - 1))] ?? 1;
  const span = hi > lo ? hi - lo : 1;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(inverse[i])) continue;
    data.set(turbo((inverse[i] - lo) / span), i * 3);
  }
  return { width: depth.width, height: depth.height, data };
}
