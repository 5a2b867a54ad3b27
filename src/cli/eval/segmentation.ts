import { invalidParameter } from '../../errors.js';
import { evaluateSegmentationFolders } from '../../tasks/segmentation/evaluate-folders.js';
import { numberFlag, requiredPath, type EvalFlags, type EvalOutput } from './options.js';

const NUM_CLASSES = 'integer between 1 and 65536';

/** `eval --task segmentation --gt DIR --pred DIR --num-classes N [--ignore-index 255]`. */
export async function evalSegmentation(flags: EvalFlags): Promise<EvalOutput> {
  const numClasses = numberFlag(flags.numClasses, '--num-classes', NUM_CLASSES, (n) => Number.isInteger(n) && n >= 1 && n <= 65536);
  if (numClasses === undefined) throw invalidParameter(NUM_CLASSES, '--num-classes', undefined);
  const ignoreIndex = numberFlag(flags.ignoreIndex, '--ignore-index', 'integer between 0 and 65535', (n) => Number.isInteger(n) && n >= 0 && n <= 65535) ?? 255;
  const metrics = await evaluateSegmentationFolders({
    groundTruthDir: requiredPath(flags.gt, '--gt'),
    predictionDir: requiredPath(flags.pred, '--pred'),
    numClasses,
    ignoreIndex,
  });
  return { task: 'segmentation', protocol: null, metrics: { ...metrics } };
}
