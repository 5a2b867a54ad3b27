/** A tiny UCF101-style dataset and a two-stream ONNX model built for it, shared by the action sweep and CLI tests. */
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { linearMeanGraph } from '../models/adapters/video-graphs.js';
import { movingPatch, writeLosslessVideo } from '../tasks/action/clip-fixtures.js';

const RED: [number, number, number] = [1.4, 1, 0.5];
const BLUE: [number, number, number] = [0.5, 1, 1.4];
/** Flow frames the temporal stream stacks. */
const L = 3;

/**
 * Two classes by motion ("right", "down"); the tint agrees with the class in half of the videos,
 * so only the temporal stream can be always right. Split 1 holds four videos and an unreadable
 * one, split 2 the two whose tint agrees. Returns the two-stream config file.
 */
export async function writeTwoStreamUcf(root: string): Promise<string> {
  const videos: [string, number, number, [number, number, number]][] = [
    ['right/v_right_g01_c01.mkv', 2, 0, RED],
    ['right/v_right_g02_c01.mkv', 2, 0, BLUE],
    ['down/v_down_g01_c01.mkv', 0, 2, BLUE],
    ['down/v_down_g02_c01.mkv', 0, 2, RED],
  ];
  for (const [file, dx, dy, tint] of videos) await writeLosslessVideo(join(root, file), await movingPatch({ size: 32, frames: 10, dx, dy, tint }));
  await mkdir(join(root, 'broken'), { recursive: true });
  writeFileSync(join(root, 'right', 'v_right_g03_c01.mkv'), 'not a video');
  writeFileSync(join(root, 'classInd.txt'), '1 right\n2 down\n');
  writeFileSync(join(root, 'testlist01.txt'), `${videos.map((v) => v[0]).join('\n')}\nright/v_right_g03_c01.mkv\n`);
  writeFileSync(join(root, 'testlist02.txt'), `${videos[0][0]}\n${videos[2][0]}\n`);
  writeFileSync(join(root, 'spatial.onnx'), linearMeanGraph([1, 3, 32, 32], [2, 3], [[1, -1], [0, 0], [-1, 1]]));
  writeFileSync(join(root, 'temporal.onnx'), linearMeanGraph([1, 2 * L, 32, 32], [2, 3], Array.from({ length: 2 * L }, (_, c) => (c % 2 === 0 ? [10, -10] : [-10, 10]))));
  const modelFile = join(root, 'two-stream.json');
  writeFileSync(modelFile, JSON.stringify({ spatial: { model: 'spatial.onnx', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] }, temporal: { model: 'temporal.onnx' } }));
  return modelFile;
}
