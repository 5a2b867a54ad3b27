import { COCO_BBOX_PARAMS, type CocoParams } from './coco-params.js';
import { evaluateCocoDetectionFiles } from './coco-evaluate-files.js';
import { requiredPath, type EvalFlags, type EvalOutput } from '../eval-output.js';

/** `eval --task detection [--protocol coco] --gt GT.json --pred RESULTS.json`: the 12 COCO bbox statistics. */
export async function evalCocoDetection(flags: EvalFlags): Promise<EvalOutput> {
  const report = await evaluateCocoDetectionFiles(requiredPath(flags.gt, '--gt'), requiredPath(flags.pred, '--pred'));
  return { task: 'detection', protocol: 'coco', metrics: { ...report.metrics, images: report.images, predictions: report.predictions }, labels: cocoSummaryLabels(COCO_BBOX_PARAMS), warnings: report.warnings };
}

/** pycocotools' summary lines, e.g. "AP @[ IoU=0.50:0.95 | area=all | maxDets=100 ]". */
export function cocoSummaryLabels(params: CocoParams): Record<string, string> {
  const iou = (t?: number) => (t === undefined ? '0.50:0.95' : t.toFixed(2));
  const name = params.iouType === 'keypoints' ? 'OKS' : 'IoU';
  const out: Record<string, string> = Object.fromEntries(
    params.summary.map((s) => [s.key, `${s.kind} @[ ${name}=${iou(s.threshold)} | area=${s.area} | maxDets=${s.maxDetections} ]`]),
  );
  out.images = 'ground-truth images evaluated';
  out.predictions = 'results read';
  return out;
}
