import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSweep, type SweepResult } from '../../src/sweep/run.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { studyTable } from '../../src/sweep/table.js';
import { loadModels } from '../../src/sweep/models.js';
import { getTask } from '../../src/tasks/index.js';

const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

let data: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'lv-sweep-data-'));
  for (const f of ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg']) await copyFile(join(photos, f), join(data, f));
  // A real photo cut short: the reader must record it as a failed sample, not stop.
  const coffee = await readFile(join(photos, 'coffee.png'));
  await writeFile(join(data, 'truncated.png'), coffee.subarray(0, 2000));
});

const config = async (overrides: Partial<SweepConfig> = {}): Promise<SweepConfig> => ({
  task: 'detection',
  data,
  models: ['grid'],
  conditions: [
    { codec: 'jpeg', level: 50 },
    { codec: 'jpeg', level: 5 },
    { codec: 'png', level: 6 },
  ],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: await mkdtemp(join(tmpdir(), 'lv-sweep-cache-')),
  modelLoader: gridModel,
  ...overrides,
});

/** What must not depend on how the work was done: every number of every cell. */
const numbers = (r: SweepResult) => r.cells.map((c) => ({ ...c, cell: c.cell.index }));

describe('runSweep', () => {
  it('scores every model × (pristine + level), records the corrupt sample and caches all work', async () => {
    const cfg = await config();
    const cold = await runSweep(cfg);
    expect(cold.conditions.map((c) => `${c.codec}:${c.level}`)).toEqual(['pristine:null', 'jpeg:50', 'jpeg:5', 'png:6']);
    expect(cold.reference).toBe('reference: pristine predictions');
    expect(cold.stats.samples).toBe(5);
    // 4 samples × 3 levels encoded; PNG decodes to the pristine pixels, so its predictions are
    // the pristine ones (prediction keys are pixel digests): 4 × 3 predictions, not 4 × 4.
    expect(cold.stats.computed).toEqual({ encodes: 12, predictions: 12 });
    for (const cell of cold.cells) expect([cell.n, cell.failures]).toEqual([4, 1]);
    expect(cold.failures).toHaveLength(1);
    expect(cold.failures[0]).toMatchObject({ sampleId: 'truncated.png', cell: -1 });
    expect(cold.failures[0].reason).toMatch(/truncated\.png|decode|premature|corrupt|end of/i);

    const [pristine, q50, q5, png] = cold.cells;
    // The pristine row scores the model against its own confident detections.
    expect(pristine.metrics['coco-bbox'].AP).toBe(1);
    expect(pristine.meanBpp).toBeNull();
    // Lossless PNG changes no pixel, so nothing changes; heavy JPEG costs accuracy and fidelity.
    expect(png.metrics['coco-bbox'].AP).toBe(1);
    expect(png.meanPsnr).toBe(Infinity);
    expect(q5.metrics['coco-bbox'].AP!).toBeLessThan(q50.metrics['coco-bbox'].AP!);
    expect(q5.meanBpp!).toBeLessThan(q50.meanBpp!);
    expect(q5.meanPsnr!).toBeLessThan(q50.meanPsnr!);

    // Second run: nothing encoded or predicted again, identical numbers.
    const warm = await runSweep(cfg);
    expect(warm.stats.computed).toEqual({ encodes: 0, predictions: 0 });
    expect(numbers(warm)).toEqual(numbers(cold));

    // A second model reuses every bitstream: only its own predictions are computed.
    const two = await runSweep({ ...cfg, models: ['grid', 'grid:90'] });
    expect(two.stats.computed).toEqual({ encodes: 0, predictions: 12 });
    expect(numbers(two).slice(0, 4)).toEqual(numbers(cold));
    expect(two.models.map((m) => m.id)).toEqual(['grid', 'grid:90']);
    expect(two.models[0].hash).not.toBe(two.models[1].hash);

    const table = studyTable(two);
    expect(table.rows.map((r) => `${r.model} ${r.codec} ${r.level}`)).toEqual([
      'grid pristine null', 'grid jpeg 50', 'grid jpeg 5', 'grid png 6',
      'grid:90 pristine null', 'grid:90 jpeg 50', 'grid:90 jpeg 5', 'grid:90 png 6',
    ]);
    expect(table.columns).toEqual(['AP', 'AP50', 'AP75']);
  });

  it('gives identical numbers with two worker threads', async () => {
    const one = await runSweep(await config());
    const two = await runSweep(await config({ workers: 2 }));
    expect(two.stats.computed).toEqual(one.stats.computed);
    expect(numbers(two)).toEqual(numbers(one));
  });

  it('splits a sample over the workers when there are fewer samples than workers, with the same numbers and work', async () => {
    // Seed 2 puts a readable photo first (seed 0: the truncated one).
    const one = await runSweep(await config({ maxSamples: 1, seed: 2 }));
    const split = await runSweep(await config({ maxSamples: 1, seed: 2, workers: 2 }));
    expect(split.failures).toEqual([]);
    expect(split.stats.workers).toBe(2);
    expect(split.stats.computed).toEqual(one.stats.computed);
    expect(numbers(split)).toEqual(numbers(one));
    expect(split.sampleStates).toEqual(one.sampleStates);
  });

  it('splits the last samples over the workers (5 samples, 3 workers: the last 2 in 3 parts), failed sample included, with the same numbers', async () => {
    const one = await runSweep(await config());
    const three = await runSweep(await config({ workers: 3 }));
    expect(three.stats.computed).toEqual(one.stats.computed);
    expect(numbers(three)).toEqual(numbers(one));
    // The reasons too: a failed decode's message is its own whatever fails at once (media/decode-alone.ts).
    expect(three.failures).toEqual(one.failures);
    expect(three.sampleStates).toEqual(one.sampleStates);
  });

  it('starts no more workers than there are conditions of a lone sample to share', async () => {
    const lone = await runSweep(await config({ maxSamples: 1, workers: 2, conditions: [] }));
    expect(lone.stats.workers).toBe(1);
  });

  it('takes a seeded subset with --max-samples', async () => {
    const a = await runSweep(await config({ maxSamples: 2, seed: 7 }));
    const b = await runSweep(await config({ maxSamples: 2, seed: 7 }));
    expect(a.stats.samples).toBe(2);
    expect(a.provenance.dataset.contentSha256).toBe(b.provenance.dataset.contentSha256);
    const other = await runSweep(await config({ maxSamples: 2, seed: 1 }));
    expect(other.provenance.dataset.contentSha256).not.toBe(a.provenance.dataset.contentSha256);
  });

  it('stops before any sample when a model fails to load or answers malformed', async () => {
    const missing = await config({ models: ['grid', 'grid-missing'] });
    await expect(runSweep(missing)).rejects.toThrow('grid-missing: model failed to load: no such model file: grid-missing.onnx');
    const broken = await config({ models: ['grid-broken'], workers: 2 });
    await expect(runSweep(broken)).rejects.toThrow(
      'grid-broken: malformed detection output on a probe image: expected an array of detections',
    );
    // The second worker checks the second model.
    await expect(runSweep(await config({ models: ['grid', 'grid-broken'], workers: 2 }))).rejects.toThrow('grid-broken: malformed detection output on a probe image');
  });

  it('checks on the probe image only the models given to this thread (a worker checks its share)', async () => {
    await expect(loadModels(['grid-broken'], getTask('detection'), gridModel)).rejects.toThrow('malformed detection output on a probe image');
    const [, model] = await loadModels(['grid', 'grid-broken'], getTask('detection'), gridModel, {}, (i) => i === 0);
    expect(model.id).toBe('grid-broken');
    await expect(loadModels(['grid', 'grid-broken'], getTask('detection'), gridModel, {}, (i) => i === 1)).rejects.toThrow('grid-broken: malformed');
  });

  it('rejects bad settings with the house message', async () => {
    await expect(runSweep(await config({ workers: 0 }))).rejects.toThrow('Expected integer of at least 1 for workers but received 0 of type number');
    await expect(runSweep(await config({ conditions: [{ codec: 'jpgg', level: 5 }] }))).rejects.toThrow(/Unknown codec "jpgg"/);
  });
});
