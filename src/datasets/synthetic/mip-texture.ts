/**
 * A photo as a texture on a surface of the generated scenes, mipmapped: a pyramid of 2×2 box
 * averages, sampled trilinearly at the level whose texels match the pixel's footprint. Without
 * it, far surfaces would alias into noise; with it, a surface's detail fades with distance the
 * way a camera sees it — which is one of the cues a depth network can learn, and one that lossy
 * compression erodes.
 */
import type { RgbImage } from '../../media/image.js';

export interface MipTexture {
  /** Level 0 is the photo; each next level halves both sides (floats, RGB interleaved). */
  readonly levels: readonly { width: number; height: number; data: Float32Array }[];
}

export function buildMipTexture(photo: RgbImage): MipTexture {
  const levels = [{ width: photo.width, height: photo.height, data: Float32Array.from(photo.data) }];
  for (;;) {
    const prev = levels[levels.length - 1];
    if (prev.width < 2 || prev.height < 2) break;
    const width = prev.width >> 1;
    const height = prev.height >> 1;
    const data = new Float32Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let k = 0; k < 3; k++) {
          const at = (yy: number, xx: number): number => prev.data[3 * (yy * prev.width + xx) + k];
          data[3 * (y * width + x) + k] = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4;
        }
      }
    }
    levels.push({ width, height, data });
  }
  return { levels };
}

/** Mirrored repeat: the texture tiles without seams over an unbounded surface. */
function mirror(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

function bilinear(level: MipTexture['levels'][number], x: number, y: number, out: number[]): void {
  // Texel centres sit at i + 0.5.
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const ax = fx - x0;
  const ay = fy - y0;
  const { width, height, data } = level;
  const a = 3 * (mirror(y0, height) * width + mirror(x0, width));
  const b = 3 * (mirror(y0, height) * width + mirror(x0 + 1, width));
  const c = 3 * (mirror(y0 + 1, height) * width + mirror(x0, width));
  const d = 3 * (mirror(y0 + 1, height) * width + mirror(x0 + 1, width));
  for (let k = 0; k < 3; k++) out[k] = (1 - ay) * ((1 - ax) * data[a + k] + ax * data[b + k]) + ay * ((1 - ax) * data[c + k] + ax * data[d + k]);
}

/**
 * The colour at texture point (u, v), in level-0 texels, for a pixel whose footprint spans
 * `footprint` level-0 texels: trilinear between the two levels around log2(footprint).
 */
export function sampleMipTexture(texture: MipTexture, u: number, v: number, footprint: number, out: number[]): void {
  const top = texture.levels.length - 1;
  const lod = Math.min(top, Math.max(0, Math.log2(Math.max(footprint, 1))));
  const lo = Math.floor(lod);
  const hi = Math.min(top, lo + 1);
  const w = lod - lo;
  const a = [0, 0, 0];
  bilinear(texture.levels[lo], u / 2 ** lo, v / 2 ** lo, a);
  if (w === 0 || hi === lo) {
    out[0] = a[0];
    out[1] = a[1];
    out[2] = a[2];
    return;
  }
  const b = [0, 0, 0];
  bilinear(texture.levels[hi], u / 2 ** hi, v / 2 ** hi, b);
  for (let k = 0; k < 3; k++) out[k] = (1 - w) * a[k] + w * b[k];
}
