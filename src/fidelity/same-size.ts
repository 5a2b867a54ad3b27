import { LossyvisionError } from '../errors.js';
import type { RgbImage } from '../media/image.js';

/** Fidelity compares pixel for pixel, so both images must have the same size. */
export function assertSameSize(a: RgbImage, b: RgbImage, metric: string): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `${metric} needs images of the same size, received ${a.width}×${a.height} and ${b.width}×${b.height}`,
    );
  }
  if (a.data.length !== a.width * a.height * 3 || b.data.length !== b.width * b.height * 3) {
    throw new LossyvisionError('INVALID_ARGUMENT', `${metric} expects 8-bit RGB images (width × height × 3 bytes)`);
  }
}
