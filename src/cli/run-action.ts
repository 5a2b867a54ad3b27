import { conditionsOf } from '../sweep/conditions.js';
import { join } from 'node:path';
import { sweepCodecFlags } from './codec-flags.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { runActionSweep } from '../sweep/action-run.js';
import { actionTable, storeActionResults } from '../sweep/action-store.js';
import { formatTable, repairedNote } from './table.js';

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
  frameStride?: string;
  clips?: string;
  splits?: string;
  yes: boolean;
}

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw invalidParameter(`integer of at least ${min}`, name, /^-?\d+(\.\d+)?$/.test(text) ? value : text);
  return value;
}

/** `lossyvision run --task action`: UCF101-style data, one action model, video codec levels. */
export async function runActionCommand(flags: ActionRunFlags): Promise<void> {
  if (flags.model.length !== 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected exactly one --model for --task action but received ${flags.model.length}`);
  // Video codecs encode the whole video; image codecs (a preset's jpeg) every sampled frame on its own.
  const specs = sweepCodecFlags(flags.codec, flags.preset, flags.yes, (note) => process.stderr.write(`lossyvision: note: ${note}\n`));
  if (specs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one --codec or --preset for run');
  const conditions = conditionsOf(specs);
  const splits = flags.splits?.split(',').map((s) => integer('splits', s.trim(), 1)!);
  const result = await runActionSweep({
    data: flags.data,
    splits,
    model: flags.model[0],
    modelOptions: {
      ...(flags.modelConfig === undefined ? {} : { modelConfig: flags.modelConfig }),
      ...(flags.threads === undefined ? {} : { intraOpNumThreads: integer('threads', flags.threads, 1) }),
    },
    conditions,
    clips: integer('clips', flags.clips, 1),
    frameStride: integer('frame-stride', flags.frameStride, 1),
    maxVideos: integer('max-samples', flags.maxSamples, 1),
    cacheDir: flags.cache ?? join(flags.out, 'cache'),
  });
  // Nothing right on pristine clips of labelled data: almost always a class order or input mismatch.
  const pristine = result.cells.find((c) => c.condition.level === null);
  for (const [stream, m] of Object.entries(pristine?.metrics ?? {})) {
    if (pristine && pristine.n > 0 && m.top1 === 0 && m.top5 === 0) {
      process.stderr.write(`lossyvision: warning: ${result.model.id} (${stream}) scores 0 on all ${pristine.n} pristine videos: check that its classes, class order and input settings match the data (--model-config)\n`);
    }
  }
  const files = await storeActionResults(result, flags.out);
  process.stdout.write(formatTable(actionTable(result)));
  const failed = result.failures.length;
  process.stdout.write(
    `\n${result.stats.videos} videos, splits ${result.splits.join(', ')}, ${result.cells.length} levels, ${failed} failure${failed === 1 ? '' : 's'}` +
      ` (${result.stats.computed} computed, ${result.stats.cached} from the cache${repairedNote(result.stats.repaired)})\n`,
  );
  process.stdout.write(`results: ${files.database}, ${files.table.markdown}, ${files.results.csv}\n`);
}
