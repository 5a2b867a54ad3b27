import { invalidParameter } from '../../errors.js';
import { readScalarPng } from '../../media/png16.js';
import type { DepthMap } from './types.js';

/**
 * Reads a KITTI/NYU-style depth PNG: stored value / depthScale = metres (KITTI 256, NYU in
 * millimetres 1000); 0 stays 0, "no ground truth". Gray 8- or 16-bit only, so a value is never
 * a colour.
 */
export async function readDepthPng(path: string, depthScale: number): Promise<DepthMap> {
  if (!(Number.isFinite(depthScale) && depthScale > 0)) throw invalidParameter('number > 0', 'depthScale', depthScale);
  const png = await readScalarPng(path);
  const data = new Float64Array(png.data.length);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i] / depthScale;
  return { width: png.width, height: png.height, data, file: path };
}
