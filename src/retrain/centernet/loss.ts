import * as tf from '@tensorflow/tfjs-core';
import type { LossFunction } from '../task.js';

/** The paper's weights: heatmap focal loss 1, size L1 0.1, offset L1 1. */
export const CENTERNET_LOSS_WEIGHTS = { size: 0.1, offset: 1 } as const;

/** Heatmap probabilities are clamped here before the logs, as CenterNet's `_sigmoid` does. */
const CLAMP = 1e-4;

/**
 * CenterNet's training loss (Zhou et al. 2019, eq. 1–3), on tensors laid
 * out as the network's output and encodeCenterNet's target, [N, h, w, classes + 4]:
 *   focal = −1/P · Σ { (1 − p)^α log p                 where y = 1
 *                      (1 − y)^β p^α log(1 − p)          elsewhere },  α = 2, β = 4
 *   size, offset = Σ over centre cells and both coordinates |pred − target| / (2P + 1e-4)
 *   loss = focal + 0.1 · size + 1 · offset
 * with P the number of objects (centre cells, y = 1) in the batch, at least 1 for the focal term
 * (CenterNet's `_neg_loss` and `RegL1Loss`). Returns a scalar: the batch's loss, not a mean over it.
 */
export const centerNetLoss: LossFunction = (yTrue, yPred) => tf.tidy(() => {
  // The class count is the model's: whatever precedes the four size and offset channels.
  const classes = yPred.shape[yPred.shape.length - 1]! - 4;
  const heatTrue = tf.slice(yTrue, [0, 0, 0, 0], [-1, -1, -1, classes]);
  const heatPred = tf.clipByValue(tf.slice(yPred, [0, 0, 0, 0], [-1, -1, -1, classes]), CLAMP, 1 - CLAMP);
  const positive = tf.cast(tf.equal(heatTrue, 1), 'float32');
  const negative = tf.sub(1, positive);
  const negWeight = tf.square(tf.square(tf.sub(1, heatTrue)));
  const posLoss = tf.sum(tf.mul(tf.mul(tf.log(heatPred), tf.square(tf.sub(1, heatPred))), positive));
  const negLoss = tf.sum(tf.mul(tf.mul(tf.mul(tf.log(tf.sub(1, heatPred)), tf.square(heatPred)), negWeight), negative));
  const objects = tf.sum(positive);
  const focal = tf.div(tf.neg(tf.add(posLoss, negLoss)), tf.maximum(objects, 1));
  // A cell is an object's centre when any class heatmap is 1 there.
  const centres = tf.max(positive, -1, true);
  const l1 = (from: number): tf.Tensor => {
    const diff = tf.abs(tf.sub(tf.slice(yPred, [0, 0, 0, classes + from], [-1, -1, -1, 2]), tf.slice(yTrue, [0, 0, 0, classes + from], [-1, -1, -1, 2])));
    return tf.div(tf.sum(tf.mul(diff, centres)), tf.add(tf.mul(tf.sum(centres), 2), 1e-4));
  };
  return tf.addN([focal, tf.mul(l1(0), CENTERNET_LOSS_WEIGHTS.size), tf.mul(l1(2), CENTERNET_LOSS_WEIGHTS.offset)]);
});
