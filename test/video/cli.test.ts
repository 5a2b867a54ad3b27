import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the real CLI, as a user would. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXCERPT = 'test/fixtures/video/vtest-10.avi';
const dir = mkdtempSync(join(tmpdir(), 'lossyvision-compress-video-'));

describe('lossyvision compress-video', () => {
  it('encodes two levels, writes both bitstreams and warns that the source is already lossy', () => {
    const out = join(dir, 'clip.h264');
    const r = cli('compress-video', EXCERPT, '--codec', 'h264:25,40@preset=veryfast', '--frames', '4', '-o', out, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`lossyvision: warning: ${EXCERPT} is already lossy (msmpeg4v3): every level measures double compression\n`);
    const report = JSON.parse(r.stdout) as { results: { level: number; bytes: number; frames: number; params: Record<string, unknown>; bitstreamPath: string }[] };
    expect(report.results.map((x) => [x.level, x.frames])).toEqual([
      [25, 4],
      [40, 4],
    ]);
    expect(report.results[0].params.preset).toBe('veryfast');
    for (const x of report.results) expect(statSync(x.bitstreamPath).size).toBe(x.bytes);
    expect(readFileSync(join(dir, 'clip-25.h264')).length).toBe(report.results[0].bytes);
  });

  it('prints a table', () => {
    const r = cli('compress-video', EXCERPT, '--codec', 'h264:30@preset=ultrafast', '--frames', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^codec {4}h264 via libx264 \S+/m);
    expect(r.stdout).toMatch(/^crf 30 +\d+ +0 +\d+\.\d +0\.\d{4} +\d+\.\d\d +0\.\d{4} +\d+\.\d$/m);
  });

  it('exits 2 with a message naming the file for a corrupt video', () => {
    const r = cli('compress-video', 'test/fixtures/video/LICENSES.md', '--codec', 'h264:30');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lossyvision: test\/fixtures\/video\/LICENSES\.md: not a video file ffmpeg can read/);
  });
});
