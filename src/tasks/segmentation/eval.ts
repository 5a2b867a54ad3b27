import { invalidParameter } from '../../errors.js';
import { requiredPath, type EvalFlags, type EvalOutput } from '../eval-output.js';
import { applyOptions } from '../options.js';
import { evaluateSegmentationFolders } from './evaluate-folders.js';
import { NUM_CLASSES_EXPECTED, SEGMENTATION_OPTIONS } from './options.js';

/** `eval --task segmentation --gt DIR --pred DIR --num-classes N [--ignore-index 255]`; the flags are run's. */
export async function evalSegmentation(flags: EvalFlags): Promise<EvalOutput> {
  const { taskOptions = {} } = applyOptions(SEGMENTATION_OPTIONS, flags);
  if (taskOptions.numClasses === undefined) throw invalidParameter(NUM_CLASSES_EXPECTED, '--num-classes', undefined);
  const metrics = await evaluateSegmentationFolders({
    groundTruthDir: requiredPath(flags.gt, '--gt'),
    predictionDir: requiredPath(flags.pred, '--pred'),
    numClasses: taskOptions.numClasses,
    ignoreIndex: taskOptions.ignoreIndex ?? 255,
  });
  return { task: 'segmentation', protocol: null, metrics: { ...metrics } };
}
