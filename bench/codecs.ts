/**
 * Time of one encode + decode + PSNR + SSIM per codec (what a sweep pays per sample × level).
 *   node --import tsx bench/codecs.ts [image] [repeats]
 */
import { imageCodecs } from '../src/codecs/registry.js';
import { psnr } from '../src/fidelity/psnr.js';
import { ssim } from '../src/fidelity/ssim.js';
import { decodeImage } from '../src/media/decode.js';

const file = process.argv[2] ?? 'demo/photos/astronaut.png';
const repeats = Number(process.argv[3] ?? 10);
const image = await decodeImage(file);
console.log(`${file}: ${image.width}×${image.height}, ${repeats} repeats; wall = median ms, cpu = mean process CPU ms`);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

const psnrMs: number[] = [];
const ssimMs: number[] = [];
for (let i = 0; i < repeats; i++) {
  psnrMs.push(time(() => psnr(image, image)));
  ssimMs.push(time(() => ssim(image, image)));
}
console.log(`psnr wall ${median(psnrMs).toFixed(1)}  ssim wall ${median(ssimMs).toFixed(1)}`);

for (const codec of imageCodecs.values()) {
  const level = codec.lossless ? 6 : 50;
  await codec.encode(image, level); // warm-up
  const ms: number[] = [];
  let last;
  // CPU time (this process and libvips' threads) is steadier than wall time on a busy machine.
  const cpu = process.cpuUsage();
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    last = await codec.encode(image, level);
    ms.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / repeats;
  console.log(
    `${codec.id.padEnd(8)} level ${String(level).padStart(3)}  wall ${median(ms).toFixed(1).padStart(6)}  cpu ${cpuMs.toFixed(1).padStart(6)}  ` +
      `${last!.bytes} B  ${last!.bpp.toFixed(3)} bpp  PSNR ${last!.psnr.toFixed(2)}  SSIM ${last!.ssim.toFixed(4)}`,
  );
}
