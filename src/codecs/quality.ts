import type { LevelSpec } from './codec.js';

/** The 1–100 quality knob shared by jpeg, mozjpeg, webp and avif (most compressed at 1). */
export const QUALITY: LevelSpec = { name: 'quality', min: 1, max: 100, integer: true, mostCompressed: 'min', default: 75 };
