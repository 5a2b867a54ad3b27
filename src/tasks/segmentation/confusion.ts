import { LossyvisionError } from '../../errors.js';
import type { LabelMap, SegmentationOptions, SegmentationResult } from './types.js';

/**
 * Confusion-matrix maths for semantic segmentation, shared by the accumulator and one-shot
 * use. The matrix is numClasses × numClasses, row = ground truth, column = prediction,
 * flattened row-major (cell g · numClasses + p); counts are integers held in doubles (exact up
 * to 2^53 pixels). Up to 256 classes it is a dense Float64Array (512 KB); above, a Map of the
 * non-zero cells, since an image holds few (ground truth, prediction) pairs and 65 536 classes
 * would need 34 GB dense. Sums of integer counts are exact in any order, so both forms give
 * bit-identical scores.
 */
export type ConfusionMatrix = Float64Array | Map<number, number>;

/** The largest class count kept as a dense matrix. */
export const DENSE_CONFUSION_CLASSES = 256;

/** An empty matrix for numClasses classes: dense up to DENSE_CONFUSION_CLASSES, sparse above. */
export function createConfusion(numClasses: number): ConfusionMatrix {
  return numClasses <= DENSE_CONFUSION_CLASSES ? new Float64Array(numClasses * numClasses) : new Map();
}

/** Calls `visit(cell, count)` for every non-zero cell. */
export function forEachCell(matrix: ConfusionMatrix, visit: (cell: number, count: number) => void): void {
  if (matrix instanceof Map) {
    for (const [cell, n] of matrix) if (n !== 0) visit(cell, n);
    return;
  }
  for (let i = 0; i < matrix.length; i++) if (matrix[i] !== 0) visit(i, matrix[i]);
}

/** Adds `count` to one cell. */
export function addCell(matrix: ConfusionMatrix, cell: number, count: number): void {
  if (matrix instanceof Map) matrix.set(cell, (matrix.get(cell) ?? 0) + count);
  else matrix[cell] += count;
}

function labelError(file: string | undefined, x: number, y: number, message: string): LossyvisionError {
  return new LossyvisionError('INVALID_FILE', message, { file, entry: `pixel (${x}, ${y})` });
}

/** Adds one image pair to `matrix`. Sizes must agree; labels must lie in 0…numClasses-1. */
export function addToConfusion(matrix: ConfusionMatrix, prediction: LabelMap, groundTruth: LabelMap, options: SegmentationOptions): void {
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
  if (!(matrix instanceof Map)) {
    for (let i = 0; i < gt.length; i++) {
      const g = gt[i];
      if (g !== ignoreIndex) matrix[g * numClasses + pred[i]] += 1;
    }
    return;
  }
  // Sparse: runs of one (ground truth, prediction) pair are counted before touching the map.
  let run = -1;
  let length = 0;
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i];
    if (g === ignoreIndex) continue;
    const cell = g * numClasses + pred[i];
    if (cell === run) {
      length++;
      continue;
    }
    if (length > 0) addCell(matrix, run, length);
    run = cell;
    length = 1;
  }
  if (length > 0) addCell(matrix, run, length);
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * All segmentation scores from a confusion matrix, in time linear in its non-zero cells plus
 * the class count (never numClasses²). A plain array of numClasses² counts is accepted too.
 */
export function segmentationScores(matrix: ConfusionMatrix | ArrayLike<number>, numClasses: number): SegmentationResult {
  const rows = new Float64Array(numClasses); // ground-truth pixels per class
  const cols = new Float64Array(numClasses); // predicted pixels per class
  const diagonal = new Float64Array(numClasses);
  let total = 0;
  const cells = matrix instanceof Map || matrix instanceof Float64Array ? matrix : Float64Array.from(matrix);
  forEachCell(cells, (cell, n) => {
    const g = Math.floor(cell / numClasses);
    const p = cell - g * numClasses;
    rows[g] += n;
    cols[p] += n;
    total += n;
    if (g === p) diagonal[g] = n;
  });
  let correct = 0;
  for (let g = 0; g < numClasses; g++) correct += diagonal[g];
  const perClassIoU: (number | null)[] = [];
  const perClassAcc: (number | null)[] = [];
  for (let c = 0; c < numClasses; c++) {
    const tp = diagonal[c];
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
  const matrix = createConfusion(options.numClasses);
  for (const [prediction, groundTruth] of pairs) addToConfusion(matrix, prediction, groundTruth, options);
  return segmentationScores(matrix, options.numClasses);
}
