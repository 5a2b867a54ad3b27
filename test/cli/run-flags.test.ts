import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { constantGraph, writeGraph } from '../models/onnx-builder.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const depthData = join(root, 'test/fixtures/datasets/depth');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--workers', '1', ...args], { cwd: root, encoding: 'utf8' });

interface ResultRow { codec: string; metric: string; value: number | null }

async function pristine(out: string): Promise<Map<string, number | null>> {
  const rows = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultRow[];
  return new Map(rows.filter((r) => r.codec === 'pristine').map((r) => [r.metric, r.value]));
}

/** A "depth network" that answers 1 m on the left and 30 m on the right of every image. */
const rampDepth = () => writeGraph('ramp.onnx', constantGraph({ name: 'image', dims: [1, 3, 32, 32] }, [{ name: 'depth', dims: [1, 1, 1, 2], values: [1, 30] }]));

describe('run: task settings as flags', () => {
  it('--max-depth, --min-depth, --crop and --depth-scale each change the depth metrics', async () => {
    const model = rampDepth();
    const rmse = async (...flags: string[]): Promise<number> => {
      const out = await mkdtemp(join(tmpdir(), 'lv-run-depth-'));
      const r = cli('--task', 'depth', '--model', model, '--data', depthData, '--codec', 'png', '--out', out, ...flags);
      expect(r.status, r.stderr).toBe(0);
      const values = await pristine(out);
      expect(values.get('images')).toBe(2);
      return values.get('rmse')!;
    };
    const base = await rmse();
    const variants = [await rmse('--max-depth', '5'), await rmse('--min-depth', '3'), await rmse('--crop', 'garg'), await rmse('--depth-scale', 'nyu')];
    expect(base).toBeGreaterThan(0);
    for (const v of variants) {
      expect(v).toBeGreaterThan(0);
      expect(Math.abs(v - base)).toBeGreaterThan(1e-6);
    }
    // Capping at 5 m clamps the 30 m half of the prediction: the error must shrink.
    expect(variants[0]).toBeLessThan(base);
  });

  it('leaves results the report reads with the same metric settings', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lv-run-depth-report-'));
    const r = cli('--task', 'depth', '--model', rampDepth(), '--data', depthData, '--codec', 'jpeg:50,10', '--out', out, '--max-depth', '5', '--crop', 'garg');
    expect(r.status, r.stderr).toBe(0);
    const report = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'report', out, '--replicates', '50'], { cwd: root, encoding: 'utf8' });
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain(join(out, 'report', 'report.html'));
  });

  it('refuses bad values and settings of another task with exit 2, before any work', () => {
    const crop = cli('--task', 'depth', '--model', 'x.onnx', '--data', depthData, '--codec', 'png', '--crop', 'kitti');
    expect(crop.status).toBe(2);
    expect(crop.stderr).toBe('lossyvision: Expected one of: none, garg, eigen for --crop but received "kitti" of type string\n');
    const max = cli('--task', 'depth', '--model', 'x.onnx', '--data', depthData, '--codec', 'png', '--min-depth', '2', '--max-depth', '1');
    expect(max.stderr).toBe('lossyvision: Expected number greater than --min-depth (2) for --max-depth but received 1 of type number\n');
    const scale = cli('--task', 'depth', '--model', 'x.onnx', '--data', depthData, '--codec', 'png', '--depth-scale', 'metres');
    expect(scale.stderr).toBe('lossyvision: Expected positive number or one of: kitti, nyu for --depth-scale but received "metres" of type string\n');
    const alpha = cli('--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', 'demo/photos', '--codec', 'png', '--pck-alpha', '0');
    expect(alpha.stderr).toBe('lossyvision: Expected positive number for --pck-alpha but received 0 of type number\n');
    const reference = cli('--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', 'demo/photos', '--codec', 'png', '--pck-reference', 'hip');
    expect(reference.stderr).toBe('lossyvision: Expected one of: head, torso for --pck-reference but received "hip" of type string\n');
    const classes = cli('--task', 'segmentation', '--model', 'zoo:selfie', '--data', 'demo/photos', '--codec', 'png', '--num-classes', '1.5');
    expect(classes.stderr).toBe('lossyvision: Expected integer between 1 and 65536 for --num-classes but received 1.5 of type number\n');
    const batch = cli('--task', 'classification', '--model', 'x.onnx', '--data', 'demo/photos', '--codec', 'png', '--batch', '0');
    expect(batch.status).toBe(2);
    expect(batch.stderr).toBe('lossyvision: Expected integer of at least 1 for --batch but received 0 of type number\n');
    const elsewhere = cli('--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'png', '--ignore-index', '255');
    expect(elsewhere.status).toBe(2);
    expect(elsewhere.stderr).toBe('lossyvision: --ignore-index applies to task segmentation, not detection\n');
  });

  it('--pck-alpha and --pck-reference set the pose PCK column', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-run-pose-'));
    await copyFile(join(root, 'demo/photos/astronaut.png'), join(data, 'astronaut.png'));
    const out = join(data, 'out');
    const r = cli('--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', data, '--codec', 'jpeg:10', '--out', out, '--pck-alpha', '0.2', '--pck-reference', 'torso');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/ PCK@0\.2 /);
    const values = await pristine(out);
    expect(values.get('PCK@0.2')).toBe(1);
    expect(values.has('PCKh@0.5')).toBe(false);
  });

  it('--ignore-index leaves a label out of the segmentation scores', async () => {
    const data = await mkdtemp(join(tmpdir(), 'lv-run-seg-'));
    await copyFile(join(root, 'demo/photos/astronaut.png'), join(data, 'astronaut.png'));
    const jpeg5 = async (...flags: string[]): Promise<Map<string, number | null>> => {
      const out = await mkdtemp(join(data, 'out-'));
      const r = cli('--task', 'segmentation', '--model', 'zoo:selfie', '--data', data, '--codec', 'jpeg:5', '--out', out, ...flags);
      expect(r.status, r.stderr).toBe(0);
      const rows = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultRow[];
      return new Map(rows.filter((row) => row.codec === 'jpeg').map((row) => [row.metric, row.value]));
    };
    const all = await jpeg5();
    const background = await jpeg5('--num-classes', '2', '--ignore-index', '1');
    // Reference mode: the pristine person pixels (label 1) are no longer scored, so accuracy is that of the background alone.
    expect(all.get('globalAcc')).not.toBe(background.get('globalAcc'));
    expect(background.get('meanAcc')).toBe(background.get('globalAcc'));
  });

  it('--person-detector runs a detector first for a top-down ONNX pose model', async () => {
    const heatmaps = new Array<number>(17 * 64 * 48).fill(0);
    for (let k = 0; k < 17; k++) heatmaps[k * 64 * 48 + 32 * 48 + 24] = 0.9;
    const model = writeGraph('pose.onnx', constantGraph({ name: 'input', dims: [1, 3, 256, 192] }, [{ name: 'heatmaps', dims: [1, 17, 64, 48], values: heatmaps }]));
    const data = await mkdtemp(join(tmpdir(), 'lv-run-topdown-'));
    await copyFile(join(root, 'demo/photos/astronaut.png'), join(data, 'astronaut.png'));
    const out = join(data, 'out');
    const r = cli('--task', 'pose', '--model', model, '--data', data, '--codec', 'png', '--out', out, '--person-detector', 'zoo:centernet');
    expect(r.status, r.stderr).toBe(0);
    const provenance = await readFile(join(out, 'provenance.json'), 'utf8');
    expect(provenance).toContain('"personDetector": "zoo:centernet"');
    const zoo = cli('--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', data, '--codec', 'png', '--out', out, '--person-detector', 'zoo:centernet');
    expect(zoo.status).toBe(2);
    expect(zoo.stderr).toBe('lossyvision: zoo:movenet-lightning: a person detector applies to top-down .onnx pose models; built-in models find people themselves\n');
  });
});

describe('run: a model with malformed output', () => {
  it('stops before any sample, naming the model file and the output', async () => {
    // Declared YOLOv8 ([1, 4+C, N]) but answers [1, 3, 2].
    const model = writeGraph('yolo.onnx', constantGraph({ name: 'images', dims: [1, 3, 64, 64] }, [{ name: 'output0', dims: [1, 3, 2], values: [0, 0, 0, 0, 0, 0] }]));
    const dir = await mkdtemp(join(tmpdir(), 'lv-run-malformed-'));
    const config = join(dir, 'yolo.json');
    await writeFile(config, JSON.stringify({ format: 'yolov8' }));
    const out = join(dir, 'out');
    const r = cli('--model', model, '--model-config', config, '--data', 'demo/photos', '--codec', 'jpeg:50', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^lossyvision: [^\\n]*${model.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\n]*output0`));
    expect(r.stdout).toBe('');
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});
