import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LossyvisionError } from '../errors.js';
import { canonicalJson } from '../json.js';
import { getTask } from '../tasks/index.js';
import { SweepAccumulator, type SampleRecord } from './accumulate.js';
import { sha256 } from './cache.js';
import { emptyTimings } from './outcome.js';
import { planCells } from './plan.js';
import { machineInfo, type Provenance } from './provenance.js';
import { sweepResult, type SweepResultOf } from './result.js';
import { MANIFEST_FILE, readManifest, readRecords, RECORDS_FILE, type ShardManifest } from './shard-manifest.js';
import { readStreams, type VideoStream } from './video-streams.js';
import { parseShard } from './shard.js';

export interface MergeOptions {
  /** Merge even when some planned samples are in no shard (they are then left out of every number). */
  readonly allowMissing?: boolean;
}

export interface MergedShards {
  /** An image or video sweep's result; for action shards, with the action sweep's config. */
  readonly result: SweepResultOf<ShardManifest['config']>;
  /** What `missing` and `duplicates` list: sample ids, or video ids for video data. */
  readonly unit: 'samples' | 'videos';
  /** Planned samples (videos) no shard covered (empty unless allowMissing). */
  readonly missing: readonly string[];
  /** Samples (videos) two shards both finished (a retried array task): counted once. */
  readonly duplicates: readonly string[];
  readonly shards: readonly { dir: string; shard: string; host: string; samples: number }[];
}

/** What `merge` adds to the provenance: the shards it read and where they ran. */
export interface MergedProvenance extends Provenance<ShardManifest['config']> {
  readonly shards: readonly { dir: string; shard: string; host: string; samples: number; finished: string }[];
}

/**
 * Merges shard results folders into one sweep result equal to a one-machine run's: the shards
 * must share one experiment; each planned sample is taken once (from the first shard that has
 * it), and the samples are replayed in the full sweep's order through the engine's own
 * accumulator, so every number — sums in the same order, bootstrap states, failures — is the
 * one an unsharded run computes.
 */
export async function mergeShards(dirs: readonly string[], options: MergeOptions = {}): Promise<MergedShards> {
  if (dirs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'merge: expected at least one shard results folder');
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const manifests: ShardManifest[] = [];
  for (const dir of dirs) manifests.push(await readManifest(dir));
  const first = manifests[0];
  manifests.forEach((m, i) => {
    if (m.experimentId !== first.experimentId) throw mixedPlans(dirs[0], first, dirs[i], m);
    if (m.unit !== first.unit) throw new LossyvisionError('INVALID_ARGUMENT', `merge: ${dirs[i]} sharded ${m.unit ?? 'samples'} but ${dirs[0]} sharded ${first.unit ?? 'samples'}`);
    if (parseShard(m.shard).total !== parseShard(first.shard).total) {
      throw new LossyvisionError('INVALID_ARGUMENT', `merge: ${dirs[i]} is shard ${m.shard} but ${dirs[0]} is shard ${first.shard}: shards of different splits cannot be merged`);
    }
    // Same settings, other samples: the dataset itself differs between the machines.
    const differs = m.planned.length !== first.planned.length ? Math.min(m.planned.length, first.planned.length) : m.planned.findIndex((id, p) => id !== first.planned[p]);
    if (differs >= 0) {
      throw new LossyvisionError(
        'INVALID_ARGUMENT',
        `merge: ${dirs[i]} planned other samples than ${dirs[0]} (${m.planned.length} and ${first.planned.length}; position ${differs}: ${m.planned[differs] ?? 'none'} and ${first.planned[differs] ?? 'none'}): the dataset differs between them`,
      );
    }
  });

  const gathered = first.unit === 'video' ? await gatherByVideo(dirs, manifests) : await gatherBySample(dirs, manifests);
  const { records, missing, duplicates } = gathered;
  // Video data shards videos; an action sweep's samples are videos.
  const noun = first.unit === 'video' || first.config.task === 'action' ? 'videos' : 'samples';
  if (missing.length > 0 && !options.allowMissing) {
    const shown = missing.slice(0, 20).join(', ');
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `merge: ${missing.length} of ${first.planned.length} ${noun} are in no shard (${shown}${missing.length > 20 ? ', …' : ''}); run the missing shards, or pass --allow-missing to merge without them`,
    );
  }

  const config = first.config;
  const action = config.task === 'action' ? config : undefined;
  const image = config.task === 'action' ? undefined : config;
  const task = getTask(config.task, image?.taskOptions);
  // An action sweep's models are its model's streams ("<model> · spatial"), as its shards stored them.
  const { conditions, cells } = planCells(action ? first.models.map((m) => m.id) : image!.models, config.conditions);
  const dataset = {
    format: first.dataset.format,
    categories: first.dataset.categories && new Map(first.dataset.categories),
    ignoreIndex: first.dataset.ignoreIndex,
    splits: first.dataset.splits,
  };
  // Replayed records carry their metric states: the ground truth is already in them.
  const accumulator = new SweepAccumulator(task, cells, dataset, { enabled: first.reference, threshold: image?.referenceThreshold ?? 0 }, () => undefined);
  const t = performance.now();
  for (const record of records) accumulator.replay(record);
  const metricsMs = performance.now() - t;

  const shards = manifests.map((m, i) => ({ dir: dirs[i], shard: m.shard, host: m.host, samples: m.samples.length, finished: m.finished }));
  const shardProvenance = await readShardProvenance(dirs[0]);
  const provenance: MergedProvenance = {
    ...shardProvenance,
    date: new Date().toISOString(),
    config,
    // The one-machine run's content hash: every covered sample's source, in the sweep's order.
    dataset: { ...shardProvenance.dataset, contentSha256: sha256(gathered.sources.join('\n')) },
    machine: machineInfo(),
    shards,
  };
  const result = sweepResult({
    config,
    conditions,
    cells,
    accumulator,
    models: first.models,
    ...(gathered.streams ? { streams: gathered.streams } : {}),
    reference: first.reference,
    provenance,
    started,
    cpuStart,
    notices: { notes: [...first.notices.notes], warnings: [...first.notices.warnings] },
    stats: {
      samples: records.length,
      timings: emptyTimings(),
      metricsMs,
      startupMs: 0,
      computed: { encodes: sum(manifests.map((m) => m.stats.encodes)), predictions: sum(manifests.map((m) => m.stats.predictions)) },
      repaired: 0,
      workers: image?.workers ?? 1,
      lanes: 1,
    },
  });
  return { result, unit: noun, missing, duplicates, shards };
}

/** The samples to replay, in the unsharded order, and what the shards left out or did twice. */
interface Gathered {
  readonly records: SampleRecord[];
  /** `<id>:<sha256>` of the covered sources, in order: the merged content hash. */
  readonly sources: string[];
  readonly missing: string[];
  readonly duplicates: string[];
  readonly streams?: VideoStream[];
}

/** Image data: each planned sample's record from the first shard that covered it. */
async function gatherBySample(dirs: readonly string[], manifests: readonly ShardManifest[]): Promise<Gathered> {
  const planned = manifests[0].planned;
  const positionOf = new Map(planned.map((id, i) => [id, i]));
  const records: (SampleRecord | undefined)[] = new Array(planned.length);
  const sources: (string | null | undefined)[] = new Array(planned.length);
  const duplicates: string[] = [];
  for (const [i, dir] of dirs.entries()) {
    let k = 0;
    for await (const record of readRecords(dir)) {
      const position = positionOf.get(record.sampleId);
      if (position === undefined || position !== record.position) {
        throw new LossyvisionError('INVALID_FILE', `sample ${record.sampleId} at position ${record.position} is not in the plan's sample order`, { file: dir });
      }
      if (records[position]) duplicates.push(record.sampleId);
      else {
        records[position] = record;
        sources[position] = manifests[i].sources[k];
      }
      k++;
    }
  }
  return {
    records: records.filter((r) => r !== undefined),
    sources: sources.filter((s) => typeof s === 'string'),
    missing: planned.filter((_, i) => !records[i]),
    duplicates,
  };
}

/**
 * Video data: shards are assigned whole videos, and a frame's place in the unsharded order
 * depends on earlier videos' frame counts, so each planned video's frames (records in its
 * shard's order) and streams come from the first shard that ran it, video after video.
 */
async function gatherByVideo(dirs: readonly string[], manifests: readonly ShardManifest[]): Promise<Gathered> {
  const planned = manifests[0].planned;
  const indexOf = new Map(planned.map((id, i) => [id, i]));
  const from: (number | undefined)[] = new Array(planned.length);
  const sources: (string | null | undefined)[] = new Array(planned.length);
  const duplicates: string[] = [];
  manifests.forEach((m, i) =>
    m.samples.forEach((video, k) => {
      const p = indexOf.get(video);
      if (p === undefined) throw new LossyvisionError('INVALID_FILE', `video ${video} is not one of the plan's videos`, { file: join(dirs[i], MANIFEST_FILE) });
      if (from[p] !== undefined) duplicates.push(video);
      else {
        from[p] = i;
        sources[p] = m.sources[k];
      }
    }),
  );
  const frames: SampleRecord[][] = planned.map(() => []);
  for (const [i, dir] of dirs.entries()) {
    for await (const record of readRecords(dir)) {
      const p = record.unit === undefined ? undefined : indexOf.get(record.unit);
      if (p === undefined) throw new LossyvisionError('INVALID_FILE', `sample ${record.sampleId} names no video of the plan (unit ${record.unit ?? 'missing'})`, { file: join(dir, RECORDS_FILE) });
      if (from[p] === i) frames[p].push(record);
    }
  }
  const streams: VideoStream[] = [];
  const shardStreams = await Promise.all(dirs.map((dir, i) => (from.includes(i) ? readStreams(dir) : [])));
  planned.forEach((video, p) => {
    if (from[p] !== undefined) streams.push(...shardStreams[from[p]].filter((s) => s.video === video));
  });
  return {
    records: frames.flat(),
    sources: sources.filter((s) => typeof s === 'string'),
    missing: planned.filter((_, p) => from[p] === undefined),
    duplicates,
    streams,
  };
}

/** "… differs in setting conditions": the first top-level setting whose value differs. */
function mixedPlans(dirA: string, a: ShardManifest, dirB: string, b: ShardManifest): LossyvisionError {
  const keys = [...new Set([...Object.keys(a.experiment), ...Object.keys(b.experiment)])].sort();
  const differing = keys.filter((k) => canonicalJson(a.experiment[k]) !== canonicalJson(b.experiment[k]));
  const show = (v: unknown): string => {
    const text = canonicalJson(v) ?? 'unset';
    return text.length > 120 ? `${text.slice(0, 120)}…` : text;
  };
  const detail = differing.map((k) => `${k}: ${show(b.experiment[k])} there, ${show(a.experiment[k])} in ${dirA}`).join('; ');
  return new LossyvisionError(
    'INVALID_ARGUMENT',
    `merge: ${dirB} is a shard of another plan (experiment ${b.experimentId}, not ${a.experimentId}); settings that differ: ${detail || 'none at the top level'}`,
  );
}

async function readShardProvenance(dir: string): Promise<Provenance<ShardManifest['config']>> {
  const path = join(dir, 'provenance.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Provenance<ShardManifest['config']>;
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `the shard's provenance cannot be read: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
