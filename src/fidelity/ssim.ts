import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { luma } from './luma.js';
import { assertSameSize } from './same-size.js';

/** Wang et al. 2004 constants, for 8-bit data (L = 255). */
const SIGMA = 1.5;
const K1 = 0.01;
const K2 = 0.03;
const DATA_RANGE = 255;
/** scipy's gaussian_filter radius: int(truncate·σ + 0.5) with skimage's truncate 3.5 → 5, window 11. */
const RADIUS = 5;
const WINDOW = 2 * RADIUS + 1;

const C1 = (K1 * DATA_RANGE) ** 2;
const C2 = (K2 * DATA_RANGE) ** 2;

/** Half of the symmetric, normalised 11-tap Gaussian (scipy's): KERNEL[k] weighs offsets ±k. */
const KERNEL: readonly number[] = (() => {
  const taps = Array.from({ length: RADIUS + 1 }, (_, i) => Math.exp((-0.5 * i * i) / (SIGMA * SIGMA)));
  const total = taps[0] + 2 * taps.slice(1).reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
})();
const [G0, G1, G2, G3, G4, G5] = KERNEL;

/**
 * Mean SSIM on luma (see luma.ts), Gaussian window 11, σ 1.5, K1 0.01, K2 0.03, population
 * (not sample) covariances. Matches scikit-image's
 * `structural_similarity(y1, y2, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=255)` on float64 luma: skimage filters the whole image and then averages only
 * pixels at least 5 from every edge, whose windows never reach the border. So we compute
 * exactly those pixels with a "valid" separable convolution and need no border rule at all.
 */
export function ssim(reference: RgbImage, distorted: RgbImage): number {
  assertSameSize(reference, distorted, 'SSIM');
  return ssimPlanes(luma(reference), luma(distorted), reference.width, reference.height);
}

/** SSIM of two float planes of width × height (row-major), same definition as `ssim`. */
export function ssimPlanes(x: Float64Array, y: Float64Array, width: number, height: number): number {
  if (width < WINDOW || height < WINDOW) {
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `SSIM needs images of at least ${WINDOW}×${WINDOW} pixels (its Gaussian window), received ${width}×${height}`,
    );
  }
  const validW = width - 2 * RADIUS;
  const validH = height - 2 * RADIUS;
  // SSIM only needs σx² + σy², so x² + y² is filtered as one moment: four moments, not five.
  // Horizontal sums of the last 11 rows for the four moments, as a ring buffer, so the
  // vertical pass reads cache-resident rows instead of full-image planes. The taps are
  // written out (no inner loop, no closures), which V8 runs markedly faster.
  const hx = new Float64Array(WINDOW * validW);
  const hy = new Float64Array(WINDOW * validW);
  const hss = new Float64Array(WINDOW * validW);
  const hxy = new Float64Array(WINDOW * validW);
  const xr = new Float64Array(width);
  const yr = new Float64Array(width);
  const ss = new Float64Array(width);
  const xy = new Float64Array(width);

  let total = 0;
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let c = 0; c < width; c++) {
      const a = x[base + c];
      const b = y[base + c];
      xr[c] = a;
      yr[c] = b;
      ss[c] = a * a + b * b;
      xy[c] = a * b;
    }
    const slot = (row % WINDOW) * validW;
    for (let c = 0, n = RADIUS; c < validW; c++, n++) {
      hx[slot + c] = G0 * xr[n] + G1 * (xr[n - 1] + xr[n + 1]) + G2 * (xr[n - 2] + xr[n + 2]) + G3 * (xr[n - 3] + xr[n + 3]) + G4 * (xr[n - 4] + xr[n + 4]) + G5 * (xr[n - 5] + xr[n + 5]);
      hy[slot + c] = G0 * yr[n] + G1 * (yr[n - 1] + yr[n + 1]) + G2 * (yr[n - 2] + yr[n + 2]) + G3 * (yr[n - 3] + yr[n + 3]) + G4 * (yr[n - 4] + yr[n + 4]) + G5 * (yr[n - 5] + yr[n + 5]);
      hss[slot + c] = G0 * ss[n] + G1 * (ss[n - 1] + ss[n + 1]) + G2 * (ss[n - 2] + ss[n + 2]) + G3 * (ss[n - 3] + ss[n + 3]) + G4 * (ss[n - 4] + ss[n + 4]) + G5 * (ss[n - 5] + ss[n + 5]);
      hxy[slot + c] = G0 * xy[n] + G1 * (xy[n - 1] + xy[n + 1]) + G2 * (xy[n - 2] + xy[n + 2]) + G3 * (xy[n - 3] + xy[n + 3]) + G4 * (xy[n - 4] + xy[n + 4]) + G5 * (xy[n - 5] + xy[n + 5]);
    }
    if (row < WINDOW - 1) continue;

    // Rows row-10 … row are in the ring: filter vertically around their centre row.
    const centre = row - RADIUS;
    const r0 = (centre % WINDOW) * validW;
    const u1 = ((centre - 1) % WINDOW) * validW;
    const d1 = ((centre + 1) % WINDOW) * validW;
    const u2 = ((centre - 2) % WINDOW) * validW;
    const d2 = ((centre + 2) % WINDOW) * validW;
    const u3 = ((centre - 3) % WINDOW) * validW;
    const d3 = ((centre + 3) % WINDOW) * validW;
    const u4 = ((centre - 4) % WINDOW) * validW;
    const d4 = ((centre + 4) % WINDOW) * validW;
    const u5 = ((centre - 5) % WINDOW) * validW;
    const d5 = ((centre + 5) % WINDOW) * validW;
    for (let c = 0; c < validW; c++) {
      const ux = G0 * hx[r0 + c] + G1 * (hx[u1 + c] + hx[d1 + c]) + G2 * (hx[u2 + c] + hx[d2 + c]) + G3 * (hx[u3 + c] + hx[d3 + c]) + G4 * (hx[u4 + c] + hx[d4 + c]) + G5 * (hx[u5 + c] + hx[d5 + c]);
      const uy = G0 * hy[r0 + c] + G1 * (hy[u1 + c] + hy[d1 + c]) + G2 * (hy[u2 + c] + hy[d2 + c]) + G3 * (hy[u3 + c] + hy[d3 + c]) + G4 * (hy[u4 + c] + hy[d4 + c]) + G5 * (hy[u5 + c] + hy[d5 + c]);
      const vs = G0 * hss[r0 + c] + G1 * (hss[u1 + c] + hss[d1 + c]) + G2 * (hss[u2 + c] + hss[d2 + c]) + G3 * (hss[u3 + c] + hss[d3 + c]) + G4 * (hss[u4 + c] + hss[d4 + c]) + G5 * (hss[u5 + c] + hss[d5 + c]) - ux * ux - uy * uy;
      const vxy = G0 * hxy[r0 + c] + G1 * (hxy[u1 + c] + hxy[d1 + c]) + G2 * (hxy[u2 + c] + hxy[d2 + c]) + G3 * (hxy[u3 + c] + hxy[d3 + c]) + G4 * (hxy[u4 + c] + hxy[d4 + c]) + G5 * (hxy[u5 + c] + hxy[d5 + c]) - ux * uy;
      total += ((2 * ux * uy + C1) * (2 * vxy + C2)) / ((ux * ux + uy * uy + C1) * (vs + C2));
    }
  }
  return total / (validW * validH);
}
