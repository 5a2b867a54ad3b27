import type { RgbImage } from '../media/image.js';

/** One line of a prediction listed as text (`predict` prints them as a table). */
export type Row = Record<string, string | number | null>;

/** What the caller knows that the prediction does not: names, and which scores count as confident. */
export interface ViewOptions {
  /** Category / class index → name (the dataset's); default the task's own names or the index. */
  readonly categories?: ReadonlyMap<number, string>;
  /** Detections scoring below this are neither drawn nor counted (reference mode's threshold). */
  readonly scoreThreshold?: number;
}

/** How hard one sample was hit at one level, in the task's own terms: higher is worse. */
export interface Damage {
  readonly score: number;
  /** One short sentence: "2 of 3 confident pristine detections lost". */
  readonly why: string;
}

/**
 * How a task's prediction is shown to a person: drawn over its image, listed as rows, summed up
 * in a caption, and compared with the pristine prediction so the report can pick the samples
 * compression hurt most. `P` is the prediction as the model (and the sweep cache) gives it.
 */
export interface TaskView<P = unknown, G = unknown> {
  draw(image: RgbImage, prediction: P, options?: ViewOptions): Promise<RgbImage>;
  rows(prediction: P, options?: ViewOptions): Row[];
  /** A caption: "3 detections", "2 people", "foreground 31 %", "top-1 dog 0.92". */
  summary(prediction: P, options?: ViewOptions): string;
  /**
   * How far `level` strayed from `pristine` (ground truth, when the sample has one, may sharpen
   * it); undefined for a sample with nothing to lose (no person for pose, no foreground for
   * segmentation), which the report then skips.
   */
  damage(pristine: P, level: P, groundTruth?: G, options?: ViewOptions): Damage | undefined;
  /**
   * What the model lost between `pristine` and `level`, drawn over the level's image (boxes that
   * vanished, moved or appeared; keypoints that jumped; pixels whose class flipped; the change in
   * depth error), with a one-line legend; absent for tasks that have no such picture.
   */
  difference?(image: RgbImage, pristine: P, level: P, options?: ViewOptions): Promise<DifferenceImage>;
  /** The prediction as a FiftyOne label (report/fiftyone.ts), on an image of this size; absent for tasks FiftyOne cannot show. */
  fiftyone?(prediction: P, size: ImageSize, options?: ViewOptions): FiftyOneLabel;
  /** The sample's ground truth as a FiftyOne label, when the task's ground truth has one. */
  fiftyoneTruth?(groundTruth: G, size: ImageSize, options?: ViewOptions): FiftyOneLabel | undefined;
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * A label as FiftyOne's `Label.to_dict()` writes it (`_cls` names the class: Detections,
 * Keypoints, Classification, Segmentation, Heatmap), coordinates relative to the image. A mask or
 * heat map raster travels beside it: the exporter writes it as a PNG and sets `mask_path` / `map_path`.
 */
export interface FiftyOneLabel {
  readonly label: Record<string, unknown>;
  readonly raster?: { readonly width: number; readonly height: number; readonly data: Uint8Array; readonly field: 'mask_path' | 'map_path' };
}

/** A difference view and what its marks mean. */
export interface DifferenceImage {
  readonly image: RgbImage;
  /** "red dashed: 2 pristine boxes lost or moved; orange: 1 new; green: 3 kept". */
  readonly legend: string;
}

export const round = (v: number, digits: number): number => Number(v.toFixed(digits));

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
