import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the real CLI, as a user would. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'lossyvision-compress-'));

describe('lossyvision compress', () => {
  it('writes the bitstream and prints bytes, bpp, PSNR and SSIM', () => {
    const out = join(dir, 'astronaut-q10.jpg');
    const r = cli('compress', 'demo/photos/astronaut.png', '--codec', 'jpeg:10', '-o', out);
    expect(r.code).toBe(0);
    const written = readFileSync(out);
    expect(written.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(r.stdout).toContain(`bytes   ${written.length}\n`);
    expect(r.stdout).toContain(`bpp     ${((8 * written.length) / (512 * 512)).toFixed(4)}\n`);
    expect(r.stdout).toMatch(/PSNR {4}\d+\.\d\d dB \(RGB\)/);
    expect(r.stdout).toMatch(/SSIM {4}0\.\d{6} \(luma\)/);
    expect(r.stderr).toBe('');
  });

  it('--json reports numbers, ∞ PSNR as "Infinity", and flags double compression', () => {
    const r = cli('compress', 'demo/photos/rocket.jpg', '--codec', 'png', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      codec: 'png',
      level: 6,
      width: 640,
      height: 427,
      psnr: 'Infinity',
      ssim: 1,
      doubleCompression: true,
      source: { format: 'jpeg', lossy: true },
    });
    expect(report.bpp).toBeCloseTo((8 * (report.bytes as number)) / (640 * 427), 12);
    expect(r.stderr).toBe('lossyvision: warning: source is already lossy (jpeg): this is double compression\n');
  });

  it.each([
    [['--codec', 'jpeg:0'], '--codec jpeg:0: Expected integer between 1 and 100 for quality but received 0 of type number'],
    [['--codec', 'h264:99'], '--codec h264:99: Expected integer between 0 and 51 for crf but received 99 of type number'],
    [['--codec', 'nope:5'], '--codec nope:5: Unknown codec "nope", expected one of: jpeg, mozjpeg, webp, avif, png, h264, h265, vp9, av1'],
    [['--codec', 'jpeg:10,20'], 'Expected one quality level for compress but received 2 (10, 20)'],
  ])('exits 2 without a stack trace for %j', (args, message) => {
    const r = cli('compress', 'demo/photos/chelsea.png', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lossyvision: ${message}\n`);
  });

  it('names a missing or undecodable input', () => {
    const missing = cli('compress', 'demo/photos/none.png', '--codec', 'jpeg:10');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('lossyvision: demo/photos/none.png: no such file, expected an image file\n');
    const broken = cli('compress', 'package.json', '--codec', 'jpeg:10');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^lossyvision: package\.json: cannot decode image: /);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lossyvision codecs', () => {
  it('lists codecs, level ranges, presets and library versions', () => {
    const r = cli('codecs');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^jpeg +image +quality 1–100 +75 +chroma=420 \(420\|444\)/m);
    expect(r.stdout).toMatch(/^h264 +video +crf 0–51 /m);
    expect(r.stdout).toMatch(/^ {2}paper +jpeg:95,75,50,15,10,5 h264:23,25,30,40,50$/m);
    expect(r.stdout).toMatch(/libvips \d+\.\d+\.\d+/);
    expect(r.stdout).toMatch(/libwebp \d+\.\d+\.\d+/);
    expect(r.stdout).toMatch(/libaom \d+\.\d+\.\d+/);
  });

  it('--json gives the same as data', () => {
    const r = cli('codecs', '--json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { codecs: { id: string; level: { min: number; max: number } }[]; libraries: Record<string, string> };
    expect(data.codecs.map((c) => c.id)).toEqual(['jpeg', 'mozjpeg', 'webp', 'avif', 'png', 'h264', 'h265', 'vp9', 'av1']);
    expect(data.codecs.find((c) => c.id === 'vp9')?.level).toMatchObject({ min: 0, max: 63 });
    expect(data.libraries.vips).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
