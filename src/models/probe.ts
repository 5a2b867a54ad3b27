import type { RgbImage } from '../media/image.js';

/**
 * The image every model is checked on at load: flat mid-grey, 64×48. Any image works, it only
 * has to reach the outputs. One shared object, so a model that has answered it at load
 * (`Model.probePrediction`) need not run it again for another check.
 */
export const PROBE_IMAGE: RgbImage = Object.freeze({ width: 64, height: 48, data: new Uint8Array(64 * 48 * 3).fill(128) });
