/**
 * `npm run bench:peers`: lossyvision against the script its users would otherwise write (issue
 * #14), on the same images, levels and model, arms interleaved (A B C D, A B C D, …) so that a
 * neighbour's load falls on all of them alike.
 *
 * - End to end: N real images ~640×480 (crops of demo/photos and demo/frames, frames of the demo
 *   video) × (pristine + JPEG 95/75/50/15/10/5), top-1 of a resnet18 (torchvision, seed 0: no
 *   pretrained weights offline) exported to ONNX. Peer: bench/peers/pytorch_pillow.py, a plain
 *   PyTorch + Pillow loop on one thread, without and with PSNR/SSIM (skimage). lossyvision:
 *   `lossyvision run --task classification` with its defaults (and `--fidelity none`), a fresh
 *   cache each time, `--no-report` (the script writes none). Each arm is a whole process: wall and
 *   CPU time (of the finished child, from /proc/self/stat), start-up included.
 * - Codec path: lossyvision's JPEG encode + decode (+ PSNR + SSIM) vs Pillow's encode + decode on
 *   the same images, CPU of the loop alone (bench/peers/lossyvision-codec.ts, the script's `codec`).
 *
 *   npm run bench:peers                          # 200 images, 2 rounds
 *   npm run bench:peers -- --images 30 --rounds 2  # a quick run
 *   npm run bench:peers -- --dist dist           # the compiled CLI (`npm run build`), as `npx lossyvision` runs
 *
 * Needs /usr/bin/python3 with torch, torchvision, Pillow and scikit-image (Debian's python3-torch,
 * python3-torchvision, python3-pil, python3-skimage); without them it says so and exits 0.
 * Images and the model are made once into <tmp>/lossyvision-bench-peers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeImage } from '../src/media/decode.js';
import { loadModel } from '../src/models/load.js';
import { findFfmpeg } from '../src/video/ffmpeg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(root, 'bench', 'peers', 'pytorch_pillow.py');
const LEVELS = '95,75,50,15,10,5';
const WIDTH = 640;
const HEIGHT = 480;
/** Images whose pristine top-1 both sides compute for the agreement check. */
const AGREEMENT_IMAGES = 12;

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '2' },
    dist: { type: 'string' },
  },
});
const count = Number(values.images);
const rounds = Number(values.rounds);
if (!Number.isInteger(count) || count < 1) throw new Error(`--images: expected a positive integer, got ${values.images}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: expected a positive integer, got ${values.rounds}`);
const cli = values.dist ? [resolve(values.dist, 'cli', 'main.js')] : ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];

const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision, PIL, skimage'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log(`bench:peers skipped: ${PYTHON} cannot import torch, torchvision, PIL and skimage (install python3-torch python3-torchvision python3-pil python3-skimage)`);
  process.exit(0);
}

/** CPU seconds of this process's finished children (cutime + cstime of /proc/self/stat, 100 ticks/s). */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Timed {
  wall: number;
  cpu: number;
  stdout: string;
}

/** One child process to completion: wall and CPU seconds, start-up included. */
function timed(command: string, args: readonly string[]): Timed {
  const cpu = childrenCpu();
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return { wall, cpu: childrenCpu() - cpu, stdout: r.stdout };
}

const base = join(tmpdir(), 'lossyvision-bench-peers');
const imageDir = join(base, `images-${count}`);
const onnx = join(base, 'resnet18.onnx');
const modelConfig = join(base, 'resnet18.json');

/** N images ~640×480 from the repo's real media, written once: the video's 60 frames and the 6 stills, then crops of them. */
async function makeImages(): Promise<void> {
  if (existsSync(imageDir) && readdirSync(imageDir).length === count) return;
  const work = mkdtempSync(join(base, 'making-'));
  const frames = join(work, 'frames');
  mkdirSync(frames);
  const ffmpeg = await findFfmpeg();
  const r = spawnSync(ffmpeg.path, ['-v', 'error', '-i', join(root, 'demo', 'video', 'vtest-60.avi'), join(frames, 'f%03d.png')]);
  if (r.status !== 0) throw new Error(`ffmpeg could not extract the demo video's frames: ${r.stderr.toString()}`);
  const sources = [
    ...['photos', 'frames'].flatMap((d) => readdirSync(join(root, 'demo', d)).filter((n) => /\.(png|jpg)$/.test(n)).sort().map((n) => join(root, 'demo', d, n))),
    ...readdirSync(frames).sort().map((n) => join(frames, n)),
  ];
  const out = join(work, 'images');
  mkdirSync(out);
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    // Pass k of the sources takes a centred window of (1 - 0.15 k) of each side, shifted along a
    // diagonal, mirrored on odd passes: every image differs from the others.
    const k = Math.floor(i / sources.length);
    const { width = 0, height = 0 } = await sharp(source).metadata();
    const scale = Math.max(0.4, 1 - 0.15 * k);
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    const shift = ((i * 37) % 100) / 100;
    let pipeline = sharp(source)
      .removeAlpha()
      .extract({ left: Math.round((width - w) * shift), top: Math.round((height - h) * (1 - shift)), width: w, height: h })
      .resize(WIDTH, HEIGHT, { fit: 'cover' });
    if (k % 2 === 1) pipeline = pipeline.flop();
    await pipeline.png().toFile(join(out, `${String(i).padStart(4, '0')}.png`));
  }
  rmSync(imageDir, { recursive: true, force: true });
  renameSync(out, imageDir);
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(base, { recursive: true });
if (!existsSync(onnx)) {
  console.log('exporting resnet18 (seed 0) to ONNX…');
  timed(PYTHON, [SCRIPT, 'export', `${onnx}.tmp`]);
  renameSync(`${onnx}.tmp`, onnx);
}
writeFileSync(modelConfig, JSON.stringify({ preset: 'torchvision' }));
await makeImages();

const runs = join(base, 'runs');
rmSync(runs, { recursive: true, force: true });
mkdirSync(runs);
let runNumber = 0;
const lossyvision = (extra: readonly string[]): Timed =>
  timed(process.execPath, [
    ...cli,
    'run',
    '--task', 'classification',
    '--model', `${onnx}@${modelConfig}`,
    '--data', imageDir,
    '--codec', `jpeg:${LEVELS}`,
    '--out', join(runs, String(runNumber++)), // a fresh output folder and cache: no work reused
    '--no-progress',
    '--no-report',
    ...extra,
  ]);

interface Arm {
  name: string;
  run: () => Timed;
  /** Codec arms: CPU of the loop as the child measured it, not of the process. */
  loopCpu?: boolean;
}
const arms: Arm[] = [
  { name: 'script, no fidelity', run: () => timed(PYTHON, [SCRIPT, 'sweep', imageDir, LEVELS]) },
  { name: 'lossyvision run, defaults', run: () => lossyvision([]) },
  { name: 'script + PSNR/SSIM', run: () => timed(PYTHON, [SCRIPT, 'sweep', imageDir, LEVELS, '--fidelity']) },
  { name: 'lossyvision run --fidelity none', run: () => lossyvision(['--fidelity', 'none']) },
  { name: 'codec: Pillow encode+decode', run: () => timed(PYTHON, [SCRIPT, 'codec', imageDir, LEVELS]), loopCpu: true },
  {
    name: 'codec: lossyvision +PSNR+SSIM',
    run: () => timed(process.execPath, ['--import', 'tsx', join(root, 'bench', 'peers', 'lossyvision-codec.ts'), imageDir, LEVELS, 'full']),
    loopCpu: true,
  },
  {
    name: 'codec: lossyvision alone',
    run: () => timed(process.execPath, ['--import', 'tsx', join(root, 'bench', 'peers', 'lossyvision-codec.ts'), imageDir, LEVELS, 'none']),
    loopCpu: true,
  },
];

console.log(`${count} images ${WIDTH}×${HEIGHT} in ${imageDir}; pristine + jpeg:${LEVELS}; ${rounds} rounds, arms interleaved`);
const results = new Map<string, { wall: number; cpu: number }[]>(arms.map((a) => [a.name, []]));
let pristineTop1: Record<string, number> | undefined;
for (let round = 1; round <= rounds; round++) {
  for (const arm of arms) {
    const t = arm.run();
    const cpu = arm.loopCpu ? (JSON.parse(t.stdout) as { cpu_s: number }).cpu_s : t.cpu;
    if (arm.name === 'script, no fidelity') pristineTop1 ??= (JSON.parse(t.stdout) as { pristine_top1: Record<string, number> }).pristine_top1;
    results.get(arm.name)!.push({ wall: t.wall, cpu });
    console.log(`round ${round}  ${arm.name.padEnd(32)} wall ${t.wall.toFixed(1).padStart(6)} s  CPU ${cpu.toFixed(1).padStart(6)} s${arm.loopCpu ? ' (loop)' : ''}`);
  }
}
rmSync(runs, { recursive: true, force: true });

// Both sides' pristine top-1 on the first images: the same model and the same preprocessing.
const model = await loadModel(`${onnx}@${modelConfig}`, { task: 'classification', intraOpNumThreads: 1 });
const checked = readdirSync(imageDir).sort().slice(0, AGREEMENT_IMAGES);
let agree = 0;
for (const name of checked) {
  const prediction = (await model.predict(await decodeImage(join(imageDir, name)))) as { top: { index: number }[] };
  if (prediction.top[0].index === pristineTop1![name]) agree++;
}
await model.dispose();

const mean = (name: string, key: 'wall' | 'cpu'): number => {
  const xs = results.get(name)!.map((r) => r[key]);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
/** A table row; `atLeast` is the goal for the ratio, if it sets one. */
const line = (what: string, peer: string, ours: string, key: 'wall' | 'cpu', atLeast?: { ratio: number; text: string }): void => {
  const ratio = mean(peer, key) / mean(ours, key);
  const goal = atLeast ? `${atLeast.text} ${ratio >= atLeast.ratio ? '✔' : '✘'}` : '—';
  console.log(`| ${what} | ${mean(ours, key).toFixed(1)} s | ${mean(peer, key).toFixed(1)} s | ${ratio.toFixed(2)}× | ${goal} |`);
};
console.log(`\npristine top-1 agreement, lossyvision vs the script: ${agree}/${checked.length} (${((100 * agree) / checked.length).toFixed(0)} %)`);
console.log(`means of ${rounds} rounds; ratio = peer ÷ lossyvision (> 1: lossyvision faster)\n`);
console.log('| work | lossyvision | peer | ratio | goal |');
console.log('|---|---|---|---|---|');
for (const key of ['wall', 'cpu'] as const) {
  line(`run defaults vs script, no fidelity (${key})`, 'script, no fidelity', 'lossyvision run, defaults', key, { ratio: 1.5, text: '≥ 1.5×' });
  line(`run defaults vs script + PSNR/SSIM (${key})`, 'script + PSNR/SSIM', 'lossyvision run, defaults', key, { ratio: 2, text: '≥ 2×' });
  line(`run --fidelity none vs script, no fidelity (${key})`, 'script, no fidelity', 'lossyvision run --fidelity none', key);
}
line('codec + PSNR + SSIM vs Pillow codec (loop CPU)', 'codec: Pillow encode+decode', 'codec: lossyvision +PSNR+SSIM', 'cpu', { ratio: 1 / 1.2, text: '≥ 1/1.2 = 0.83× (≤ 1.2× Pillow\'s time)' });
line('codec alone vs Pillow codec (loop CPU)', 'codec: Pillow encode+decode', 'codec: lossyvision alone', 'cpu');
