import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/run.js';
import { storeResults } from '../../src/sweep/store.js';
import { toolVersion } from '../../src/version.js';

const photos = fileURLToPath(new URL('../../demo/photos/', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));

describe('storeResults', () => {
  it('writes tidy DuckDB tables, CSV/JSON exports, provenance and the study table; a rerun replaces its rows', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lv-store-'));
    const result = await runSweep({
      task: 'detection',
      data: photos,
      models: ['grid'],
      conditions: [{ codec: 'jpeg', level: 10 }, { codec: 'webp', level: 50 }],
      seed: 0,
      referenceThreshold: 0.5,
      workers: 1,
      cacheDir: join(out, 'cache'),
      modelLoader: gridModel,
    });
    const files = await storeResults(result, out);
    await storeResults(result, out);

    const instance = await DuckDBInstance.create(files.database);
    const db = await instance.connect();
    const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson();
    expect(await rows('SELECT count(*)::INT AS n FROM runs')).toEqual([{ n: 1 }]);
    const cells = await rows('SELECT codec, level, n, failures, mean_bpp FROM cells ORDER BY position');
    expect(cells.map((c) => [c.codec, c.level, c.n, c.failures])).toEqual([
      ['pristine', null, 4, 0],
      ['jpeg', 10, 4, 0],
      ['webp', 50, 4, 0],
    ]);
    expect(cells[0].mean_bpp).toBeNull();
    expect(Number(cells[1].mean_bpp)).toBeCloseTo(result.cells[1].meanBpp!, 12);
    // Tidy: one row per model × codec × level × metric value (12 COCO statistics).
    expect(await rows('SELECT count(*)::INT AS n FROM metrics')).toEqual([{ n: 36 }]);
    const ap = await rows("SELECT value FROM metrics WHERE codec = 'jpeg' AND metric = 'AP'");
    expect(Number(ap[0].value)).toBeCloseTo(result.cells[1].metrics['coco-bbox'].AP!, 12);
    const provenance = (await rows('SELECT provenance FROM runs'))[0].provenance as string;
    expect(JSON.parse(provenance).tool.version).toBe(toolVersion());
    db.closeSync();
    instance.closeSync();

    const csv = (await readFile(files.results.csv, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('model,model_hash,codec,level,family,metric,value,mean_bpp,mean_psnr,mean_ssim,n,failures,ground_truth');
    expect(csv).toHaveLength(37);
    expect(csv[1]).toMatch(/^grid,[0-9a-f]{64},pristine,,coco-bbox,AP,1\.0,,,,4,0,reference: pristine predictions$/);
    const json = JSON.parse(await readFile(files.results.json, 'utf8')) as Record<string, unknown>[];
    expect(json).toHaveLength(36);

    const provenanceFile = JSON.parse(await readFile(files.provenance, 'utf8'));
    expect(provenanceFile.codecs.jpeg).toBeDefined();
    expect(provenanceFile.models[0]).toMatchObject({ id: 'grid' });
    expect(provenanceFile.dataset).toMatchObject({ format: 'folder', labelled: false, size: 4 });
    expect(provenanceFile.config.conditions).toHaveLength(2);

    const md = await readFile(files.table.markdown, 'utf8');
    expect(md.split('\n').slice(0, 5)).toEqual([
      '*reference: pristine predictions*',
      '',
      '| model | codec | level | AP | AP50 | AP75 | bpp | PSNR (dB) | SSIM | n | failures |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| grid | pristine | – | 1.000 | 1.000 | 1.000 | – | – | – | 4 | 0 |',
    ]);
    const tableCsv = (await readFile(files.table.csv, 'utf8')).split('\n');
    expect(tableCsv[0]).toBe('model,codec,level,AP,AP50,AP75,bpp,psnr,ssim,n,failures,ground_truth');
    expect(tableCsv[2].startsWith('grid,jpeg,10,')).toBe(true);
    const tableJson = JSON.parse(await readFile(files.table.json, 'utf8'));
    expect(tableJson.rows).toHaveLength(3);
    expect(tableJson.note).toBe('reference: pristine predictions');
  });
});
