import { invalidParameter } from '../../errors.js';
import type { Metric } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import { addToConfusion, segmentationScores } from './confusion.js';
import type { LabelMap, SegmentationOptions, SegmentationResult } from './types.js';

interface SegmentationState {
  numClasses: number;
  ignoreIndex: number;
  /** Row-major numClasses² integer counts, row = ground truth, column = prediction. */
  confusion: number[];
}

/** One confusion matrix over the whole dataset; `merge` adds matrices. */
export class SegmentationMetric implements Metric<LabelMap, LabelMap, SegmentationResult> {
  readonly name = 'segmentation';
  private matrix: Float64Array;

  constructor(readonly options: SegmentationOptions) {
    if (!is.integer(options.numClasses) || options.numClasses < 1 || options.numClasses > 65536) {
      throw invalidParameter('integer between 1 and 65536', 'numClasses', options.numClasses);
    }
    if (!is.integer(options.ignoreIndex)) throw invalidParameter('integer', 'ignoreIndex', options.ignoreIndex);
    this.matrix = new Float64Array(options.numClasses * options.numClasses);
  }

  update(prediction: LabelMap, groundTruth: LabelMap): void {
    addToConfusion(this.matrix, prediction, groundTruth, this.options);
  }

  merge(other: this): void {
    this.checkCompatible(other.options.numClasses, other.options.ignoreIndex);
    for (let i = 0; i < this.matrix.length; i++) this.matrix[i] += other.matrix[i];
  }

  compute(): SegmentationResult {
    return segmentationScores(this.matrix, this.options.numClasses);
  }

  /** The confusion matrix itself (row = ground truth), e.g. for a report. */
  confusion(): Float64Array {
    return this.matrix.slice();
  }

  state(): SegmentationState {
    return { numClasses: this.options.numClasses, ignoreIndex: this.options.ignoreIndex, confusion: Array.from(this.matrix) };
  }

  load(state: unknown): void {
    const s = state as SegmentationState;
    if (!is.object(s) || !Array.isArray(s.confusion)) throw invalidParameter('a segmentation metric state', 'state', state);
    this.checkCompatible(s.numClasses, s.ignoreIndex);
    if (s.confusion.length !== this.matrix.length || !s.confusion.every((n) => is.integer(n) && n >= 0)) {
      throw invalidParameter(`${this.matrix.length} non-negative integer counts`, 'state.confusion', s.confusion);
    }
    this.matrix = Float64Array.from(s.confusion);
  }

  private checkCompatible(numClasses: unknown, ignoreIndex: unknown): void {
    if (numClasses !== this.options.numClasses) throw invalidParameter(`numClasses ${this.options.numClasses}`, 'other metric', numClasses);
    if (ignoreIndex !== this.options.ignoreIndex) throw invalidParameter(`ignoreIndex ${this.options.ignoreIndex}`, 'other metric', ignoreIndex);
  }
}
