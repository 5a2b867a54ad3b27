import { invalidParameter } from '../../errors.js';
import { COCO_KEYPOINTS_PARAMS } from '../detection/coco-params.js';
import { cocoSummaryLabels } from '../detection/eval-coco.js';
import { requiredPath, type EvalFlags, type EvalOutput } from '../eval-output.js';
import { evaluateCocoKeypointFiles } from './coco-evaluate-files.js';

/** `eval --task pose [--protocol coco] --gt GT.json --pred RESULTS.json [--sigmas s1,…]`: the 10 COCO keypoint statistics. */
export async function evalCocoPose(flags: EvalFlags): Promise<EvalOutput> {
  const sigmas = flags.sigmas === undefined ? undefined : parseSigmas(flags.sigmas);
  const report = await evaluateCocoKeypointFiles(requiredPath(flags.gt, '--gt'), requiredPath(flags.pred, '--pred'), sigmas ? { sigmas } : {});
  return { task: 'pose', protocol: 'coco', metrics: { ...report.metrics, images: report.images, predictions: report.predictions }, labels: cocoSummaryLabels(COCO_KEYPOINTS_PARAMS), warnings: report.warnings };
}

function parseSigmas(value: string | number[]): number[] {
  const list = Array.isArray(value) ? value : value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (list.length === 0 || !list.every((s) => Number.isFinite(s) && s > 0)) {
    throw invalidParameter('a comma-separated list of positive numbers, one per keypoint', '--sigmas', value);
  }
  return list;
}
