import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_TAG } from '../../src/temp-files.js';
import { lv, root } from './lv.js';

/** Every process whose command line mentions `text`, as "pid args". */
function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(text) && !/\sZ/.test(line.slice(0, 16)))
    .map((line) => line.trim());
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Files and folders under `dir`, recursively, relative. */
async function tree(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    out.push(entry.name);
    if (entry.isDirectory()) out.push(...(await tree(join(dir, entry.name))).map((n) => `${entry.name}/${n}`));
  }
  return out;
}

/** A pid that no process has now (one that just exited). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

// The demo clip at a slow preset: encoding takes seconds, so the signal lands mid-encode.
const args = (out: string): string[] => [
  '--import', 'tsx', 'src/cli/main.ts', 'run', '--model', 'zoo:centernet', '--data', 'demo/video/vtest-60.avi',
  '--codec', 'h264:30@preset=veryslow', '--frame-stride', '30', '--max-frames', '30', '--out', out, '--no-progress',
];

describe('lossyvision run, interrupted during a video encode', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGKILL', null]] as const) {
    it(`${signal}: leaves no ffmpeg running and no temporary file after the next start`, async () => {
      const out = await mkdtemp(join(tmpdir(), `lv-interrupt-${signal}-`));
      const child = spawn(process.execPath, args(out), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));

      // Wait for the encoder: an ffmpeg reading the pristine frames under <out>/tmp.
      const deadline = Date.now() + 60_000;
      while (!processesMentioning(join(out, 'tmp')).some((p) => p.includes('libx264')) && Date.now() < deadline) await sleep(150);
      expect(processesMentioning(join(out, 'tmp')).some((p) => p.includes('libx264')), stderr).toBe(true);
      // The raw pristine frames are under --out, not in the system temp folder.
      expect((await tree(join(out, 'tmp'))).some((f) => /^lossyvision-video\.[0-9a-f]{8}\.\d+\.\w+\/pristine-768x576\.rgb$/.test(f))).toBe(true);

      child.kill(signal);
      const exit = await exited;
      if (code === null) expect(exit.signal).toBe('SIGKILL');
      else {
        expect(exit.code, stderr).toBe(code);
        expect(stderr).toMatch(new RegExp(`lossyvision: stopped by ${signal}\\n$`));
      }

      // No ffmpeg of the run survives it: killed by the handler, or by the lifeline after SIGKILL.
      const gone = Date.now() + 5_000;
      while (processesMentioning(out).length > 0 && Date.now() < gone) await sleep(50);
      expect(processesMentioning(out)).toEqual([]);

      // Leftovers a kill at another moment could leave (another run's pid, now gone): the next start removes them.
      const dead = deadPid();
      await mkdir(join(out, 'tmp', `lossyvision-video.${HOST_TAG}.${dead}.abcdef`), { recursive: true });
      await writeFile(join(out, 'tmp', `lossyvision-video.${HOST_TAG}.${dead}.abcdef`, 'pristine-768x576.rgb'), 'x');
      await writeFile(join(out, `results.csv.lv-${HOST_TAG}-${dead}-0a1b2c.tmp`), 'x');
      await writeFile(join(out, `table.csv.${dead}.tmp`), 'x');
      await mkdir(join(out, 'cache', 'tmp'), { recursive: true });
      await writeFile(join(out, 'cache', 'tmp', `k.json.lv-${HOST_TAG}-${dead}-0a1b2c.tmp`), 'x');
      // A live process's files are never touched.
      await writeFile(join(out, `results.json.lv-${HOST_TAG}-${process.pid}-0a1b2c.tmp`), 'mine');

      // The next start (here one that stops at a flag error right after starting) cleans up.
      const next = lv('run', '--model', 'zoo:centernet', '--data', 'demo/video/vtest-60.avi', '--out', out);
      expect(next.status).toBe(2);
      expect(await tree(join(out, 'tmp'))).toEqual([]);
      expect(await tree(join(out, 'cache', 'tmp'))).toEqual([]);
      expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([`results.json.lv-${HOST_TAG}-${process.pid}-0a1b2c.tmp`]);
    }, 90_000);
  }
});
