import type * as tfl from '@tensorflow/tfjs-layers';
import { getImageCodec } from '../codecs/registry.js';
import type { CodecLevels } from '../codecs/levels.js';
import type { RgbImage } from '../media/image.js';
import type { LabelledImages } from './data.js';
import { classifierShape } from './layers-io.js';
import { top1 } from './train.js';

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
  /** Top-1 accuracy per condition label. */
  top1: Record<string, number | null>;
}

/**
 * Scores several classifiers on the test images at pristine and every test level: each level's
 * images are compressed once and shared by all models. Top-1 is counted directly from batched
 * inference (the sweep engine loads models from files in workers; these live in memory).
 */
export async function evaluateAcrossLevels(
  models: readonly { name: string; model: tfl.LayersModel }[],
  test: LabelledImages,
  codecs: readonly CodecLevels[],
  onCondition?: (label: string) => void,
): Promise<{ conditions: TestCondition[]; scores: ModelScores[] }> {
  const scores: ModelScores[] = models.map((m) => ({ name: m.name, top1: {} }));
  const conditions: TestCondition[] = [];
  const score = async (label: string, images: readonly RgbImage[]): Promise<void> => {
    onCondition?.(label);
    for (const [i, m] of models.entries()) scores[i].top1[label] = await top1(m.model, images, test.labels, classifierShape(m.model, m.name));
  };
  conditions.push({ label: 'pristine', codec: null, level: null, bpp: null, n: test.images.length });
  await score('pristine', test.images);
  for (const spec of codecs) {
    const codec = getImageCodec(spec.codec);
    for (const level of spec.levels) {
      let bits = 0;
      let pixels = 0;
      const images = await Promise.all(test.images.map(async (image) => {
        const result = await codec.encode(image, level, spec.params as Record<string, string | number | boolean>);
        bits += 8 * result.bytes;
        pixels += image.width * image.height;
        return result.decoded;
      }));
      const label = `${spec.codec}:${level}`;
      conditions.push({ label, codec: spec.codec, level, bpp: pixels ? bits / pixels : null, n: images.length });
      await score(label, images);
    }
  }
  return { conditions, scores };
}
