/** Synthetic clips with known motion and colour, cut from a demo photo. */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { RgbImage } from '../../../src/media/image.js';
import { findFfmpeg } from '../../../src/video/ffmpeg.js';

const PHOTO = new URL('../../../demo/photos/chelsea.png', import.meta.url).pathname;

let photo: Promise<RgbImage> | undefined;

export function loadPhoto(): Promise<RgbImage> {
  photo ??= sharp(PHOTO)
    .resize(300, 300)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .then(({ data, info }) => ({ width: info.width, height: info.height, data: new Uint8Array(data) }));
  return photo;
}

export interface MovingPatch {
  readonly size: number;
  readonly frames: number;
  /** Content moves by (dx, dy) px per frame. */
  readonly dx: number;
  readonly dy: number;
  /** Per-channel gain, e.g. [1.3, 1, 0.6] for a red tint. */
  readonly tint?: readonly [number, number, number];
}

/** Frames of a window onto the photo sliding so that the content moves by (dx, dy) px per frame. */
export async function movingPatch(p: MovingPatch): Promise<RgbImage[]> {
  const src = await loadPhoto();
  const tint = p.tint ?? [1, 1, 1];
  return Array.from({ length: p.frames }, (_, t) => {
    const ox = 120 - t * p.dx;
    const oy = 120 - t * p.dy;
    const data = new Uint8Array(p.size * p.size * 3);
    for (let y = 0; y < p.size; y++) {
      for (let x = 0; x < p.size; x++) {
        for (let c = 0; c < 3; c++) data[(y * p.size + x) * 3 + c] = Math.min(255, Math.round(src.data[((y + oy) * src.width + x + ox) * 3 + c] * tint[c]));
      }
    }
    return { width: p.size, height: p.size, data };
  });
}

/** Writes frames as a lossless FFV1 video (.mkv/.avi). */
export async function writeLosslessVideo(file: string, frames: readonly RgbImage[]): Promise<void> {
  const ffmpeg = await findFfmpeg();
  await mkdir(dirname(file), { recursive: true });
  const raw = `${file}.rgb`;
  await writeFile(raw, Buffer.concat(frames.map((f) => Buffer.from(f.data))));
  const { width, height } = frames[0];
  await promisify(execFile)(ffmpeg.path, ['-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${width}x${height}`, '-framerate', '25', '-i', raw, '-c:v', 'ffv1', '-pix_fmt', 'bgr0', '-y', file]);
}
