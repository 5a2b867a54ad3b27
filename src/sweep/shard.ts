import { createHash } from 'node:crypto';
import { invalidParameter, LossyvisionError } from '../errors.js';
import type { DatasetInfo } from '../tasks/task.js';
import type { SampleRecord } from './accumulate.js';
import type { SweepNotices } from './preflight.js';

/** One machine's share of a sweep: shard `index` (1-based, as Playwright's `--shard=1/4`) of `total`. */
export interface ShardSpec {
  readonly index: number;
  readonly total: number;
}

/** The most shards a sweep can be split into; far beyond any array a cluster engine runs. */
export const MAX_SHARDS = 100_000;

/** "K/N" as `--shard` takes it. */
export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!match || total < 1 || total > MAX_SHARDS || index < 1 || index > total) {
    throw invalidParameter(`K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS} (or "auto")`, 'shard', text);
  }
  return { index, total };
}

export function shardLabel(shard: ShardSpec): string {
  return `${shard.index}/${shard.total}`;
}

/** "2/4", or "2/4 (from the array index)" for `--shard auto`, as `run` reports it. */
export function shardNote(shard: ShardSpec, auto: boolean): string {
  return `${shardLabel(shard)}${auto ? ' (from the array index)' : ''}`;
}

/**
 * The 0-based shard a sample belongs to out of `total`: the first 4 bytes of sha256(sample id)
 * as a big-endian uint32, modulo `total`. It depends on the id alone, so every machine agrees
 * without talking to the others, whatever order it read the dataset in.
 */
export function shardOfSample(sampleId: string, total: number): number {
  return createHash('sha256').update(sampleId).digest().readUInt32BE(0) % total;
}

export function inShard(sampleId: string, shard: ShardSpec): boolean {
  return shardOfSample(sampleId, shard.total) === shard.index - 1;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `--shard auto`: this task's shard from the engine's array index. SLURM numbers array tasks
 * from SLURM_ARRAY_TASK_MIN (0- or 1-based arrays both work) and says how many there are;
 * Kubernetes Indexed Jobs and AWS Batch array jobs give a 0-based index only, so the count
 * comes from `--shards N`. A given `--shards` must agree with SLURM's count.
 */
export function shardFromEnv(env: Env, shards?: number): ShardSpec {
  const integer = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text.trim())) throw invalidParameter('a non-negative integer', `environment variable ${name}`, text);
    return Number(text);
  };
  const within = (index: number, total: number, variable: string): ShardSpec => {
    if (index >= total) {
      throw new LossyvisionError('INVALID_ARGUMENT', `--shard auto: ${variable} gives array task ${index} (0-based) but there are only ${total} shards; check the array range and --shards`);
    }
    return { index: index + 1, total };
  };
  const needShards = (variable: string): number => {
    if (shards === undefined) throw new LossyvisionError('INVALID_ARGUMENT', `--shard auto: ${variable} is set but gives no shard count; pass --shards N (the job's completions / array size)`);
    return shards;
  };

  const slurmId = integer('SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const min = integer('SLURM_ARRAY_TASK_MIN') ?? 0;
    const count = integer('SLURM_ARRAY_TASK_COUNT');
    const step = integer('SLURM_ARRAY_TASK_STEP') ?? 1;
    if (step !== 1) throw new LossyvisionError('INVALID_ARGUMENT', `--shard auto: SLURM_ARRAY_TASK_STEP is ${step}; a sharded sweep needs a contiguous array (--array=1-N)`);
    const total = count ?? shards;
    if (total === undefined) throw new LossyvisionError('INVALID_ARGUMENT', '--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shards N');
    if (shards !== undefined && count !== undefined && shards !== count) {
      throw new LossyvisionError('INVALID_ARGUMENT', `--shard auto: SLURM_ARRAY_TASK_COUNT is ${count} but --shards is ${shards}`);
    }
    if (slurmId < min) throw new LossyvisionError('INVALID_ARGUMENT', `--shard auto: SLURM_ARRAY_TASK_ID ${slurmId} is below SLURM_ARRAY_TASK_MIN ${min}`);
    return within(slurmId - min, total, 'SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN');
  }
  const k8s = integer('JOB_COMPLETION_INDEX');
  if (k8s !== undefined) return within(k8s, needShards('JOB_COMPLETION_INDEX'), 'JOB_COMPLETION_INDEX');
  const aws = integer('AWS_BATCH_JOB_ARRAY_INDEX');
  if (aws !== undefined) return within(aws, needShards('AWS_BATCH_JOB_ARRAY_INDEX'), 'AWS_BATCH_JOB_ARRAY_INDEX');
  throw new LossyvisionError(
    'INVALID_ARGUMENT',
    '--shard auto: no array index found; looked for SLURM_ARRAY_TASK_ID (SLURM), JOB_COMPLETION_INDEX (Kubernetes Indexed Job) and AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch); outside an array job pass --shard K/N',
  );
}

/** `--shard K/N|auto` with `--shards N`, as the CLI takes them. */
export function resolveShard(shard: string, shards: number | undefined, env: Env = process.env): ShardSpec {
  if (shard.trim() !== 'auto') {
    const spec = parseShard(shard);
    if (shards !== undefined && shards !== spec.total) throw new LossyvisionError('INVALID_ARGUMENT', `--shard ${shard} says ${spec.total} shards but --shards is ${shards}`);
    return spec;
  }
  return shardFromEnv(env, shards);
}

/** `--shards N` as the CLI takes it. */
export function parseShards(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > MAX_SHARDS) throw invalidParameter(`integer from 1 to ${MAX_SHARDS}`, 'shards', text);
  return value;
}

/** A shard's samples: its share of the planned ones, with their positions in the full order. */
export interface ShardShare<S> {
  readonly spec: ShardSpec;
  readonly samples: S[];
  readonly positions: number[];
  /** Filled as the accumulator feeds each sample (in position order). */
  readonly records: SampleRecord[];
}

export function shareOf<S extends { readonly id: string }>(planned: readonly S[], spec: ShardSpec): ShardShare<S> {
  const samples: S[] = [];
  const positions: number[] = [];
  planned.forEach((sample, position) => {
    if (!inShard(sample.id, spec)) return;
    samples.push(sample);
    positions.push(position);
  });
  return { spec, samples, positions, records: [] };
}

/** What a shard's run hands back beside its ordinary result, for `merge`. */
export interface ShardPart {
  readonly spec: ShardSpec;
  /** Every planned sample id, in the full sweep's order: what the shards together must cover. */
  readonly planned: readonly string[];
  readonly records: readonly SampleRecord[];
  /** What `planned` lists and shards are assigned by: samples (absent), or videos, whose frames are the samples. */
  readonly unit?: 'video';
  /** Video shards: the videos it ran, in order (one with no frames to score has no record). */
  readonly covered?: readonly string[];
  /**
   * `<id>:<source sha256>` per covered sample (or video), in order: the merge's dataset content
   * hash; null for a video whose file could not be read (an unsharded run hashes nothing for it).
   */
  readonly sources: readonly (string | null)[];
  readonly dataset: { format: string; categories?: [number, string][]; ignoreIndex?: number; splits?: number[] };
  readonly notices: SweepNotices;
}

export function shardPart<S extends { readonly id: string }>(
  share: ShardShare<S>,
  planned: readonly S[],
  dataset: DatasetInfo,
  notices: SweepNotices,
  sources: readonly string[],
): ShardPart {
  return {
    spec: share.spec,
    planned: planned.map((s) => s.id),
    records: share.records,
    sources,
    dataset: {
      format: dataset.format,
      ...(dataset.categories ? { categories: [...dataset.categories] } : {}),
      ...(dataset.ignoreIndex === undefined ? {} : { ignoreIndex: dataset.ignoreIndex }),
    },
    notices,
  };
}
