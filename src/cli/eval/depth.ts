import { unknownId } from '../../errors.js';
import { DEPTH_CROPS } from '../../tasks/depth/crop.js';
import { evaluateDepthFolders } from '../../tasks/depth/evaluate-folders.js';
import type { DepthCrop } from '../../tasks/depth/types.js';
import { numberFlag, requiredPath, type EvalFlags, type EvalOutput } from './options.js';

/**
 * `eval --task depth --gt DIR --pred DIR [--depth-scale 256] [--min-depth 0.001] [--max-depth M]
 * [--crop none|eigen|garg]`. Depths in metres after dividing by the scale.
 */
export async function evalDepth(flags: EvalFlags): Promise<EvalOutput> {
  const crop = flags.crop ?? 'none';
  if (!DEPTH_CROPS.has(crop as DepthCrop)) throw unknownId('crop', crop, DEPTH_CROPS.keys());
  const depthScale = numberFlag(flags.depthScale, '--depth-scale', 'number > 0', (n) => n > 0) ?? 256;
  const minDepthM = numberFlag(flags.minDepth, '--min-depth', 'number ≥ 0 (metres)', (n) => n >= 0) ?? 1e-3;
  const maxDepthM = numberFlag(flags.maxDepth, '--max-depth', `number > --min-depth ${minDepthM} (metres)`, (n) => n > minDepthM) ?? Infinity;
  const metrics = await evaluateDepthFolders({
    groundTruthDir: requiredPath(flags.gt, '--gt'),
    predictionDir: requiredPath(flags.pred, '--pred'),
    depthScale,
    minDepthM,
    maxDepthM,
    crop: crop as DepthCrop,
  });
  return { task: 'depth', protocol: crop === 'none' ? null : crop, metrics: { ...metrics } };
}
