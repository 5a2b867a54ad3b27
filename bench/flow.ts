/**
 * `node --import tsx bench/flow.ts [video]`: Farnebäck optical flow (OpenCV's defaults) and RGB
 * difference, pairs per second of CPU time at the two-stream input sizes 112² and 224², on
 * consecutive frames of the demo video.
 */
import { findFfmpeg } from '../src/video/ffmpeg.js';
import { decodeFrames } from '../src/video/frames.js';
import { farnebackFlow } from '../src/video/flow/farneback.js';
import { rgbDifference } from '../src/video/flow/rgb-diff.js';
import type { RgbImage } from '../src/media/image.js';

const video = process.argv[2] ?? 'demo/video/vtest-60.avi';
const PAIRS = 10;

/** The first PAIRS + 1 frames, scaled by ffmpeg to side × side (as the two-stream input is). */
async function frames(side: number): Promise<RgbImage[]> {
  const size = { width: side, height: side };
  const out: RgbImage[] = [];
  for await (const frame of decodeFrames(ffmpeg, { file: video }, size, { maxFrames: PAIRS + 1, size })) out.push(frame);
  return out;
}

function pairsPerCpuSecond(frames: RgbImage[], work: (a: RgbImage, b: RgbImage) => unknown): number {
  work(frames[0], frames[1]);
  const start = process.cpuUsage();
  for (let i = 0; i < PAIRS; i++) work(frames[i], frames[i + 1]);
  const used = process.cpuUsage(start);
  return PAIRS / ((used.user + used.system) / 1e6);
}

const ffmpeg = await findFfmpeg();
for (const side of [112, 224]) {
  const pairs = await frames(side);
  const flow = pairsPerCpuSecond(pairs, (a, b) => farnebackFlow(a, b));
  const diff = pairsPerCpuSecond(pairs, rgbDifference);
  console.log(`${side}×${side}: Farnebäck ${flow.toFixed(1)} pairs/s, RGB difference ${diff.toFixed(0)} pairs/s (CPU time, one thread)`);
}
