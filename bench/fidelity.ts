/**
 * `node --import tsx bench/fidelity.ts [image…]`: CPU time of PSNR and SSIM per image, against
 * the same image JPEG-compressed at quality 50, plus a 1920×1080 upscale of the first image.
 * SSIM and PSNR take the WebAssembly SIMD kernels; beside them, the JavaScript passes they fall
 * back to (ssimPlanes on luma planes made per call, the plain squared-error loop), which must
 * give the same numbers.
 */
import sharp, { type Sharp } from 'sharp';
import { luma } from '../src/fidelity/luma.js';
import { psnr, squaredError } from '../src/fidelity/psnr.js';
import { ssim, ssimPlanes } from '../src/fidelity/ssim.js';
import type { RgbImage } from '../src/media/image.js';

const files = process.argv.slice(2);
if (files.length === 0) files.push('demo/photos/coffee.png');

async function rgb(input: Sharp): Promise<RgbImage> {
  const { data, info } = await input.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

async function pair(input: () => Sharp): Promise<[RgbImage, RgbImage]> {
  const jpeg = await input().jpeg({ quality: 50 }).toBuffer();
  return [await rgb(input()), await rgb(sharp(jpeg))];
}

/** Median CPU milliseconds of `work` over `runs` runs (after one warm-up). */
function cpuMs(work: () => void, runs: number): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const cases: [string, () => Sharp][] = files.map((f) => [f, () => sharp(f)]);
cases.push([`${files[0]} → 1920×1080`, () => sharp(files[0]).resize(1920, 1080, { fit: 'fill' })]);
for (const [name, input] of cases) {
  const [a, b] = await pair(input);
  let s = 0;
  const ssimMs = cpuMs(() => (s = ssim(a, b)), 15);
  const psnrMs = cpuMs(() => psnr(a, b), 15);
  let js = 0;
  const jsSsimMs = cpuMs(() => (js = ssimPlanes(luma(a), luma(b), a.width, a.height)), 15);
  const jsPsnrMs = cpuMs(() => squaredError(a.data, b.data), 15);
  if (js !== s) throw new Error(`SSIM: SIMD ${s} but JavaScript ${js}`);
  console.log(`${name} (${a.width}×${a.height}): SSIM ${ssimMs.toFixed(2)} ms CPU (${s.toFixed(15)}), PSNR ${psnrMs.toFixed(2)} ms CPU`);
  console.log(`  JavaScript passes: SSIM ${jsSsimMs.toFixed(2)} ms (same value), PSNR's squared error ${jsPsnrMs.toFixed(2)} ms`);
}
