import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../src/csv.js';
import { openFolder } from '../../src/datasets/folder.js';
import { parseVocAnnotation } from '../../src/datasets/voc/annotations.js';
import { runSweep } from '../../src/sweep/run.js';
import { storeResults } from '../../src/sweep/store.js';
import { studyTable, tableCsv, tableMarkdown } from '../../src/sweep/table.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { expectUserError, lv, root } from './lv.js';

const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));
const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
const cocoCases = fileURLToPath(new URL('../fixtures/coco/bbox-cases.json', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-small-truths-'));
});

const sweepConfig = async (data: string, conditions: SweepConfig['conditions']): Promise<SweepConfig> => ({
  task: 'detection',
  data,
  models: ['grid'],
  conditions,
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: await mkdtemp(join(tmpdir(), 'lv-small-truths-cache-')),
  modelLoader: gridModel,
});

describe('small truths', () => {
  it('a closed stdout (`… | head -1`) ends the CLI quietly, exit 0', () => {
    // `true` reads nothing and exits at once: every write the CLI makes meets a closed pipe (EPIPE).
    const r = spawnSync('bash', ['-c', 'node --import tsx src/cli/main.ts codecs | true; echo "exit ${PIPESTATUS[0]}"'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toBe('exit 0\n');
    expect(r.stderr).toBe('');
  });

  it('JSON errors give line and column, and say what NaN / Infinity are', async () => {
    const file = join(dir, 'nan.json');
    await writeFile(file, '[\n  {"image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4], "score": NaN}\n]');
    const r = lv('eval', '--task', 'detection', '--gt', 'test/fixtures/datasets/coco/annotations/instances_val.json', '--pred', file);
    expectUserError(r, /nan\.json: malformed JSON \(line 2, column 68\): Unexpected token 'N' \(JSON has no NaN or Infinity, as Python's json module writes them: use null or a number\)$/);
  });

  it('messages quote at most ~200 characters of a bad value', async () => {
    const file = join(dir, 'huge.json');
    const huge = 'x'.repeat(2_000_000);
    await writeFile(file, JSON.stringify({ images: [{ id: 1, file_name: 'a.png', width: huge, height: 2 }], categories: [], annotations: [] }));
    const r = lv('eval', '--task', 'detection', '--gt', file, '--pred', file);
    expectUserError(r, /images\[0\] \(id 1\): Expected a positive integer for width but received "x{200}… \(2000000 characters in all\)" of type string$/);
    expect(r.stderr.length).toBeLessThan(600);
  });

  it('a keypoint-count mismatch names the file and stops before the first sample', async () => {
    const data = join(dir, 'pose14');
    await mkdir(join(data, 'images'), { recursive: true });
    await copyFile(join(photos, 'astronaut.png'), join(data, 'images', 'astronaut.png'));
    const keypoints = Array.from({ length: 14 }, (_, k) => [100 + k, 100 + k, 2]).flat();
    await mkdir(join(data, 'annotations'));
    await writeFile(
      join(data, 'annotations', 'person_keypoints_val.json'),
      JSON.stringify({
        images: [{ id: 1, file_name: 'astronaut.png', width: 512, height: 512 }],
        categories: [{ id: 1, name: 'person', keypoints: Array.from({ length: 14 }, (_, k) => `k${k}`) }],
        annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [90, 90, 30, 30], area: 900, iscrowd: 0, keypoints, num_keypoints: 14 }],
      }),
    );
    const r = lv('run', '--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', data, '--codec', 'jpeg:50', '--out', join(dir, 'pose-out'));
    expectUserError(r, /person_keypoints_val\.json: Expected 17 keypoints per person \(COCO's, one OKS sigma each, as the pose models answer\) but the annotations have 14 \(annotation id 1\)$/);
  });

  it('a symbolic link that leads out of the dataset folder is refused like a "../" path', async () => {
    const data = join(dir, 'linked');
    await mkdir(data);
    await copyFile(join(photos, 'chelsea.png'), join(data, 'inside.png'));
    await symlink(join(photos, 'coffee.png'), join(data, 'outside.png'));
    await symlink('inside.png', join(data, 'alias.png'));
    const samples = [];
    for await (const s of (await openFolder(data)).samples()) samples.push(s);
    const byId = new Map(samples.map((s) => [s.id, s]));
    await expect(byId.get('outside.png')!.bytes()).rejects.toThrow(/outside\.png: Expected a file inside \S+ but it is a symbolic link to \S+coffee\.png, outside it/);
    await expect(byId.get('outside.png')!.load()).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    // A link that stays inside is an ordinary file.
    expect((await byId.get('alias.png')!.load()).width).toBe(451);
  });

  it('CSV outputs neutralise cells a spreadsheet would run as formulas, not numbers', async () => {
    expect(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=x', '-0.25', '-inf', '1e-3', 'plain'].map(csvField)).toEqual([
      "'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\t=x", '-0.25', '-inf', '1e-3', 'plain',
    ]);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Through a sweep: a broken image named like a formula lands in failures.csv as text.
    const data = join(dir, 'formula');
    await mkdir(data);
    await copyFile(join(photos, 'chelsea.png'), join(data, 'ok.png'));
    await writeFile(join(data, '=HYPERLINK(1).png'), 'not an image');
    const result = await runSweep(await sweepConfig(data, [{ codec: 'jpeg', level: 50 }]));
    const files = await storeResults(result, join(dir, 'formula-out'));
    const failures = await readFile(files.failures, 'utf8');
    expect(failures.split('\n')[1]).toMatch(/^'=HYPERLINK\(1\)\.png,,,,/);
    expect(await readFile(files.results.csv, 'utf8')).not.toMatch(/(^|,)[=+@]/m);
  });

  it('VOC XML with hex or negative sizes is an error', () => {
    const xml = (w: string, h = '10') => `<annotation><size><width>${w}</width><height>${h}</height></size></annotation>`;
    expect(() => parseVocAnnotation(xml('0x20'), 'a.xml')).toThrow(/^a\.xml: size: Expected a decimal number in <width> but received "0x20"$/);
    expect(() => parseVocAnnotation(xml('20', '-5'), 'a.xml')).toThrow(/^a\.xml: size: Expected a whole number of pixels ≥ 0 in <height> but received "-5"$/);
    expect(() => parseVocAnnotation(xml('20', '1e3'), 'a.xml')).toThrow(/Expected a decimal number in <height>/);
    expect(parseVocAnnotation(xml('20', '10'), 'a.xml')).toMatchObject({ width: 20, height: 10 });
  });

  it('images smaller than the SSIM window get PSNR and a note, not a failure', async () => {
    const data = join(dir, 'tiny');
    await mkdir(data);
    const pixels = Buffer.from(Array.from({ length: 8 * 6 * 3 }, (_, i) => (i * 37) % 256));
    await sharp(pixels, { raw: { width: 8, height: 6, channels: 3 } }).png().toFile(join(data, 'tiny.png'));
    await copyFile(join(photos, 'chelsea.png'), join(data, 'chelsea.png'));
    const result = await runSweep(await sweepConfig(data, [{ codec: 'jpeg', level: 50 }]));
    expect(result.failures).toEqual([]);
    const jpeg = result.cells[1];
    expect([jpeg.n, jpeg.noSsim]).toEqual([2, 1]);
    expect(Number.isFinite(jpeg.meanPsnr)).toBe(true);
    expect(jpeg.meanSsim).toBeGreaterThan(0.5);
    const table = studyTable(result);
    expect(tableMarkdown(table)).toMatch(/\| 0\.\d{4} \(1 too small\) \|/);
    expect(tableMarkdown(table)).toMatch(/SSIM: "\(k too small\)": k samples smaller than the 11×11 SSIM window have no SSIM/);
  });

  it('a mean PSNR over lossless and lossy samples is the finite mean, with the lossless counted', async () => {
    const data = join(dir, 'lossless');
    await mkdir(data);
    // Flat grey survives JPEG 90 bit for bit (PSNR ∞); the photo does not.
    await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toFile(join(data, 'grey.png'));
    await copyFile(join(photos, 'chelsea.png'), join(data, 'chelsea.png'));
    const both = await runSweep(await sweepConfig(data, [{ codec: 'jpeg', level: 90 }]));
    const photoOnly = join(dir, 'photo-only');
    await mkdir(photoOnly);
    await copyFile(join(photos, 'chelsea.png'), join(photoOnly, 'chelsea.png'));
    const alone = await runSweep(await sweepConfig(photoOnly, [{ codec: 'jpeg', level: 90 }]));
    expect(both.cells[1].lossless).toBe(1);
    expect(both.cells[1].meanPsnr).toBe(alone.cells[1].meanPsnr);
    const table = studyTable(both);
    expect(table.rows[1]).toMatchObject({ psnr: alone.cells[1].meanPsnr, lossless: 1 });
    expect(tableMarkdown(table)).toMatch(/\| \d+\.\d\d \(1 lossless\) \|/);
    const [header, , jpegRow] = tableCsv(table).split('\n').map((l) => l.split(','));
    expect(jpegRow[header.indexOf('psnr')]).toBe(String(alone.cells[1].meanPsnr));
  });

  it('COCO annotation id 0: pycocotools\' numbers, and a warning naming the annotation', async () => {
    const c = (JSON.parse(await readFile(cocoCases, 'utf8')) as { name: string; gt: unknown; results: unknown; stats: number[] }[]).find((x) => x.name === 'annotation-id-zero')!;
    const gt = join(dir, 'id0-gt.json');
    const pred = join(dir, 'id0-results.json');
    await writeFile(gt, JSON.stringify(c.gt));
    await writeFile(pred, JSON.stringify(c.results));
    const r = lv('eval', '--task', 'detection', '--gt', gt, '--pred', pred, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^lossyvision: warning: \S+id0-gt\.json: annotations\[\d+\] \(id 0\): annotation id 0 is what pycocotools uses for "unmatched"/);
    expect(JSON.parse(r.stdout).metrics.AP).toBeCloseTo(c.stats[0], 12);
  });
});
