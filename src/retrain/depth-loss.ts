import * as tf from '@tensorflow/tfjs-core';

/** Ground truth at or below this many metres is "no ground truth" (the depth metric's minDepthM default). */
export const MIN_VALID_DEPTH = 1e-3;

/** Predictions are floored here before the logarithm, so an early near-zero output cannot give −∞. */
const FLOOR = 1e-3;

/**
 * The depth training loss: mean |log(prediction) − log(ground truth)| over the batch's valid
 * pixels (ground truth > MIN_VALID_DEPTH; 0 marks a pixel without ground truth, as in KITTI), one
 * scalar per batch. In log space an error counts by its ratio, as δ < 1.25 and abs rel do, so a
 * metre near the camera weighs more than a metre at the wall. A batch with no valid pixel gives 0.
 */
export function maskedLogL1(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const valid = tf.cast(tf.greater(yTrue, MIN_VALID_DEPTH), 'float32');
    const diff = tf.abs(tf.sub(tf.log(tf.maximum(yPred, FLOOR)), tf.log(tf.maximum(yTrue, FLOOR))));
    return tf.div(tf.sum(tf.mul(diff, valid)), tf.maximum(tf.sum(valid), 1));
  });
}
