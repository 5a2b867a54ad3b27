import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import { metricDepthPrediction } from '../../models/adapters/layers-depth.js';
import { depthModelShape, type ModelShape } from '../../models/layers/shape.js';
import { imagesToTensor } from '../../models/layers/tensors.js';
import { AlignedDepthMetric } from '../../tasks/depth/task.js';
import { buildReferenceDepthNet } from '../architectures/depthnet.js';
import { checkDepthMaps, depthsToTensor, loadDepthImages, type DepthImages } from '../depth-data.js';
import { adversarialStep } from '../adversarial.js';
import { maskedLogL1, MIN_VALID_DEPTH } from '../depth-loss.js';
import type { RetrainTask } from '../task.js';

/**
 * δ < 1.25 ("a1") of a Layers depth network on images against their depth maps: batched
 * inference at the model's size, each map resized to its ground truth's size and scored as
 * metric depth with the depth metric `run --task depth` uses, at its default settings.
 */
export async function depthDelta1(model: tfl.LayersModel, images: readonly RgbImage[], data: DepthImages, shape: ModelShape, batchSize = 64): Promise<number | null> {
  if (images.length === 0) return null;
  const metric = new AlignedDepthMetric();
  const plane = shape.height * shape.width;
  for (let start = 0; start < images.length; start += batchSize) {
    const out = tf.tidy(() => model.predict(imagesToTensor(images.slice(start, start + batchSize), shape)) as tf.Tensor);
    const values = (await out.data()) as Float32Array;
    out.dispose();
    for (let n = 0; n * plane < values.length; n++) {
      const gt = data.depths[start + n];
      metric.update(metricDepthPrediction(values.subarray(n * plane, (n + 1) * plane), shape.width, shape.height, gt), gt);
    }
  }
  return metric.compute().delta1;
}

/** Monocular depth: metric depth per pixel, masked log-L1 loss, δ < 1.25; `ref:depthnet`. */
export const depthRetrainTask: RetrainTask<DepthImages> = {
  id: 'depth',
  metric: 'delta1',
  metricLabel: 'δ < 1.25',
  reference: {
    id: 'ref:depthnet',
    shape: (data) => ({ height: data.images[0].height, width: data.images[0].width, channels: 3, classes: 1 }),
    build: (shape, seed) => buildReferenceDepthNet(shape, seed),
  },
  modelShape: depthModelShape,
  load: (dataset, source, options) => loadDepthImages(dataset, source, options),
  checkLabels: (data) => checkDepthMaps(data),
  loss: maskedLogL1,
  targets: (data, indices, shape) => depthsToTensor(indices.map((i) => data.depths[i]), shape.height, shape.width),
  score: (model, images, data, shape) => depthDelta1(model, images, data, shape),
  // The metric's defaults, as `run --task depth` without flags: no caps, no crop.
  sweepTaskOptions: () => ({}),
  // The study's depth GAN: the discriminator judges (image, log depth); pixels without ground truth take the prediction.
  adversarial: (weight, shape, learningRate, seed) => adversarialStep({
    weight, shape, learningRate, seed, taskLoss: maskedLogL1,
    encode: (depth) => tf.log(tf.maximum(depth, MIN_VALID_DEPTH)),
    fillMissing: (target, prediction) => tf.where(tf.greater(target, MIN_VALID_DEPTH), target, prediction),
  }),
};
