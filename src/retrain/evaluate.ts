import type * as tfl from '@tensorflow/tfjs-layers';
import { getImageCodec } from '../codecs/registry.js';
import type { CodecLevels } from '../codecs/levels.js';
import type { RgbImage } from '../media/image.js';
import type { RetrainTask, TrainingSet } from './task.js';

/** One test condition: pristine, or a codec at a level, with what it cost in bits. */
export interface TestCondition {
  /** "pristine" or "jpeg:10". */
  label: string;
  codec: string | null;
  level: number | null;
  /** Mean bits per pixel of the test images at this condition (null for pristine). */
  bpp: number | null;
  n: number;
}

export interface ModelScores {
  /** Column name: "pre-trained", "retrained jpeg:10". */
  name: string;
  /** The task's score (top-1, mIoU) per condition label. */
  values: Record<string, number | null>;
}

/**
 * Scores several models on the test images at pristine and every test level: each level's
 * images are compressed once and shared by all models. The task's score is computed directly
 * from batched inference (the sweep engine loads models from files in workers; these live in memory).
 */
export async function evaluateAcrossLevels<D extends TrainingSet>(
  task: RetrainTask<D>,
  models: readonly { name: string; model: tfl.LayersModel }[],
  test: D,
  codecs: readonly CodecLevels[],
  onCondition?: (label: string) => void,
): Promise<{ conditions: TestCondition[]; scores: ModelScores[] }> {
  const scores: ModelScores[] = models.map((m) => ({ name: m.name, values: {} }));
  const conditions: TestCondition[] = [];
  const score = async (label: string, images: readonly RgbImage[]): Promise<void> => {
    onCondition?.(label);
    for (const [i, m] of models.entries()) scores[i].values[label] = await task.score(m.model, images, test, task.modelShape(m.model, m.name));
  };
  conditions.push({ label: 'pristine', codec: null, level: null, bpp: null, n: test.images.length });
  await score('pristine', test.images);
  for (const spec of codecs) {
    for (const level of spec.levels) {
      const { images, bits, pixels } = await compressTestSet(task, test.images, spec, level);
      const label = `${spec.codec}:${level}`;
      conditions.push({ label, codec: spec.codec, level, bpp: pixels ? bits / pixels : null, n: images.length });
      await score(label, images);
    }
  }
  return { conditions, scores };
}

/** The test samples at one level: through the task's own compression (video clips) or each image through the image codec. */
async function compressTestSet<D extends TrainingSet>(task: RetrainTask<D>, images: readonly RgbImage[], spec: CodecLevels, level: number): Promise<{ images: RgbImage[]; bits: number; pixels: number }> {
  if (task.compress) return task.compress(images, images.map(() => level), spec.codec, spec.params);
  const codec = getImageCodec(spec.codec);
  let bits = 0;
  let pixels = 0;
  const decoded = await Promise.all(images.map(async (image) => {
    const result = await codec.encode(image, level, spec.params as Record<string, string | number | boolean>);
    bits += 8 * result.bytes;
    pixels += image.width * image.height;
    return result.decoded;
  }));
  return { images: decoded, bits, pixels };
}
