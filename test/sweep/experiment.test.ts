import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvedParams } from '../../src/sweep/conditions.js';
import { experimentId, experimentOf } from '../../src/sweep/experiment.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run.js';
import { runId } from '../../src/sweep/store.js';

const base: SweepConfig = {
  task: 'detection',
  data: 'demo/photos',
  models: ['zoo:centernet'],
  conditions: [{ codec: 'jpeg', level: 50, params: { chroma: '420' } }],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: '/tmp/a',
  modelOptions: {},
};
const id = (config: SweepConfig): string => experimentId(experimentOf(config));

describe('experimentOf', () => {
  it('leaves out workers, threads, the cache folder and the model loader install path', () => {
    const same = [
      { ...base, workers: 2 },
      { ...base, cacheDir: '/elsewhere/cache' },
      { ...base, modelOptions: { intraOpNumThreads: 1 } },
      { ...base, modelOptions: { intraOpNumThreads: 2 } },
      { ...base, modelLoader: 'file:///opt/a/node_modules/lossyvision/dist/retrain/sweep-models.js' },
      { ...base, modelLoader: 'file:///home/b/lossyvision/src/retrain/sweep-models.ts' },
    ];
    for (const config of same) expect(id(config)).toBe(id(base));
  });

  it('keeps what changes the numbers', () => {
    expect(id({ ...base, conditions: [{ codec: 'jpeg', level: 40 }] })).not.toBe(id(base));
    expect(id({ ...base, conditions: [{ codec: 'jpeg', level: 50, params: { chroma: '444' } }] })).not.toBe(id(base));
    expect(id({ ...base, models: ['zoo:nanodet'] })).not.toBe(id(base));
    expect(id({ ...base, referenceThreshold: 0.4 })).not.toBe(id(base));
    expect(id({ ...base, modelOptions: { scoreThreshold: 0.3 } })).not.toBe(id(base));
  });

  it('resolves codec parameters: spellings and defaults of one setting are one experiment and one cache key', () => {
    const spelled = { ...base, conditions: [{ codec: 'jpeg', level: 50, params: { chroma: '4:4:4' } }] };
    const canonical = { ...base, conditions: [{ codec: 'jpeg', level: 50, params: { chroma: '444' } }] };
    expect(id(spelled)).toBe(id(canonical));
    expect(id({ ...base, conditions: [{ codec: 'jpeg', level: 50 }] })).toBe(id(base)); // 4:2:0 is the default
    expect(resolvedParams(spelled.conditions[0])).toEqual(resolvedParams(canonical.conditions[0]));
  });

  it('a sweep with other threads has the same run id and is served from the same cache', async () => {
    const cacheDir = join(await mkdtemp(join(tmpdir(), 'lv-experiment-')), 'cache');
    const config: SweepConfig = { ...base, data: 'demo/frames', cacheDir, maxSamples: 1 };
    const one = await runSweep({ ...config, modelOptions: { intraOpNumThreads: 1 } });
    const two = await runSweep({ ...config, modelOptions: { intraOpNumThreads: 2 }, conditions: [{ codec: 'jpeg', level: 50, params: { chroma: '4:2:0' } }] });
    expect(runId(two)).toBe(runId(one));
    expect(one.stats.computed.predictions).toBeGreaterThan(0);
    expect(two.stats.computed).toEqual({ encodes: 0, predictions: 0 });
    expect(two.cells.map((c) => c.metrics)).toEqual(one.cells.map((c) => c.metrics));
  }, 120_000);
});
