import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const astronaut = join(root, 'demo/photos/astronaut.png');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'predict', ...args], { cwd: root, encoding: 'utf8' });

async function pixels(file: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(file).removeAlpha().raw().toBuffer());
}

/** Pixels that differ between two same-sized RGB images, counted inside [x0, x1) × [y0, y1) and outside. */
function changed(a: Uint8Array, b: Uint8Array, width: number, box: [number, number, number, number]): { inside: number; outside: number } {
  const [x0, y0, x1, y1] = box;
  let inside = 0;
  let outside = 0;
  for (let i = 0; i < a.length; i += 3) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    if (x >= x0 && x < x1 && y >= y0 && y < y1) inside++;
    else outside++;
  }
  return { inside, outside };
}

let dir: string;
let original: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-predict-'));
  original = await pixels(astronaut);
});

describe('lossyvision predict', () => {
  it('draws the person box zoo:centernet finds on the astronaut and lists it', async () => {
    const out = join(dir, 'centernet.png');
    const r = cli(astronaut, '--model', 'zoo:centernet', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${astronaut} · pristine · zoo:centernet`);
    expect(lines[1]).toMatch(/^category +score +x +y +w +h$/);
    const person = lines.slice(3).find((l) => l.startsWith('person '));
    expect(person).toBeDefined();
    const [x, y, w, h] = person!.trim().split(/ +/).slice(2).map(Number);
    expect(w * h).toBeGreaterThan(300 * 400); // the astronaut fills most of the 512×512 photo
    expect(r.stdout).toContain(`drawn: ${out}`);
    // The box outline changes pixels along its edges; far from every box nothing changes.
    const drawn = await pixels(out);
    const near = changed(original, drawn, 512, [Math.floor(x) - 4, Math.floor(y) - 4, Math.ceil(x + w) + 4, Math.ceil(y + h) + 4]);
    expect(near.inside).toBeGreaterThan(2 * (w + h));
    expect(near.outside).toBe(0);
  });

  it('compresses first with --codec and prints MoveNet keypoints as JSON', async () => {
    const out = join(dir, 'movenet.png');
    const r = cli(astronaut, '--task', 'pose', '--model', 'zoo:movenet-lightning', '--codec', 'jpeg:10', '--json', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { codec: string; level: number; bpp: number; psnr: number; predictions: { person: number; keypoint: string; x: number; y: number; score: number }[] };
    expect(json).toMatchObject({ task: 'pose', model: 'zoo:movenet-lightning', codec: 'jpeg', level: 10, output: out });
    expect(json.bpp).toBeGreaterThan(0.1);
    expect(json.bpp).toBeLessThan(1);
    expect(json.psnr).toBeGreaterThan(20);
    const nose = json.predictions.find((p) => p.keypoint === 'nose');
    // The astronaut's nose is near (223, 121) in the 512×512 photo.
    expect(nose).toBeDefined();
    expect(Math.hypot(nose!.x - 223, nose!.y - 121)).toBeLessThan(25);
    expect(json.predictions.every((p) => p.score >= 0.3 && p.person === 1)).toBe(true);
    // Drawn over the JPEG-10 image, not the original: it differs from both.
    const drawn = await pixels(out);
    expect(changed(original, drawn, 512, [0, 0, 0, 0]).outside).toBeGreaterThan(100_000);
  });

  it('paints the person zoo:selfie segments, and lists the label shares', async () => {
    const out = join(dir, 'selfie.png');
    const r = cli(astronaut, '--task', 'segmentation', '--model', 'zoo:selfie', '--json', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const { predictions } = JSON.parse(r.stdout) as { predictions: { label: number; pixels: number; share: number }[] };
    expect(predictions.map((p) => p.label)).toEqual([0, 1]);
    expect(predictions[0].pixels + predictions[1].pixels).toBe(512 * 512);
    expect(predictions[1].share).toBeGreaterThan(0.3); // the astronaut is a large share of the photo
    const diff = changed(original, await pixels(out), 512, [0, 0, 0, 0]);
    expect(diff.outside).toBeGreaterThan(0.9 * predictions[1].pixels); // person pixels painted, background left alone
    expect(diff.outside).toBeLessThan(predictions[1].pixels + 1);
  });

  it('passes --score-threshold to the model, and refuses run-only and other tasks\' settings', () => {
    const high = cli(astronaut, '--model', 'zoo:centernet', '--score-threshold', '0.9', '-o', join(dir, 'none.png'));
    expect(high.status, high.stderr).toBe(0);
    expect(high.stdout).toContain('no predictions');
    const bad = cli(astronaut, '--model', 'zoo:centernet', '--score-threshold', '2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('lossyvision: Expected number between 0 and 1 for --score-threshold but received 2 of type number\n');
    const depth = cli(astronaut, '--model', 'zoo:centernet', '--max-depth', '80');
    expect(depth.status).toBe(2);
    expect(depth.stderr).toBe('lossyvision: --max-depth applies to task depth, not detection\n');
    const wrongTask = cli(astronaut, '--task', 'pose', '--model', 'zoo:centernet');
    expect(wrongTask.status).toBe(2);
    expect(wrongTask.stderr).toContain('model zoo:centernet is a detection model, expected a pose model');
  });
});
