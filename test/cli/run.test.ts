import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', ...args], { cwd: root, encoding: 'utf8' });

describe('lossyvision run', () => {
  it('records a truncated image as a failed sample, goes on, and says so in the table and files', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-run-data-'));
    await copyFile(join(root, 'demo/photos/astronaut.png'), join(data, 'astronaut.png'));
    await writeFile(join(data, 'broken.png'), (await readFile(join(root, 'demo/photos/coffee.png'))).subarray(0, 5000));
    const out = join(data, 'out');
    const r = cli('--model', 'zoo:centernet', '--data', data, '--codec', 'jpeg:20', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    // No progress bar when stderr is not a terminal: at most heartbeat lines, on a slow machine.
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('lossyvision: progress: '))).toEqual([]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('(reference: pristine predictions)');
    expect(lines[1]).toMatch(/^model +codec +level +AP +AP50 +AP75 +bpp +PSNR \(dB\) +SSIM +n +failures$/);
    expect(lines[3]).toMatch(/^zoo:centernet +pristine +– +1\.000 .* 1 +1$/);
    expect(lines[4]).toMatch(/^zoo:centernet +jpeg +20 .* 1 +1$/);
    expect(r.stdout).toContain('2 samples, 2 cells, 1 failure ');
    const failures = (await readFile(join(out, 'failures.csv'), 'utf8')).trim().split('\n');
    expect(failures).toHaveLength(2);
    expect(failures[1]).toMatch(/^broken\.png,,,,".*broken\.png.*"$|^broken\.png,,,,.*broken\.png/);
  });

  it('stops with exit 2 and names the model file when a model cannot be loaded', () => {
    const r = cli('--model', 'zoo:centernet', '--model', 'no/such/detector.onnx', '--data', 'demo/photos', '--codec', 'jpeg:50', '--out', join(tmpdir(), 'lv-never'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^lossyvision: no\/such\/detector\.onnx: model not found/);
    expect(r.stdout).toBe('');
  });

  it('asks for codec levels, and checks numbers with the house template', () => {
    const none = cli('--model', 'zoo:centernet', '--data', 'demo/photos');
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('lossyvision: Expected at least one --codec or --preset for run\n');
    const workers = cli('--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:50', '--workers', '0');
    expect(workers.stderr).toBe('lossyvision: Expected integer of at least 1 for --workers but received 0 of type number\n');
  });
});
