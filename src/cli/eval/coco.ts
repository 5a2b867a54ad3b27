import { invalidParameter } from '../../errors.js';
import { COCO_BBOX_PARAMS, COCO_KEYPOINTS_PARAMS, type CocoParams } from '../../tasks/detection/coco-params.js';
import { evaluateCocoDetectionFiles } from '../../tasks/detection/coco-evaluate-files.js';
import { evaluateCocoKeypointFiles } from '../../tasks/pose/coco-evaluate-files.js';
import { requiredPath, type EvalFlags, type EvalOutput } from './options.js';

/** `eval --task detection [--protocol coco] --gt GT.json --pred RESULTS.json`: the 12 COCO bbox statistics. */
export async function evalCocoDetection(flags: EvalFlags): Promise<EvalOutput> {
  const report = await evaluateCocoDetectionFiles(requiredPath(flags.gt, '--gt'), requiredPath(flags.pred, '--pred'));
  return { task: 'detection', protocol: 'coco', metrics: { ...report.metrics, images: report.images, predictions: report.predictions }, labels: labels(COCO_BBOX_PARAMS), warnings: report.warnings };
}

/** `eval --task pose [--protocol coco] --gt GT.json --pred RESULTS.json [--sigmas s1,…]`: the 10 COCO keypoint statistics. */
export async function evalCocoPose(flags: EvalFlags): Promise<EvalOutput> {
  const sigmas = flags.sigmas === undefined ? undefined : parseSigmas(flags.sigmas);
  const report = await evaluateCocoKeypointFiles(requiredPath(flags.gt, '--gt'), requiredPath(flags.pred, '--pred'), sigmas ? { sigmas } : {});
  return { task: 'pose', protocol: 'coco', metrics: { ...report.metrics, images: report.images, predictions: report.predictions }, labels: labels(COCO_KEYPOINTS_PARAMS), warnings: report.warnings };
}

function parseSigmas(value: string | number[]): number[] {
  const list = Array.isArray(value) ? value : value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (list.length === 0 || !list.every((s) => Number.isFinite(s) && s > 0)) {
    throw invalidParameter('a comma-separated list of positive numbers, one per keypoint', '--sigmas', value);
  }
  return list;
}

/** pycocotools' summary lines, e.g. "AP @[ IoU=0.50:0.95 | area=all | maxDets=100 ]". */
function labels(params: CocoParams): Record<string, string> {
  const iou = (t?: number) => (t === undefined ? '0.50:0.95' : t.toFixed(2));
  const name = params.iouType === 'keypoints' ? 'OKS' : 'IoU';
  const out: Record<string, string> = Object.fromEntries(
    params.summary.map((s) => [s.key, `${s.kind} @[ ${name}=${iou(s.threshold)} | area=${s.area} | maxDets=${s.maxDetections} ]`]),
  );
  out.images = 'ground-truth images evaluated';
  out.predictions = 'results read';
  return out;
}
