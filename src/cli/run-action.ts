import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { integerFlag } from '../validate.js';
import { runActionSweep } from '../sweep/action-run.js';
import { runConditions } from './codec-flags.js';
import { storeResults } from '../sweep/store.js';
import { studyTable } from '../sweep/table.js';
import { formatTable, repairedNote } from './table.js';
import { sweepProgressView } from './progress.js';
import { shardNote, type ShardSpec } from '../sweep/shard.js';
import { writeShard } from '../sweep/shard-manifest.js';

/** The `run` flags action recognition reads. */
export interface ActionRunFlags {
  model: string[];
  data: string;
  codec: string[];
  preset: string[];
  out: string;
  cache?: string;
  maxSamples?: string;
  modelConfig?: string;
  threads?: string;
  device?: 'cpu' | 'cuda';
  frameStride?: string;
  clips?: string;
  splits?: string;
  yes: boolean;
  /** false: --no-progress. */
  progress?: boolean;
}

/** `lossyvision run --task action`: UCF101-style data, one action model, video codec levels. */
export async function runActionCommand(flags: ActionRunFlags, shard?: { spec: ShardSpec; auto: boolean }): Promise<void> {
  if (flags.model.length !== 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected exactly one --model for --task action but received ${flags.model.length}`);
  // Video codecs encode the whole video; image codecs (a preset's jpeg) every sampled frame on its own.
  const conditions = runConditions(flags);
  const splits = flags.splits?.split(',').map((s) => integerFlag(s.trim(), '--splits', 1));
  // Videos, counted as they finish (every level and stream of a video is scored together).
  const bar = flags.progress === false ? undefined : sweepProgressView(flags.model);
  const started = Date.now();
  let result;
  try {
    result = await runActionSweep({
    data: flags.data,
    splits,
    model: flags.model[0],
    modelOptions: {
      ...(flags.modelConfig === undefined ? {} : { modelConfig: flags.modelConfig }),
      ...(flags.threads === undefined ? {} : { intraOpNumThreads: integerFlag(flags.threads, '--threads', 1) }),
      ...(flags.device === 'cuda' ? { cuda: true } : {}),
    },
    conditions,
    clips: integerFlag(flags.clips, '--clips', 1),
    frameStride: integerFlag(flags.frameStride, '--frame-stride', 1),
    maxVideos: integerFlag(flags.maxSamples, '--max-samples', 1),
    cacheDir: flags.cache ?? join(flags.out, 'cache'),
  }, { shard: shard?.spec, onProgress: bar && ((p) => bar.update({ ...p, unit: 'videos', failed: 0, elapsedMs: Date.now() - started })) });
  } finally {
    bar?.stop();
  }
  // Nothing right on pristine clips of labelled data: almost always a class order or input mismatch.
  for (const { cell, n, metrics } of result.cells) {
    if (cell.condition.level === null && n > 0 && metrics.action.top1 === 0 && metrics.action.top5 === 0) {
      process.stderr.write(`lossyvision: warning: ${result.model.id} (${result.model.streams[cell.modelIndex]}) scores 0 on all ${n} pristine videos: check that its classes, class order and input settings match the data (--model-config)\n`);
    }
  }
  const files = await storeResults(result, flags.out);
  if (result.shard) {
    const manifest = await writeShard(result, flags.out);
    process.stderr.write(`lossyvision: shard ${shardNote(result.shard.spec, shard?.auto ?? false)}: ${result.stats.samples} of ${result.shard.planned.length} videos; for merge: ${manifest}\n`);
  }
  process.stdout.write(formatTable(studyTable(result)));
  // A video that failed, failed for every stream: counted once per level.
  const failed = new Set(result.failures.map((f) => `${f.sampleId}\n${f.condition}`)).size;
  process.stdout.write(
    `\n${result.stats.samples} videos, splits ${result.splits.join(', ')}, ${result.conditions.length} levels, ${failed} failure${failed === 1 ? '' : 's'}` +
      ` (${result.stats.computed} computed, ${result.stats.cached} from the cache${repairedNote(result.stats.repaired)})\n`,
  );
  process.stdout.write(`results: ${files.database}, ${files.table.markdown}, ${files.results.csv}\n`);
}
