import type { RgbImage } from '../media/image.js';

/** One listed row of a prediction: column name → value. */
export type Row = Record<string, string | number | null>;

/** How one task's prediction is drawn over its image and listed as rows (predict, report). */
export interface TaskView {
  draw(image: RgbImage, prediction: unknown): Promise<RgbImage>;
  rows(prediction: unknown): Row[];
}
