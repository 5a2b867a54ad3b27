/**
 * `npm run bench:video [-- --minutes 10 --stride 25 --model zoo:centernet]`: a per-frame video
 * sweep on a long input — OpenCV's 795-frame vtest.avi looped (stream copy, `-stream_loop`) to
 * the given length — with one H.264 level and frame-by-frame JPEG, cold cache. Prints frames/s
 * of each stage and of the whole sweep, and the peak resident memory of this process (ffmpeg
 * children are separate processes, each holding a few frames).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSweep } from '../src/sweep/run.js';
import { findFfmpeg } from '../src/video/ffmpeg.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    stride: { type: 'string', default: '25' },
    model: { type: 'string', default: 'zoo:centernet' },
    crf: { type: 'string', default: '30' },
    source: { type: 'string', default: fileURLToPath(new URL('../../shared/data/video/vtest.avi', import.meta.url)) },
  },
});
const minutes = Number(values.minutes);
const stride = Number(values.stride);
if (!existsSync(values.source)) throw new Error(`${values.source}: source video not found (pass --source)`);

const ffmpeg = await findFfmpeg();
const dir = await mkdtemp(join(tmpdir(), 'lv-bench-video-'));
try {
  const long = join(dir, 'long.avi');
  const frames = Math.round(minutes * 60 * 10); // vtest.avi runs at 10 fps
  const loops = Math.ceil(frames / 795);
  const made = spawnSync(ffmpeg.path, ['-loglevel', 'error', '-stream_loop', String(loops), '-i', values.source, '-map', '0:v:0', '-c', 'copy', '-frames:v', String(frames), '-y', long]);
  if (made.status !== 0) throw new Error(`looping the source failed: ${made.stderr.toString()}`);

  const started = performance.now();
  const result = await runSweep({
    task: 'detection',
    data: long,
    models: [values.model],
    conditions: [
      { codec: 'h264', level: Number(values.crf) },
      { codec: 'jpeg', level: 50 },
    ],
    seed: 0,
    referenceThreshold: 0.5,
    workers: 1,
    cacheDir: join(dir, 'cache'),
    video: { frameStride: stride },
  });
  const wallS = (performance.now() - started) / 1000;
  const t = result.stats.timings;
  const stream = result.streams?.find((s) => s.codec === 'h264');
  const total = stream?.frames ?? frames;
  const rate = (n: number, ms: number): string => (ms > 0 ? (n / (ms / 1000)).toFixed(1) : '–');
  // decodeMs holds the pristine decode and the H.264 decode-and-compare pass: two passes over every frame.
  const lines = [
    `input: vtest.avi looped to ${total} frames (${(total / 10 / 60).toFixed(1)} min at 10 fps), 768×576; ffmpeg ${ffmpeg.version} (${ffmpeg.source})`,
    `sweep: ${values.model}, pristine + h264:${values.crf} (preset medium) + jpeg:50 per frame, every ${stride}th frame scored (${result.stats.samples} frames), 1 process`,
    `decode (pristine + h264 decode/compare, with PSNR/SSIM): ${rate(2 * total, t.decodeMs)} frames/s`,
    `encode (h264:${values.crf} over every frame, plus the scored frames' JPEG): ${rate(total, t.encodeMs)} frames/s`,
    `inference: ${rate(result.stats.computed.predictions, t.inferenceMs)} frames/s (${result.stats.computed.predictions} predictions)`,
    `whole sweep: ${(total / wallS).toFixed(1)} source frames/s, ${(result.stats.samples / wallS).toFixed(2)} scored frames/s, wall ${wallS.toFixed(1)} s, CPU ${(result.stats.cpuMs / 1000).toFixed(1)} s in this process`,
    `peak memory (max RSS of this process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    `h264:${values.crf}: ${stream?.kbps.toFixed(1)} kbps, ${stream?.bpp.toFixed(4)} bpp; failures: ${result.failures.length}`,
  ];
  console.log(lines.join('\n'));
} finally {
  await rm(dir, { recursive: true, force: true });
}

