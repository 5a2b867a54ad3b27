import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * A training step other than `model.trainOnBatch` with the task's loss — for losses the Layers
 * engine cannot express, such as an adversarial one with a second network trained alternately.
 * The training loop calls `run` once per batch; whatever the step owns besides the model and
 * its optimizer (a discriminator and its optimizer) it saves into each epoch's checkpoint folder
 * and restores from it, so a resumed run goes on exactly where it stopped.
 */
export interface TrainStep {
  /** Settings that make runs differ; part of the checkpoint's fingerprint. */
  readonly settings: Record<string, unknown>;
  /** One optimisation step on a batch with the model's optimizer; answers the task loss to report. */
  run(model: tfl.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): Promise<number>;
  save(folder: string): Promise<void>;
  restore(folder: string): Promise<void>;
  dispose(): void;
}
