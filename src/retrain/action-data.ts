import path from 'node:path';
import { openUcf101 } from '../datasets/ucf101.js';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { sampleClips } from '../tasks/action/clips.js';
import { stackFrames, type ClipStrip } from '../models/layers/clips.js';
import { findFfmpeg } from '../video/ffmpeg.js';
import { decodeFrames } from '../video/frames.js';
import { probeVideo } from '../video/probe.js';
import type { LoadLabelledOptions } from './data.js';
import { TrainingRng } from './rng.js';
import type { TrainingSet } from './task.js';

/** Frames per training clip: 7 RGB differences for the temporal stream. */
export const DEFAULT_CLIP_FRAMES = 8;

/** An action dataset held in memory: one clip per video (its frames as a filmstrip) and its class. */
export interface ActionClips extends TrainingSet {
  readonly images: ClipStrip[];
  readonly labels: number[];
  /** Video ids as the split lists name them ("MoveRight/v_MoveRight_test000000.avi"). */
  readonly ids: string[];
  /** The test splits each video is in (ActionMetric keeps accuracy per split). */
  readonly splits: number[][];
  /** Frames per clip. */
  readonly frames: number;
}

/**
 * Reads a UCF101-style folder into memory: the videos of the train lists (`role` train) or the test
 * lists (val, test), each decoded once and cut to its centred clip of `frames` frames — the clip
 * `run --task action --clips 1` scores; a shorter video repeats its last frame. Every clip must have
 * the first one's frame size. A missing or undecodable video fails here, before training, naming it.
 * Subsets: a seeded random one for training, the first N videos for testing (as `run --max-samples`).
 */
export async function loadActionClips(spec: string, role: 'train' | 'val' | 'test', options: LoadLabelledOptions & { frames?: number } = {}): Promise<ActionClips> {
  const frames = options.frames ?? DEFAULT_CLIP_FRAMES;
  const { maxSamples } = options;
  if (maxSamples !== undefined && (!Number.isInteger(maxSamples) || maxSamples < 1)) throw invalidParameter('integer of at least 1', 'max samples', maxSamples);
  const dataset = await openUcf101(path.resolve(spec), { list: role === 'train' ? 'train' : 'test' });
  const all = dataset.videos;
  const chosen = maxSamples === undefined || maxSamples >= all.length ? all
    : options.subset === 'sweep' ? all.slice(0, maxSamples)
    : new TrainingRng(options.seed ?? 0).permutation(all.length).slice(0, maxSamples).sort((a, b) => a - b).map((i) => all[i]);
  const ffmpeg = await findFfmpeg();
  const images = new Array<ClipStrip>(chosen.length);
  // ffmpeg decodes in its own processes: a few videos in flight keep the cores busy.
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < chosen.length) {
      const i = next++;
      const probe = await probeVideo(ffmpeg, chosen[i].path);
      const decoded: RgbImage[] = [];
      for await (const frame of decodeFrames(ffmpeg, { file: chosen[i].path }, probe)) decoded.push(frame);
      const [window] = sampleClips(decoded.length, { clips: 1, framesPerClip: frames });
      images[i] = stackFrames(window.map((k) => decoded[k]));
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  const first = images[0];
  for (const [i, clip] of images.entries()) {
    if (clip.width !== first.width || clip.height !== first.height) {
      throw new LossyvisionError('INVALID_FILE', `Expected every video to be ${first.width}×${first.height / frames} like the first but this one is ${clip.width}×${clip.height / frames}; resize the dataset to one size first`, { file: chosen[i].path });
    }
  }
  return {
    source: spec, images, frames, classes: dataset.classes,
    labels: chosen.map((v) => v.groundTruth.label),
    ids: chosen.map((v) => v.id),
    splits: chosen.map((v) => [...v.groundTruth.splits]),
  };
}
