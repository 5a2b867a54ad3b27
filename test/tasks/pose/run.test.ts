import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('lossyvision run --task pose', () => {
  it('sweeps zoo:movenet-lightning over photos in reference mode and prints the study table', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-pose-data-'));
    for (const f of ['astronaut.png', 'chelsea.png']) await copyFile(join(root, 'demo/photos', f), join(data, f));
    const out = join(data, 'out');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--task', 'pose', '--model', 'zoo:movenet-lightning',
      '--data', data, '--codec', 'jpeg:50,10', '--out', out], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('(reference: pristine predictions)');
    expect(lines[1]).toMatch(/^model +codec +level +AP +AP50 +AP75 +PCKh@0\.5 +bpp +PSNR \(dB\) +SSIM +n +failures$/);
    // The astronaut is the only person found (the cat is not one): her pristine pose is its own reference.
    expect(lines[3]).toMatch(/^zoo:movenet-lightning +pristine +– +1\.000 +1\.000 +1\.000 +1\.000 .* 2 +0$/);
    expect(lines[4]).toMatch(/^zoo:movenet-lightning +jpeg +50 +(\d\.\d{3} +){4}\d\.\d{3} .* 2 +0$/);
    expect(lines[5]).toMatch(/^zoo:movenet-lightning +jpeg +10 /);
    expect(r.stdout).toContain('2 samples, 3 cells, 0 failures');
    const csv = await readFile(join(out, 'results.csv'), 'utf8');
    // The store keeps every value, per-keypoint PCK included.
    expect(csv).toMatch(/zoo:movenet-lightning,[0-9a-f]{64},jpeg,10(\.0)?,pckh@0\.5,left_shoulder,/);
    expect(csv).toMatch(/,coco-keypoints,AR,/);
  });
});
