import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';

/**
 * The cheap motion input of TSN (Wang et al. 2016): the difference of consecutive RGB frames,
 * next − prev per channel, in −255…255. Interleaved RGB, like the frames.
 */
export function rgbDifference(prev: RgbImage, next: RgbImage): Float32Array {
  if (prev.width !== next.width || prev.height !== next.height) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected two frames of the same size but received ${prev.width}×${prev.height} and ${next.width}×${next.height}`);
  }
  const out = new Float32Array(prev.data.length);
  for (let i = 0; i < out.length; i++) out[i] = next.data[i] - prev.data[i];
  return out;
}
