import { LossyvisionError } from '../../errors.js';
import type { LabelMap, SegmentationOptions, SegmentationResult } from './types.js';

/**
 * Confusion-matrix maths for semantic segmentation, shared by the accumulator and one-shot
 * use. The matrix is numClasses × numClasses, row = ground truth, column = prediction,
 * flattened row-major; counts are integers held in a Float64Array (exact up to 2^53 pixels).
 */

function labelError(file: string | undefined, x: number, y: number, message: string): LossyvisionError {
  return new LossyvisionError('INVALID_FILE', message, { file, entry: `pixel (${x}, ${y})` });
}

/** Adds one image pair to `matrix`. Sizes must agree; labels must lie in 0…numClasses-1. */
export function addToConfusion(matrix: Float64Array, prediction: LabelMap, groundTruth: LabelMap, options: SegmentationOptions): void {
  const { numClasses, ignoreIndex } = options;
  if (prediction.width !== groundTruth.width || prediction.height !== groundTruth.height) {
    const against = groundTruth.file ? `its ground truth ${groundTruth.file}` : 'its ground truth';
    throw new LossyvisionError(
      'INVALID_FILE',
      `Expected ${groundTruth.width}×${groundTruth.height} pixels like ${against} but received ${prediction.width}×${prediction.height}`,
      { file: prediction.file },
    );
  }
  const pred = prediction.data;
  const gt = groundTruth.data;
  // Validate first, count second: a bad image leaves the matrix untouched.
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i];
    if (g === ignoreIndex) continue;
    if (!(g >= 0 && g < numClasses && Number.isInteger(g))) {
      throw labelError(groundTruth.file, i % groundTruth.width, Math.floor(i / groundTruth.width), `Expected a ground-truth label between 0 and ${numClasses - 1} or the ignore index ${ignoreIndex} but received ${g}`);
    }
    const p = pred[i];
    if (!(p >= 0 && p < numClasses && Number.isInteger(p))) {
      throw labelError(prediction.file, i % prediction.width, Math.floor(i / prediction.width), `Expected a predicted label between 0 and ${numClasses - 1} (--num-classes ${numClasses}) but received ${p}`);
    }
  }
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i];
    if (g !== ignoreIndex) matrix[g * numClasses + pred[i]] += 1;
  }
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** All segmentation scores from a confusion matrix. */
export function segmentationScores(matrix: ArrayLike<number>, numClasses: number): SegmentationResult {
  const rows = new Float64Array(numClasses); // ground-truth pixels per class
  const cols = new Float64Array(numClasses); // predicted pixels per class
  let total = 0;
  let correct = 0;
  for (let g = 0; g < numClasses; g++) {
    for (let p = 0; p < numClasses; p++) {
      const n = matrix[g * numClasses + p];
      rows[g] += n;
      cols[p] += n;
      total += n;
    }
    correct += matrix[g * numClasses + g];
  }
  const perClassIoU: (number | null)[] = [];
  const perClassAcc: (number | null)[] = [];
  for (let c = 0; c < numClasses; c++) {
    const tp = matrix[c * numClasses + c];
    const union = rows[c] + cols[c] - tp;
    perClassIoU.push(union > 0 ? tp / union : null);
    perClassAcc.push(rows[c] > 0 ? tp / rows[c] : null);
  }
  const gtClasses = [...rows.keys()].filter((c) => rows[c] > 0);
  let fw = 0;
  for (const c of gtClasses) fw += (rows[c] / total) * (perClassIoU[c] as number);
  return {
    globalAcc: total > 0 ? correct / total : null,
    meanAcc: mean(gtClasses.map((c) => perClassAcc[c] as number)),
    mIoU: mean(perClassIoU.filter((v): v is number => v !== null)),
    mIoUGtClasses: mean(gtClasses.map((c) => perClassIoU[c] as number)),
    fwIoU: total > 0 ? fw : null,
    perClassIoU,
    perClassAcc,
  };
}

/** One-shot: the scores of a list of prediction / ground-truth pairs. */
export function evaluateSegmentation(pairs: Iterable<[LabelMap, LabelMap]>, options: SegmentationOptions): SegmentationResult {
  const matrix = new Float64Array(options.numClasses * options.numClasses);
  for (const [prediction, groundTruth] of pairs) addToConfusion(matrix, prediction, groundTruth, options);
  return segmentationScores(matrix, options.numClasses);
}
