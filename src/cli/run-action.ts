import { conditionsOf } from '../sweep/conditions.js';
import { join } from 'node:path';
import { parseCodecLevels, presetLevels, type CodecLevels } from '../codecs/levels.js';
import { LossyvisionError } from '../errors.js';
import { integerFlag } from '../validate.js';
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
}

/** `lossyvision run --task action`: UCF101-style data, one action model, video codec levels. */
export async function runActionCommand(flags: ActionRunFlags): Promise<void> {
  if (flags.model.length !== 1) throw new LossyvisionError('INVALID_ARGUMENT', `Expected exactly one --model for --task action but received ${flags.model.length}`);
  // Video codecs encode the whole video; image codecs (a preset's jpeg) every sampled frame on its own.
  const specs: CodecLevels[] = [...flags.preset.flatMap(presetLevels), ...flags.codec.map(parseCodecLevels)];
  if (specs.length === 0) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected at least one --codec or --preset for run');
  const conditions = conditionsOf(specs);
  const splits = flags.splits?.split(',').map((s) => integerFlag(s.trim(), '--splits', 1));
  const result = await runActionSweep({
    data: flags.data,
    splits,
    model: flags.model[0],
    modelOptions: {
      ...(flags.modelConfig === undefined ? {} : { modelConfig: flags.modelConfig }),
      ...(flags.threads === undefined ? {} : { intraOpNumThreads: integerFlag(flags.threads, '--threads', 1) }),
    },
    conditions,
    clips: integerFlag(flags.clips, '--clips', 1),
    frameStride: integerFlag(flags.frameStride, '--frame-stride', 1),
    maxVideos: integerFlag(flags.maxSamples, '--max-samples', 1),
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
