import { performance } from 'node:perf_hooks';
import { getTask } from '../tasks/index.js';
import { SweepAccumulator } from './accumulate.js';
import { sha256, SweepCache } from './cache.js';
import { indexSamples, openSweepDataset, resolveCodecs } from './context.js';
import { inProcessExecutor, workerPoolExecutor, type Executor } from './executor.js';
import { sampleOrder } from './order.js';
import { addTimings, emptyTimings, type SampleOutcome } from './outcome.js';
import { conditionLabel, planCells, type Cell, type SweepConfig } from './plan.js';
import { sweepResult, type SweepOptions, type SweepResult } from './result.js';
import { checkSweepConfig } from './validate.js';
import { provenanceOf } from './provenance.js';
import { isVideoData } from '../datasets/video.js';
import { checkKeypoints, labelMappings, type Relabel, type SweepNotices } from './preflight.js';
import { runVideoSweep } from './video-run.js';
import { defaultThreads } from './defaults.js';
import { auditSources } from '../inspect/source-audit.js';
import { shardPart, shareOf } from './shard.js';
import { combineParts, partsFor } from './parts.js';

export type { SweepOptions, SweepProgress, SweepResult, SweepStats } from './result.js';

/**
 * Runs a sweep: every sample through every cell, results from the cache where they exist.
 * Resume is built on the cache: every finished encode and prediction is on disk the moment it
 * exists, and metrics are always recomputed from scratch in sample order, so a rerun after a
 * SIGKILL redoes only unfinished work and cannot count a sample twice.
 */
export async function runSweep(config: SweepConfig, options: SweepOptions = {}): Promise<SweepResult> {
  // A video file or a folder of videos: frames are the samples, and videos what shards are assigned (video-run.ts).
  if (await isVideoData(config.data)) return runVideoSweep(config, options);
  checkSweepConfig(config);
  const task = getTask(config.task, config.taskOptions);
  const { conditions, cells } = planCells(config.models, config.conditions);
  await resolveCodecs(conditions); // unknown codecs fail here, before any model loads

  // Temporary files of killed runs (a SIGKILL mid-write) go first.
  await new SweepCache(config.cacheDir).removeStaleTemp();
  const dataset = await openSweepDataset(config);
  checkKeypoints(config.task, dataset);
  const all = await indexSamples(dataset);
  const order = sampleOrder(all.length, config.seed).slice(0, config.maxSamples ?? all.length);
  const planned = order.map((i) => all[i]);
  // A shard runs its share of the planned samples, keeping their positions in the full order.
  const share = options.shard ? shareOf(planned, options.shard) : undefined;
  const samples = share?.samples ?? planned;
  const byId = new Map(samples.map((s) => [s.id, s]));
  const reference = !dataset.labelled;

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let current = '';
  let report = (): void => undefined;
  const onCell = (cell: Cell): void => {
    current = `${cell.model} · ${conditionLabel(cell.condition)}`;
    report();
  };
  const init = { config: { ...config, modelOptions: { intraOpNumThreads: defaultThreads(config.workers), ...config.modelOptions } }, conditions, cells };
  // No more workers than there are parts of samples to give them (parts.ts): each loads every
  // model. (The threads per model stay those of config.workers, so the numbers do not move.)
  const workers = Math.min(config.workers, Math.max(1, samples.length * conditions.length));
  const executor: Executor = workers > 1 ? await workerPoolExecutor(init, workers, onCell) : await inProcessExecutor(init, dataset, onCell);
  const notices: SweepNotices = { notes: [], warnings: [...(dataset.warnings ?? [])] };
  let relabel: Relabel[];
  try {
    // Before any sample: a detector whose classes cannot be mapped onto the dataset's stops here.
    relabel = labelMappings(config.task, dataset, executor.models, notices);
  } catch (error) {
    await executor.close();
    throw error;
  }

  const startupMs = performance.now() - started;
  // Masks and depth maps are read lazily (LazyGroundTruth): loaded here, dropped once scored.
  const loaded = new Map<string, unknown>();
  let scored = 0;
  const accumulator = new SweepAccumulator(
    task,
    cells,
    dataset,
    { enabled: reference, threshold: config.referenceThreshold },
    (id) => (loaded.has(id) ? loaded.get(id) : byId.get(id)?.groundTruth),
    relabel,
    share?.positions,
    share?.records && ((record) => share.records.push(record)),
  );
  const timings = emptyTimings();
  const computed = { encodes: 0, predictions: 0 };
  let repaired = 0;
  let metricsMs = 0;
  const sources: string[] = new Array(samples.length);
  report = (): void =>
    options.onProgress?.({ done: accumulator.done, total: samples.length, failed: accumulator.failedSamples.size, current, elapsedMs: performance.now() - started });
  report();

  try {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < samples.length) {
        const position = next++;
        const at = share?.positions[position] ?? position;
        const id = samples[position].id;
        const parts = partsFor(position, samples.length, workers, conditions.length);
        let outcome: SampleOutcome =
          parts === 1 ? await executor.run(at, id) : combineParts(await Promise.all(Array.from({ length: parts }, (_, index) => executor.run(at, id, { index, of: parts }))), cells);
        if (!reference && !outcome.failure) outcome = await loadGroundTruth(outcome, samples[position].groundTruth, loaded);
        addTimings(timings, outcome.timings);
        computed.encodes += outcome.computed.encodes;
        computed.predictions += outcome.computed.predictions;
        repaired += outcome.repaired ?? 0;
        sources[position] = `${outcome.sampleId}:${outcome.sourceSha256 ?? 'unreadable'}`;
        const t = performance.now();
        accumulator.add(outcome);
        for (; scored < accumulator.done; scored++) loaded.delete(samples[scored].id);
        metricsMs += performance.now() - t;
        report();
      }
    };
    await Promise.all(Array.from({ length: executor.slots }, lane));
  } finally {
    await executor.close();
  }

  const result = sweepResult({
    config,
    conditions,
    cells,
    accumulator,
    models: executor.models,
    reference,
    notices,
    provenance: { ...provenanceOf(config, dataset, sha256(sources.join('\n')), executor.models, await resolveCodecs(conditions)), source: await auditSources(samples.map((s) => s.path)) },
    started,
    cpuStart,
    stats: { samples: samples.length, timings, metricsMs, startupMs, computed, repaired, workers, lanes: executor.slots },
  });
  return share ? { ...result, shard: shardPart(share, planned, dataset, notices, sources) } : result;
}

/** Reads ground truth that is a file (a mask, a depth map); a failure fails the sample, not the sweep. */
async function loadGroundTruth(outcome: SampleOutcome, groundTruth: unknown, into: Map<string, unknown>): Promise<SampleOutcome> {
  const lazy = groundTruth as { file?: unknown; load?: unknown } | undefined;
  if (!lazy || typeof lazy.load !== 'function') return outcome;
  try {
    into.set(outcome.sampleId, await (lazy.load as () => Promise<unknown>)());
    return outcome;
  } catch (error) {
    return { ...outcome, failure: `ground truth: ${error instanceof Error ? error.message : String(error)}` };
  }
}
