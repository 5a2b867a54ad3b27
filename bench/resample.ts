/**
 * PIL's resample (torchvision's Resize(256) + CenterCrop(224) on a 640 × 480 photo: 341 × 256,
 * only the crop's pixels computed) with the WebAssembly SIMD kernels against the JavaScript
 * passes: CPU per call, alternating, 200 calls each after 20 to warm up.
 * Run: node --import tsx bench/resample.ts
 */
import { resamplePil } from '../src/models/calculators/resample-pil.js';

const [width, height] = [640, 480];
const data = new Uint8Array(width * height * 3);
for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 255;
const image = { width, height, data };
const window = { left: 58, top: 16, width: 224, height: 224 };
const CALLS = 200;
for (const kernels of ['js', 'simd', 'js', 'simd'] as const) {
  for (let i = 0; i < 20; i++) resamplePil(image, 341, 256, 'bilinear', window, kernels);
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) resamplePil(image, 341, 256, 'bilinear', window, kernels);
  const { user, system } = process.cpuUsage(start);
  console.log(`${kernels.padEnd(4)} ${((user + system) / 1000 / CALLS).toFixed(2)} ms CPU per 640×480 → 341×256 → 224×224`);
}
