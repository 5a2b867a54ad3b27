import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError, invalidParameter } from '../errors.js';
import { loadLayersModel, saveLayersModel } from '../models/layers/io.js';
import { writeFileAtomic } from '../files.js';
import type { ModelShape } from '../models/layers/shape.js';
import { buildPatchDiscriminator } from './architectures/patch-discriminator.js';
import { restoreOptimizerState, saveOptimizerState, type OptimizerManifest } from './optimizer-state.js';
import type { LossFunction } from './task.js';
import type { TrainStep } from './train-step.js';

export interface AdversarialOptions {
  /** Weight of the adversarial term next to the task loss (the generator minimises task + weight · adversarial). */
  weight: number;
  /** The task's own loss, the reconstruction term. */
  taskLoss: LossFunction;
  /**
   * What the discriminator sees of a target or prediction (e.g. log depth), and the real target
   * with its missing values filled from the prediction, so holes in sparse ground truth do not
   * tell real from fake.
   */
  encode(target: tf.Tensor): tf.Tensor;
  fillMissing(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor;
  shape: ModelShape;
  learningRate: number;
  seed: number;
}

const DISCRIMINATOR = 'discriminator';

/** Mean sigmoid cross-entropy of patch logits against an all-real (1) or all-fake (0) label. */
function patchLoss(logits: tf.Tensor, real: boolean): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(real ? tf.onesLike(logits) : tf.zerosLike(logits), logits) as tf.Scalar;
}

/**
 * Conditional adversarial training, as the study's depth GAN: each batch, first the generator
 * (the task model) takes one step on task loss + weight · non-saturating adversarial loss (the
 * discriminator should call its prediction real), then the discriminator one step on telling
 * (image, real target) from (image, prediction) — pix2pix's alternation. The discriminator
 * (architectures/patch-discriminator.ts) and its own Adam are saved in every checkpoint.
 */
export function adversarialStep(options: AdversarialOptions): TrainStep {
  const { weight, shape } = options;
  if (!(weight > 0) || !Number.isFinite(weight)) throw invalidParameter('positive number', 'adversarial weight', weight);
  let discriminator = buildPatchDiscriminator({ height: shape.height, width: shape.width, channels: shape.channels, targetChannels: shape.classes }, options.seed + 7919);
  const dOptimizer = tf.train.adam(options.learningRate, 0.5);
  const variables = (model: tfl.LayersModel): tf.Variable[] => model.trainableWeights.map((w) => w.read() as tf.Variable);
  const pair = (x: tf.Tensor, target: tf.Tensor): tf.Tensor => tf.concat([x, options.encode(target)], -1);
  return {
    settings: { adversarial: weight },
    async run(model, optimizer, x, y) {
      let fake: tf.Tensor | undefined;
      let taskValue: tf.Scalar | undefined;
      const gVars = variables(model);
      optimizer.minimize(() => {
        const prediction = model.apply(x, { training: true }) as tf.Tensor;
        fake = tf.keep(tf.clone(prediction));
        const task = options.taskLoss(y, prediction) as tf.Scalar;
        taskValue = tf.keep(tf.clone(task));
        const judged = discriminator.apply(pair(x, prediction), { training: true }) as tf.Tensor;
        return tf.add(task, tf.mul(weight, patchLoss(judged, true))) as tf.Scalar;
      }, false, gVars);
      const generated = fake!;
      dOptimizer.minimize(() => {
        const real = discriminator.apply(pair(x, options.fillMissing(y, generated)), { training: true }) as tf.Tensor;
        const judgedFake = discriminator.apply(pair(x, generated), { training: true }) as tf.Tensor;
        return tf.mul(0.5, tf.add(patchLoss(real, true), patchLoss(judgedFake, false))) as tf.Scalar;
      }, false, variables(discriminator));
      const value = (await taskValue!.data())[0];
      tf.dispose([generated, taskValue!]);
      return value;
    },
    async save(folder) {
      await saveLayersModel(discriminator, path.join(folder, DISCRIMINATOR));
      const manifest = await saveOptimizerState(dOptimizer, path.join(folder, DISCRIMINATOR, 'optimizer.bin'));
      await writeFileAtomic(path.join(folder, DISCRIMINATOR, 'optimizer.json'), JSON.stringify(manifest));
    },
    async restore(folder) {
      discriminator.dispose();
      discriminator = await loadLayersModel(path.join(folder, DISCRIMINATOR));
      const file = path.join(folder, DISCRIMINATOR, 'optimizer.json');
      const manifest = JSON.parse(await readFile(file, 'utf8').catch((error: unknown) => {
        throw new LossyvisionError('INVALID_FILE', 'Expected the discriminator\'s optimizer state in the checkpoint but it cannot be read', { file }, { cause: error });
      })) as OptimizerManifest;
      await restoreOptimizerState(dOptimizer, path.join(folder, DISCRIMINATOR, 'optimizer.bin'), manifest);
    },
    dispose() {
      discriminator.dispose();
      dOptimizer.dispose();
    },
  };
}
