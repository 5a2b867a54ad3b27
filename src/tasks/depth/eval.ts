import { resolveDepthScale } from '../../datasets/depth-folder.js';
import { requiredPath, type EvalFlags, type EvalOutput } from '../eval-output.js';
import { applyOptions } from '../options.js';
import { evaluateDepthFolders } from './evaluate-folders.js';
import { DEFAULT_MIN_DEPTH_M, DEPTH_OPTIONS } from './options.js';

/**
 * `eval --task depth --gt DIR --pred DIR [--depth-scale kitti|nyu|N] [--min-depth 0.001] [--max-depth M]
 * [--crop none|eigen|garg]`. Depths in metres after dividing by the scale; the flags are run's.
 */
export async function evalDepth(flags: EvalFlags): Promise<EvalOutput> {
  const { taskOptions = {}, datasetOptions = {} } = applyOptions(DEPTH_OPTIONS, flags);
  const crop = taskOptions.crop ?? 'none';
  const metrics = await evaluateDepthFolders({
    groundTruthDir: requiredPath(flags.gt, '--gt'),
    predictionDir: requiredPath(flags.pred, '--pred'),
    depthScale: resolveDepthScale(datasetOptions.depthScale ?? 'kitti'),
    minDepthM: taskOptions.minDepthM ?? DEFAULT_MIN_DEPTH_M,
    maxDepthM: taskOptions.maxDepthM ?? Infinity,
    crop,
  });
  return { task: 'depth', protocol: crop === 'none' ? null : crop, metrics: { ...metrics } };
}
