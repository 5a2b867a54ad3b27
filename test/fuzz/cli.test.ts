import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deepJsonArray, hugePng, makeSpecial, write, xxeXml } from './inputs.js';

/**
 * The CLI end to end on a representative subset of the hostile inputs (spawning costs a second
 * or more each; hostile.test.ts covers the rest in-process): exit 0 or 2, no stack trace, the
 * file named, within a time and memory cap. Peak memory is read with GNU time where it exists.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test/fixtures');
const TIME = '/usr/bin/time';
const CAP_MS = 90_000;
const CAP_RSS_MB = 1024;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssMb?: number;
}

function lv(args: string[]): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'lv-fuzz-cli-'));
  const rssFile = join(dir, 'rss');
  const command = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args];
  const [exe, ...rest] = existsSync(TIME) ? [TIME, '-f', '%M', '-o', rssFile, ...command] : command;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(exe, rest, { cwd: root, timeout: CAP_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 : undefined;
      resolve({ status, stdout, stderr, ms: Date.now() - started, ...(rss === undefined || Number.isNaN(rss) ? {} : { rssMb: rss }) });
    });
  });
}

function expectHandled(r: Result, exit: 0 | 2, names?: string): void {
  expect(r.status, r.stderr).toBe(exit);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/internal error/);
  if (names) expect(r.stderr.trimEnd().split('\n').at(-1)).toContain(names);
  expect(r.ms).toBeLessThan(CAP_MS);
  if (r.rssMb !== undefined) expect(r.rssMb).toBeLessThan(CAP_RSS_MB);
}

describe('hostile input through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lv-fuzz-cli-data-'));

  it('eval: COCO ground truth nested 100 000 levels; VOC with an external entity; segmentation at 65 536 classes and a 40 000² header', async () => {
    const deep = join(dir, 'deep.json');
    write(deep, deepJsonArray(100_000));
    const pred = join(dir, 'pred.json');
    write(pred, '[]');
    const voc = join(dir, 'voc');
    cpSync(join(fixtures, 'datasets/voc'), voc, { recursive: true });
    const secretText = 'lossyvision-cli-secret-19ab';
    write(join(dir, 'secret.txt'), secretText);
    const xml = join(voc, 'Annotations/000001.xml');
    write(xml, xxeXml(join(dir, 'secret.txt')));
    const seg = join(fixtures, 'segmentation/palette');
    const hugeGt = join(dir, 'seg-gt');
    cpSync(join(seg, 'gt'), hugeGt, { recursive: true });
    write(join(hugeGt, 'img_00.png'), hugePng(40_000, 40_000));

    const [coco, xxe, classes, huge] = await Promise.all([
      lv(['eval', '--task', 'detection', '--gt', deep, '--pred', pred]),
      lv(['eval', '--task', 'detection', '--protocol', 'voc07', '--gt', voc, '--pred', pred]),
      lv(['eval', '--task', 'segmentation', '--gt', join(seg, 'gt'), '--pred', join(seg, 'pred'), '--num-classes', '65536', '--json']),
      lv(['eval', '--task', 'segmentation', '--gt', hugeGt, '--pred', join(seg, 'pred'), '--num-classes', '8']),
    ]);
    expectHandled(coco, 2, 'deep.json');
    expect(coco.stderr).toMatch(/nested at most 256 levels/);
    expectHandled(xxe, 2, '000001.xml');
    expect(xxe.stderr).toMatch(/no <!DOCTYPE> declaration/);
    expect(xxe.stdout + xxe.stderr).not.toContain(secretText);
    expectHandled(classes, 0);
    expect(JSON.parse(classes.stdout).metrics.perClassIoU).toHaveLength(65_536);
    expectHandled(huge, 2, 'img_00.png');
    expect(huge.stderr).toMatch(/at most 100000000 pixels \(--max-pixels\) but its header says 40000×40000/);
  }, 4 * CAP_MS);

  it('run: a FIFO, a link to /dev/zero and a 16 000² PNG in a plain folder are failed samples with their reason; stale temporary files are swept', async () => {
    const data = join(dir, 'folder');
    mkdirSync(data, { recursive: true });
    copyFileSync(join(fixtures, 'datasets/coco/images/coffee.png'), join(data, 'coffee.png'));
    makeSpecial(join(data, 'fifo.png'), 'fifo');
    makeSpecial(join(data, 'zero.png'), 'dev-zero');
    write(join(data, 'huge.png'), hugePng(16_000, 16_000, { colorType: 2 }));
    const out = join(dir, 'out');
    // What a run SIGKILLed during the store leaves (pid 99999999 is above any pid_max).
    write(join(out, 'results.csv.99999999.tmp'), 'partial');
    write(join(out, 'table.md.99999999.tmp'), 'partial');
    const r = await lv(['run', '--task', 'segmentation', '--model', 'zoo:selfie', '--data', data, '--codec', 'jpeg:50', '--num-classes', '65536', '--out', out, '--no-progress', '--workers', '1']);
    expectHandled(r, 0);
    const failures = readFileSync(join(out, 'failures.csv'), 'utf8');
    expect(failures).toMatch(/fifo\.png.*a FIFO \(named pipe\); only regular files are read/);
    // A link out of the folder is refused as such (issue 19) before its target is looked at; a link inside would be refused as a device.
    expect(failures).toMatch(/zero\.png.*(a character device; only regular files are read|symbolic link to \/dev\/zero, outside it)/);
    expect(failures).toMatch(/huge\.png.*at most 100000000 pixels \(--max-pixels\) but its header says 16000×16000/);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 2 * CAP_MS);
});
