import { invalidParameter } from '../../errors.js';
import type { Metric } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import { addCell, addToConfusion, createConfusion, forEachCell, segmentationScores, type ConfusionMatrix } from './confusion.js';
import type { LabelMap, SegmentationOptions, SegmentationResult } from './types.js';

/**
 * The state is the dense matrix (`confusion`) or its non-zero cells in index order (`cells`),
 * whichever is shorter (always the cells above 256 classes), so a state never grows with
 * numClasses² needlessly; `load` reads both.
 */
interface SegmentationState {
  numClasses: number;
  ignoreIndex: number;
  /** Row-major numClasses² integer counts, row = ground truth, column = prediction. */
  confusion?: number[];
  /** [g · numClasses + p, count] for each non-zero cell, by increasing index. */
  cells?: [number, number][];
}

const isCount = (n: unknown): n is number => is.integer(n) && n >= 0;

/** One confusion matrix over the whole dataset; `merge` adds matrices. */
export class SegmentationMetric implements Metric<LabelMap, LabelMap, SegmentationResult> {
  readonly name = 'segmentation';
  private matrix: ConfusionMatrix;

  constructor(readonly options: SegmentationOptions) {
    if (!is.integer(options.numClasses) || options.numClasses < 1 || options.numClasses > 65536) {
      throw invalidParameter('integer between 1 and 65536', 'numClasses', options.numClasses);
    }
    if (!is.integer(options.ignoreIndex)) throw invalidParameter('integer', 'ignoreIndex', options.ignoreIndex);
    this.matrix = createConfusion(options.numClasses);
  }

  update(prediction: LabelMap, groundTruth: LabelMap): void {
    addToConfusion(this.matrix, prediction, groundTruth, this.options);
  }

  merge(other: this): void {
    this.checkCompatible(other.options.numClasses, other.options.ignoreIndex);
    forEachCell(other.matrix, (cell, n) => addCell(this.matrix, cell, n));
  }

  compute(): SegmentationResult {
    return segmentationScores(this.matrix, this.options.numClasses);
  }

  /** A copy of the confusion matrix (row = ground truth): dense up to 256 classes, else its non-zero cells. */
  confusion(): ConfusionMatrix {
    return this.matrix instanceof Map ? new Map(this.matrix) : this.matrix.slice();
  }

  state(): SegmentationState {
    const { numClasses, ignoreIndex } = this.options;
    const cells: [number, number][] = [];
    forEachCell(this.matrix, (cell, n) => cells.push([cell, n]));
    // Whichever form is shorter: one image's matrix has a few non-zero cells of 256², so the
    // per-sample states the report resamples stay small enough to store.
    if (!(this.matrix instanceof Map) && 2 * cells.length >= this.matrix.length) return { numClasses, ignoreIndex, confusion: Array.from(this.matrix) };
    return { numClasses, ignoreIndex, cells: cells.sort((a, b) => a[0] - b[0]) };
  }

  load(state: unknown): void {
    const s = state as SegmentationState;
    if (!is.object(s) || !(Array.isArray(s.confusion) || Array.isArray(s.cells))) throw invalidParameter('a segmentation metric state', 'state', state);
    this.checkCompatible(s.numClasses, s.ignoreIndex);
    const size = this.options.numClasses * this.options.numClasses;
    const next = createConfusion(this.options.numClasses);
    if (Array.isArray(s.confusion)) {
      if (s.confusion.length !== size || !s.confusion.every(isCount)) {
        throw invalidParameter(`${size} non-negative integer counts`, 'state.confusion', s.confusion);
      }
      s.confusion.forEach((n, cell) => n !== 0 && addCell(next, cell, n));
    } else {
      const cells = s.cells!;
      if (!cells.every((c) => Array.isArray(c) && c.length === 2 && isCount(c[0]) && c[0] < size && isCount(c[1]))) {
        throw invalidParameter(`[cell, count] pairs with cells below ${size}`, 'state.cells', cells);
      }
      for (const [cell, n] of cells) addCell(next, cell, n);
    }
    this.matrix = next;
  }

  private checkCompatible(numClasses: unknown, ignoreIndex: unknown): void {
    if (numClasses !== this.options.numClasses) throw invalidParameter(`numClasses ${this.options.numClasses}`, 'other metric', numClasses);
    if (ignoreIndex !== this.options.ignoreIndex) throw invalidParameter(`ignoreIndex ${this.options.ignoreIndex}`, 'other metric', ignoreIndex);
  }
}
