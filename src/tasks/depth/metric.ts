import { invalidParameter } from '../../errors.js';
import type { Metric } from '../../metrics/metric.js';
import { is } from '../../validate.js';
import { DEPTH_CROPS } from './crop.js';
import { addSums, depthErrorsFromSums, depthSums, emptySums, type DepthSums } from './eigen.js';
import { DEPTH_MEASURES, type DepthMap, type DepthMeasure, type DepthOptions, type DepthResult } from './types.js';

interface DepthState {
  options: DepthOptions;
  /** Images with at least one valid pixel. */
  images: number;
  /** Sum over those images of each per-image measure. */
  perImage: Record<DepthMeasure, number>;
  /** Sums over every valid pixel of the dataset. */
  pooled: DepthSums;
}

const pooledKey = (m: DepthMeasure) => `pooled${m[0].toUpperCase()}${m.slice(1)}` as `pooled${Capitalize<DepthMeasure>}`;

function zeroPerImage(): Record<DepthMeasure, number> {
  return Object.fromEntries(DEPTH_MEASURES.map((m) => [m, 0])) as Record<DepthMeasure, number>;
}

/**
 * Eigen depth errors, per image then averaged over images, with the pixel-pooled variant
 * alongside. Images without a valid pixel are left out of the per-image mean (monodepth2
 * would average in NaN) and counted in neither `images` nor `pixels`.
 */
export class DepthMetric implements Metric<DepthMap, DepthMap, DepthResult> {
  readonly name = 'depth';
  readonly options: DepthOptions;
  private images = 0;
  private perImage = zeroPerImage();
  private pooled = emptySums();

  constructor(options: Partial<DepthOptions> = {}) {
    this.options = { minDepthM: options.minDepthM ?? 1e-3, maxDepthM: options.maxDepthM ?? Infinity, crop: options.crop ?? 'none' };
    const { minDepthM, maxDepthM, crop } = this.options;
    if (!is.number(minDepthM) || minDepthM < 0) throw invalidParameter('number ≥ 0', 'minDepthM', minDepthM);
    if (!(maxDepthM > minDepthM)) throw invalidParameter(`number greater than minDepthM (${minDepthM})`, 'maxDepthM', maxDepthM);
    if (!DEPTH_CROPS.has(crop)) throw invalidParameter(`one of ${[...DEPTH_CROPS.keys()].join(', ')}`, 'crop', crop);
  }

  update(prediction: DepthMap, groundTruth: DepthMap): void {
    const sums = depthSums(prediction, groundTruth, this.options);
    const errors = depthErrorsFromSums(sums);
    if (!errors) return;
    this.images += 1;
    for (const m of DEPTH_MEASURES) this.perImage[m] += errors[m];
    addSums(this.pooled, sums);
  }

  merge(other: this): void {
    this.checkOptions(other.options);
    this.images += other.images;
    for (const m of DEPTH_MEASURES) this.perImage[m] += other.perImage[m];
    addSums(this.pooled, other.pooled);
  }

  compute(): DepthResult {
    const pooled = depthErrorsFromSums(this.pooled);
    const result = { images: this.images, pixels: this.pooled.pixels } as DepthResult;
    for (const m of DEPTH_MEASURES) {
      result[m] = this.images === 0 ? null : this.perImage[m] / this.images;
      result[pooledKey(m)] = pooled ? pooled[m] : null;
    }
    return result;
  }

  state(): DepthState {
    // Infinity is not JSON: an unbounded maxDepthM travels as null.
    const options = { ...this.options, maxDepthM: Number.isFinite(this.options.maxDepthM) ? this.options.maxDepthM : null } as unknown as DepthOptions;
    return { options, images: this.images, perImage: { ...this.perImage }, pooled: { ...this.pooled } };
  }

  load(state: unknown): void {
    const s = state as DepthState;
    if (!is.object(s) || !is.object(s.options) || !is.object(s.perImage) || !is.object(s.pooled) || !is.integer(s.images)) {
      throw invalidParameter('a depth metric state', 'state', state);
    }
    this.checkOptions({ ...s.options, maxDepthM: s.options.maxDepthM ?? Infinity });
    const perImage = zeroPerImage();
    for (const m of DEPTH_MEASURES) {
      if (!is.number(s.perImage[m])) throw invalidParameter('number', `state.perImage.${m}`, s.perImage[m]);
      perImage[m] = s.perImage[m];
    }
    const pooled = emptySums();
    for (const k of Object.keys(pooled) as (keyof DepthSums)[]) {
      if (!is.number(s.pooled[k])) throw invalidParameter('number', `state.pooled.${k}`, s.pooled[k]);
      pooled[k] = s.pooled[k];
    }
    this.images = s.images;
    this.perImage = perImage;
    this.pooled = pooled;
  }

  private checkOptions(o: DepthOptions): void {
    const mine = this.options;
    if (o.minDepthM !== mine.minDepthM || o.maxDepthM !== mine.maxDepthM || o.crop !== mine.crop) {
      throw invalidParameter(`minDepthM ${mine.minDepthM}, maxDepthM ${mine.maxDepthM}, crop ${mine.crop}`, 'other depth metric', `${o.minDepthM}, ${o.maxDepthM}, ${o.crop}`);
    }
  }
}

/** One-shot depth evaluation over prediction / ground-truth pairs. */
export function evaluateDepth(pairs: Iterable<[DepthMap, DepthMap]>, options: Partial<DepthOptions> = {}): DepthResult {
  const metric = new DepthMetric(options);
  for (const [prediction, groundTruth] of pairs) metric.update(prediction, groundTruth);
  return metric.compute();
}
