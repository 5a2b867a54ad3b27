import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Ffmpeg, findFfmpeg } from '../../src/video/ffmpeg.js';
import { decodeFrames } from '../../src/video/frames.js';
import { FfmpegProcess, liveFfmpegPids, runFfmpeg } from '../../src/video/process.js';

const EXCERPT = join(import.meta.dirname, '../fixtures/video/vtest-10.avi');
const SIZE = { width: 768, height: 576 };

/**
 * True while a process with this pid runs. A zombie does not run: when the parent test
 * process exits, its killed child is handed to PID 1, which in some containers never reaps it.
 */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

let ffmpeg: Ffmpeg;
beforeAll(async () => {
  ffmpeg = await findFfmpeg();
});

describe('decodeFrames', () => {
  it('streams every frame of the excerpt as 768×576 RGB', async () => {
    let count = 0;
    for await (const frame of decodeFrames(ffmpeg, { file: EXCERPT }, SIZE)) {
      expect(frame.width).toBe(768);
      expect(frame.data.length).toBe(768 * 576 * 3);
      count++;
    }
    expect(count).toBe(10);
    expect(liveFfmpegPids()).toEqual([]);
  });

  it('honours maxFrames and size', async () => {
    const frames = [];
    for await (const frame of decodeFrames(ffmpeg, { file: EXCERPT }, SIZE, { maxFrames: 3, size: { width: 96, height: 72 } })) frames.push(frame);
    expect(frames.map((f) => [f.width, f.height, f.data.length])).toEqual(Array(3).fill([96, 72, 96 * 72 * 3]));
  });

  it('leaves no orphan when the consumer stops early: ffmpeg is killed and reaped', async () => {
    let read = 0;
    let pids: number[] = [];
    for await (const _frame of decodeFrames(ffmpeg, { file: EXCERPT }, SIZE)) {
      pids = liveFfmpegPids();
      if (++read === 2) break;
    }
    expect(pids).toHaveLength(1);
    expect(alive(pids[0])).toBe(false);
    expect(liveFfmpegPids()).toEqual([]);
  });

  it('kills ffmpeg when aborted mid-stream', async () => {
    const controller = new AbortController();
    let pid = -1;
    const run = (async () => {
      for await (const _frame of decodeFrames(ffmpeg, { file: EXCERPT }, SIZE, { signal: controller.signal })) {
        pid = liveFfmpegPids()[0];
        controller.abort();
      }
    })();
    await expect(run).rejects.toThrow(`${EXCERPT}: decoding ${EXCERPT} aborted`);
    expect(alive(pid)).toBe(false);
  });

  it('holds ffmpeg back while the consumer is busy (backpressure), without tripping the stall timeout', async () => {
    let count = 0;
    for await (const _frame of decodeFrames(ffmpeg, { file: EXCERPT }, SIZE, { stallTimeoutMs: 200 })) {
      // Longer than the stall timeout: waiting on the consumer is not ffmpeg stalling.
      if (count++ === 0) await new Promise((r) => setTimeout(r, 400));
    }
    expect(count).toBe(10);
  });
});

describe('FfmpegProcess', () => {
  it('reports an ffmpeg that cannot start', async () => {
    await expect(runFfmpeg('/nonexistent/ffmpeg', ['-version'], { what: 'probing', file: 'clip.avi' })).rejects.toThrow(
      'clip.avi: could not start ffmpeg (/nonexistent/ffmpeg) for probing: spawn /nonexistent/ffmpeg ENOENT',
    );
    expect(liveFfmpegPids()).toEqual([]);
  });

  it('kills a stuck ffmpeg after the stall timeout, with a message naming the file', async () => {
    // ffmpeg waits for raw frames on stdin that never come.
    const proc = new FfmpegProcess(ffmpeg.path, ['-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', '8x8', '-i', 'pipe:0', '-f', 'null', '-'], {
      what: 'encoding a test',
      file: 'clip.avi',
      stdin: true,
      stallTimeoutMs: 300,
    });
    const started = Date.now();
    await expect(proc.finish()).rejects.toThrow('clip.avi: ffmpeg made no progress for 300 ms while encoding a test and was stopped');
    expect(Date.now() - started).toBeLessThan(5_000);
    await proc.dispose();
    expect(alive(proc.pid)).toBe(false);
  });

  it('kills its children when the parent process exits', async () => {
    // The child neither reads stdin nor writes stdout (`-re` paces it to real time, output to
    // null), so no broken pipe would stop it: only the exit hook does.
    const dir = await mkdtemp(join(tmpdir(), 'lv-orphan-'));
    const script = join(dir, 'parent.mts');
    const ffmpegModule = new URL('../../src/video/ffmpeg.ts', import.meta.url).href;
    const processModule = new URL('../../src/video/process.ts', import.meta.url).href;
    await writeFile(
      script,
      [
        `import { findFfmpeg } from '${ffmpegModule}';`,
        `import { FfmpegProcess } from '${processModule}';`,
        'const ffmpeg = await findFfmpeg();',
        "const args = ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'color=s=16x16:r=10', '-t', '60', '-f', 'null', '-'];",
        "const proc = new FfmpegProcess(ffmpeg.path, args, { what: 'idling' });",
        'await new Promise((r) => setTimeout(r, 200));',
        'process.stdout.write(String(proc.pid));',
        'process.exit(0);',
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '../..') });
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // SIGKILL is delivered at once, but let the kernel finish tearing the process down.
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });
});
