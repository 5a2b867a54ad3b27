import { LossyvisionError, invalidParameter } from '../../errors.js';
import type { MetricValues } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import { accumulate, sliceOf, statValue, summarize, type CocoAccumulation } from './coco-accumulate.js';
import type { CocoImageEvaluation } from './coco-evaluate-image.js';
import type { CocoParams } from './coco-params.js';

/** Serialised form of a `CocoEvaluation`: typed arrays as base64 of their little-endian bytes. */
export interface CocoEvaluationState {
  version: 1;
  iouType: string;
  images: {
    imageId: number;
    categoryIds: number[];
    offsets: number[];
    scores: string;
    matched: string;
    ignored: string;
    counted: number[];
  }[];
}

/**
 * The evaluate → accumulate → summarize pipeline as an accumulator: per-image results go in as
 * images are evaluated (in any order, from any worker), the curves are built only in `compute`.
 */
export class CocoEvaluation {
  private readonly images = new Map<number, CocoImageEvaluation>();

  constructor(readonly params: CocoParams) {}

  /** Number of images evaluated so far. */
  get size(): number {
    return this.images.size;
  }

  add(evaluation: CocoImageEvaluation): void {
    if (this.images.has(evaluation.imageId)) {
      throw new LossyvisionError('INVALID_ARGUMENT', `image ${evaluation.imageId} was evaluated twice; each image must be updated once`);
    }
    this.images.set(evaluation.imageId, evaluation);
  }

  merge(other: CocoEvaluation): void {
    if (other.params.iouType !== this.params.iouType) {
      throw invalidParameter(`a ${this.params.iouType} evaluation`, 'merge', other.params.iouType);
    }
    for (const evaluation of other.images.values()) this.add(evaluation);
  }

  accumulate(): CocoAccumulation {
    return accumulate(this.images.values(), this.params);
  }

  summarize(): MetricValues {
    return summarize(this.accumulate());
  }

  /**
   * `summarize()[key]` building only the slice of the curves that statistic reads (1 of the 12
   * area × cap slices): the report's bootstrap reads one statistic per resample. Undefined for a key
   * the summary does not have.
   */
  summaryValue(key: string): number | null | undefined {
    const stat = this.params.summary.find((s) => s.key === key);
    if (!stat) return undefined;
    return statValue(accumulate(this.images.values(), this.params, sliceOf(this.params, stat)), stat);
  }

  state(): CocoEvaluationState {
    return {
      version: 1,
      iouType: this.params.iouType,
      images: [...this.images.values()].map((e) => ({
        imageId: e.imageId,
        categoryIds: [...e.categoryIds],
        offsets: [...e.offsets],
        scores: toBase64(e.scores),
        matched: toBase64(e.matched),
        ignored: toBase64(e.ignored),
        counted: [...e.counted],
      })),
    };
  }

  load(state: unknown): void {
    const s = state as CocoEvaluationState;
    if (!is.object(state) || s.version !== 1 || s.iouType !== this.params.iouType || !Array.isArray(s.images)) {
      throw invalidParameter(`a version 1 ${this.params.iouType} COCO evaluation state`, 'state', state);
    }
    this.images.clear();
    for (const image of s.images) {
      this.add({
        imageId: image.imageId,
        categoryIds: Float64Array.from(image.categoryIds),
        offsets: Uint32Array.from(image.offsets),
        scores: fromBase64(image.scores, Float64Array),
        matched: fromBase64(image.matched, Uint16Array),
        ignored: fromBase64(image.ignored, Uint16Array),
        counted: Uint32Array.from(image.counted),
      });
    }
  }
}

function toBase64(array: Float64Array | Uint16Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends Float64Array | Uint16Array>(text: string, Type: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(text, 'base64');
  // Copy into a fresh, aligned buffer: Buffer's pool offset need not be a multiple of 8.
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Type(copy);
}
