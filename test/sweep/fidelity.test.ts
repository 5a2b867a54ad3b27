import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fidelity } from '../../src/fidelity/fidelity.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run.js';
import { studyTable, tableCsv, type StudyRow } from '../../src/sweep/table.js';

const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

let data: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'lv-fidelity-data-'));
  for (const name of ['coffee.png', 'astronaut.png']) await copyFile(join(photos, name), join(data, name));
});

const config = (cacheDir: string, fidelity: Fidelity): SweepConfig => ({
  task: 'detection',
  data,
  models: ['grid', 'grid:90'],
  conditions: [{ codec: 'jpeg', level: 30 }, { codec: 'webp', level: 20 }],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir,
  modelLoader: gridModel,
  ...(fidelity === 'full' ? {} : { fidelity }),
});

const sweep = async (cacheDir: string, fidelity: Fidelity): Promise<{ rows: StudyRow[]; csv: string; encodes: number }> => {
  const result = await runSweep(config(cacheDir, fidelity));
  const table = studyTable(result);
  return { rows: table.rows, csv: tableCsv(table), encodes: result.stats.computed.encodes };
};
const without = (rows: StudyRow[], keys: ('psnr' | 'ssim')[]): unknown[] => rows.map((r) => ({ ...r, ...Object.fromEntries(keys.map((k) => [k, null])) }));
const newCache = (): Promise<string> => mkdtemp(join(tmpdir(), 'lv-fidelity-cache-'));

describe('--fidelity', () => {
  it('measures each (sample, level) once for all models, and leaves out only the measures not asked for', async () => {
    const full = await sweep(await newCache(), 'full');
    // 2 photos × 2 levels, whatever the number of models.
    expect(full.encodes).toBe(4);
    const compressed = full.rows.filter((r) => r.level !== null);
    expect(compressed.every((r) => typeof r.psnr === 'number' && typeof r.ssim === 'number')).toBe(true);

    const none = await sweep(await newCache(), 'none');
    expect(none.rows).toEqual(without(full.rows, ['psnr', 'ssim']));
    const psnrOnly = await sweep(await newCache(), 'psnr');
    expect(psnrOnly.rows).toEqual(without(full.rows, ['ssim']));
    // Blank, not zero, in the CSV: header model,codec,level,…,bpp,psnr,ssim,n,failures,ground_truth.
    expect(none.csv.split('\n')[2]).toMatch(/,[\d.]+,,,\d+,0,/);
  });

  it('a cache made with less fidelity is topped up, one made with more answers without encoding', async () => {
    const reference = await sweep(await newCache(), 'full');
    const cache = await newCache();
    expect((await sweep(cache, 'none')).encodes).toBe(4);
    const psnrOnly = await sweep(cache, 'psnr');
    expect(psnrOnly.encodes).toBe(4);
    expect(psnrOnly.rows).toEqual(without(reference.rows, ['ssim']));
    const full = await sweep(cache, 'full');
    expect(full.encodes).toBe(4);
    expect(full.csv).toBe(reference.csv);
    const again = await sweep(cache, 'none');
    expect(again.encodes).toBe(0);
    expect(again.rows).toEqual(without(reference.rows, ['psnr', 'ssim']));
  });
});
