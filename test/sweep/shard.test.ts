import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, resolveShard, shardFromEnv, shardOfSample } from '../../src/sweep/shard.js';

const ids = Array.from({ length: 500 }, (_, i) => `images/${String(i).padStart(6, '0')}.jpg`);

describe('shard assignment', () => {
  it('is a partition for N = 1…64: every sample in exactly one shard, no shard far from its share', () => {
    for (let total = 1; total <= 64; total++) {
      const counts = new Array<number>(total).fill(0);
      for (const id of ids) {
        const owners = Array.from({ length: total }, (_, k) => inShard(id, { index: k + 1, total })).filter(Boolean);
        expect(owners, `${id} in ${total} shards`).toHaveLength(1);
        counts[shardOfSample(id, total)]++;
      }
      expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length);
      // A hash, not a round robin: shares are only roughly even, but none is empty at 500 samples.
      if (total <= 16) expect(Math.min(...counts)).toBeGreaterThan(0);
    }
  });

  it('depends on the id alone: the documented sha256 → uint32 → mod N, the same on every machine', () => {
    for (const id of ids.slice(0, 50)) {
      const expected = createHash('sha256').update(id).digest().readUInt32BE(0) % 7;
      expect(shardOfSample(id, 7)).toBe(expected);
    }
    // Pinned values: a change of hash would silently re-shard every running study.
    expect(['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'].map((id) => shardOfSample(id, 4))).toEqual(
      ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'].map((id) => parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % 4),
    );
  });
});

describe('parseShard', () => {
  it('takes K/N, 1-based', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, total: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, total: 4 });
  });
  it.each(['0/4', '5/4', '1/0', '2', 'a/b', '1/4/2', '-1/4'])('refuses %s naming the flag', (text) => {
    expect(() => parseShard(text)).toThrow(/for shard but received/);
  });
  it('refuses a --shards that disagrees with K/N', () => {
    expect(() => resolveShard('1/4', 3, {})).toThrow(/--shard 1\/4 says 4 shards but --shards is 3/);
  });
});

describe('shardFromEnv (--shard auto)', () => {
  it('SLURM: 1-based and 0-based arrays give the same shards', () => {
    const oneBased = [1, 2, 3, 4].map((id) => shardFromEnv({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }));
    const zeroBased = [0, 1, 2, 3].map((id) => shardFromEnv({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' }));
    expect(oneBased).toEqual([1, 2, 3, 4].map((index) => ({ index, total: 4 })));
    expect(zeroBased).toEqual(oneBased);
  });
  it('SLURM: an index outside the count, a step, or a count that disagrees with --shards is refused', () => {
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/only 4 shards/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '2' })).toThrow(/SLURM_ARRAY_TASK_STEP/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }, 8)).toThrow(/SLURM_ARRAY_TASK_COUNT is 4 but --shards is 8/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: 'x' })).toThrow(/SLURM_ARRAY_TASK_ID/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '3' })).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
  });
  it('Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX, 0-based, count from --shards', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, 3)).toEqual({ index: 1, total: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2' }, 3)).toEqual({ index: 3, total: 3 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3' }, 3)).toThrow(/JOB_COMPLETION_INDEX gives array task 3/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' })).toThrow(/JOB_COMPLETION_INDEX is set but gives no shard count; pass --shards N/);
  });
  it('AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX, 0-based, count from --shards', () => {
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '4' }, 5)).toEqual({ index: 5, total: 5 });
    expect(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '1' })).toThrow(/AWS_BATCH_JOB_ARRAY_INDEX.*--shards N/);
  });
  it('no index: names every variable it looked for', () => {
    expect(() => resolveShard('auto', 4, {})).toThrow(/SLURM_ARRAY_TASK_ID.*JOB_COMPLETION_INDEX.*AWS_BATCH_JOB_ARRAY_INDEX/);
  });
});
